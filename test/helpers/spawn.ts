import { type ChildProcess, spawn } from "node:child_process";

export interface SpawnedServer {
  url: string;
  output: () => string;
  /** SIGTERM and wait for exit; returns the exit code. */
  stop: () => Promise<number | null>;
  /** SIGKILL: no cleanup at all. */
  kill: () => Promise<void>;
  child: ChildProcess;
}

export const UNREACHED_RATE_LIMITS = {
  RATE_LIMIT_PER_IP: "10000000",
  RATE_LIMIT_PER_TOKEN: "10000000",
  RATE_LIMIT_AUTH: "10000000",
};

/**
 * Starts the built entry (`dist/entry/node.mjs`, built by the global setup) as `npm start` does, on a random port, and
 * waits until it listens.
 */
export async function spawnServer(
  env: Record<string, string>,
  opts: { ready?: RegExp; timeoutMs?: number } = {},
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, ["dist/entry/node.mjs"], {
    // Rate limiting stays on (as in production) with budgets no test reaches, unless a test sets its own.
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", ...UNREACHED_RATE_LIMITS, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start in time:\n${out}`)), opts.timeoutMs ?? 45_000);
    const check = () => {
      const m = /listening on (http:\/\/localhost:\d+)/.exec(out);
      if (m?.[1] && (!opts.ready || opts.ready.test(out))) {
        clearTimeout(timer);
        resolve(m[1].replace("localhost", "127.0.0.1"));
      }
    };
    child.stdout!.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
    kill: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
}
