import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SpawnedServer, spawnServer } from "../helpers/spawn";

/** The ```sh blocks of the README's "API tour" section, in order. */
function tourBlocks(readme: string): string[] {
  const start = readme.indexOf("\n## API tour\n");
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

// Records every curl the tour makes (its arguments and its answer) without changing what it does.
const RECORDING_CURL = `curl() {
  local rec; rec=$(mktemp -d "$TOUR_LOG/call.XXXXXX")
  printf '%s\\n' "$*" > "$rec/args"
  command curl "$@" | tee "$rec/body"
}
`;

const dir = mkdtempSync(path.join(tmpdir(), "caravan-tour-"));
let server: SpawnedServer;
beforeAll(async () => {
  server = await spawnServer(
    { DATA_DIR: path.join(dir, "data"), DATABASE_URL: "" },
    { ready: /cvn_demo_billing_zju4/ },
  );
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the README's API tour", () => {
  const blocks = tourBlocks(readFileSync("README.md", "utf8"));
  const script = blocks.join("\n");
  const curls = script.match(/\bcurl\b(?!\()/g)?.length ?? 0;

  it("is robust: strict bash, every curl fails on an HTTP error, nothing hard-codes a date", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(blocks[0]!.trimStart().startsWith("set -euo pipefail")).toBe(true);
    expect(curls).toBeGreaterThanOrEqual(15);
    expect(script.match(/\bcurl -fsS\b/g)?.length).toBe(curls);
    expect(script).not.toMatch(/20\d\d-\d\d-\d\d/);
  });

  it("runs against a freshly started server: every command succeeds with a non-empty answer", async () => {
    const log = path.join(dir, "calls");
    rmSync(log, { recursive: true, force: true });
    mkdirSync(log);
    await new Promise<void>((resolve, reject) => {
      execFile(
        "bash",
        ["-c", `${RECORDING_CURL}\n${script}`],
        { env: { ...process.env, B: server.url, TOUR_LOG: log }, timeout: 60_000, maxBuffer: 16 << 20 },
        (err, _stdout, stderr) => (err ? reject(new Error(`the tour failed (${err.message}):\n${stderr}`)) : resolve()),
      );
    });
    const calls = readdirSync(log).map((d) => ({
      args: readFileSync(path.join(log, d, "args"), "utf8").trim(),
      body: readFileSync(path.join(log, d, "body"), "utf8"),
    }));
    expect(calls).toHaveLength(curls);
    for (const { args, body } of calls) {
      expect(body.trim(), args).not.toBe("");
      const json = JSON.parse(body);
      if (Array.isArray(json.data)) expect(json.data.length, args).toBeGreaterThan(0);
    }
    const last = JSON.parse(calls.find((c) => c.args.includes("/cancel "))?.body ?? "{}");
    expect(last.status).toBe("cancelled");
  }, 90_000);
});
