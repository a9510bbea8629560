/**
 * Runs one workload against the server: the load generator in a process of its own (worker.ts),
 * the server's CPU time and its time inside SQLite read over the measured run only.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { ROOT } from "../common";
import { cpuSeconds } from "../server";
import type { WorkerOutput, WorkerSpec } from "./worker";

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));

export type LoadResult = WorkerOutput & { cpuUsPerReq: number; cpuBusy: number; sqlUsPerReq: number };

/**
 * Waits until the in-process outbox dispatcher has sent every pending notification (sign-ups and
 * holds enqueue mail), so its rendering does not run inside the next measurement. Returns how
 * many were pending at first and how long the wait took.
 */
export async function drainOutbox(
  file: string,
  timeoutMs = 45_000,
): Promise<{ pending: number; seconds: number; left: number }> {
  const db = new SQLite(file, { readonly: true });
  db.pragma("busy_timeout = 5000");
  const count = () =>
    (db.prepare("select count(*) as n from notifications where status = 'pending'").get() as { n: number }).n;
  const t0 = performance.now();
  const pending = count();
  let left = pending;
  while (left > 0 && performance.now() - t0 < timeoutMs) {
    await new Promise((r) => setTimeout(r, 250));
    left = count();
  }
  db.close();
  return { pending, seconds: (performance.now() - t0) / 1000, left };
}

/** The server's time inside SQLite so far (GET /__bench/sql, served in benchmark mode only). */
async function sqlMicros(base: string): Promise<number> {
  const r = (await (await fetch(`${base}/__bench/sql`)).json()) as { micros: number } | null;
  return r?.micros ?? NaN;
}

/**
 * Runs one workload in a separate load-generator process; measures the server's CPU time (and its
 * time inside SQLite) over the measured run.
 */
export async function load(spec: WorkerSpec, tmp: string, name: string, serverPid: number): Promise<LoadResult> {
  const file = path.join(tmp, `spec-${name}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const child = spawn(process.execPath, ["--import", "tsx", WORKER], {
    cwd: ROOT,
    env: { ...process.env, BENCH_WORKER: file },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  let cpu0 = NaN;
  let t0 = NaN;
  let sql0: Promise<number> = Promise.resolve(NaN);
  child.stdout!.on("data", (d) => {
    out += d;
    if (Number.isNaN(cpu0) && out.includes("measure\n")) {
      cpu0 = cpuSeconds(serverPid);
      t0 = performance.now();
      sql0 = sqlMicros(spec.url);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const cpu = cpuSeconds(serverPid) - cpu0;
  const wall = (performance.now() - t0) / 1000;
  const sql = (await sqlMicros(spec.url)) - (await sql0);
  const line = out.trim().split("\n").pop() ?? "";
  if (code !== 0 || !line.startsWith("{")) throw new Error(`load generator for ${name} failed (exit ${code}): ${out}`);
  const r = JSON.parse(line) as WorkerOutput;
  return { ...r, cpuUsPerReq: (cpu * 1e6) / r.total, cpuBusy: cpu / wall, sqlUsPerReq: sql / r.total };
}
