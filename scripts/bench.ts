/**
 * `npm run bench` (second part): the parity report over 1,000,000 medical lines on the embedded default
 * (a SQLite file, WAL), served over real HTTP by a separate server process started exactly as
 * `npm start` starts it (`npm run -s build`, then `node dist/entry/node.mjs` on the bench's
 * DATA_DIR). This process builds the data set and is only the HTTP client: the server does not
 * share its event loop with the client that downloads the 115–340 MB of each report.
 * Each format: BENCH_RUNS timed runs (their median is held to the goal), then one run with bare
 * GET /health requests sent alongside, one after another, for the latency of other requests
 * during a report (its own duration is shown beside them, not in the median).
 * Goal (issue 3, acceptance 5): ≤ 2 s for 1M lines. Always exits 0 (unless the bench itself
 * fails); missed goals, and any mismatch with the data set, are printed and counted.
 *
 * Not a test: it takes about a minute and writes ~0.5 GB to a temporary directory it removes.
 * Options: BENCH_LINES (default 1000000), BENCH_RUNS (default 3), BENCH_KEEP=1 keeps the
 * temporary directory (and its database), BENCH_PROFILE=1 adds a stage breakdown without HTTP
 * (the SQL floor, each report line source, the verdict rules, the report writer, then the whole
 * report; scripts/bench/parity/profile.ts, about a minute more).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedDemo } from "../db/seed/demo";
import { type DatabaseHandle, openSqlite } from "../src/data/connect-node";
import { migrateToLatest } from "../src/data/migrate";
import { buildNodeDeps } from "../src/entry/node-deps";
import { parseEnv } from "../src/env";
import type { ServiceDeps } from "../src/services/context";
import { fmt, log } from "./bench/common";
import { type FormatRuns, bareRate, fetchReport, mismatches } from "./bench/parity/client";
import { type Expected, FROM, HOSPITAL, LINES, TO, bulkLoad } from "./bench/parity/data";
import { profileStages } from "./bench/parity/profile";
import { printReport } from "./bench/parity/report";
import { type BenchServer, rssMb, startBenchServer } from "./bench/server";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PROFILE = process.env.BENCH_PROFILE === "1";

/**
 * The data set, built in this process: migrate and seed as src/entry/node.ts would on this
 * DATA_DIR (its keys are kept there, so the server reads the seeded data with the same keys), then
 * the bulk load.
 */
async function buildDataSet(dir: string): Promise<{ handle: DatabaseHandle; deps: ServiceDeps; expected: Expected }> {
  const env = parseEnv({ DATA_DIR: dir, LOG_LEVEL: "warn", HOST: "127.0.0.1", PORT: "0" });
  const file = path.join(dir, "caravan.sqlite");
  const handle = openSqlite(file);
  const { deps } = await buildNodeDeps(env, { handle });
  await migrateToLatest(handle.db);
  await seedDemo(handle.db, { now: deps.clock.now(), encrypt: deps.cipher.encrypt });
  log(`bench: loading ${fmt(LINES)} medical lines into ${file} …`);
  const t0 = performance.now();
  const expected = bulkLoad(file);
  const violations = fmt(expected.lines - expected.parity);
  log(`bench: loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s (${violations} violations)`);
  return { handle, deps, expected };
}

/**
 * Each format: RUNS timed downloads, then one more, not timed with the others, with bare GET
 * /health requests sent one after another while it streams (they cost the server and this client
 * CPU the timed runs do not share).
 */
async function downloads(base: string, pid: number): Promise<FormatRuns[]> {
  const reportUrl = `${base}/v1/hospitals/${HOSPITAL}/parity-report?from=${FROM}&to=${TO}`;
  const results: FormatRuns[] = [];
  for (const csv of [true, false]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      log(`bench: parity report ${csv ? "CSV" : "JSON"} run ${i + 1}/${RUNS} …`);
      runs.push(await fetchReport(reportUrl, csv, pid));
    }
    log(`bench: parity report ${csv ? "CSV" : "JSON"} with GET /health alongside …`);
    const probed = await fetchReport(reportUrl, csv, pid, `${base}/health`);
    results.push({ name: csv ? "CSV" : "JSON", runs, probed });
  }
  return results;
}

async function main() {
  const started = performance.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), "caravan-bench-"));
  let server: BenchServer | undefined;
  let close: (() => Promise<void>) | undefined;
  const onSignal = () => void (server?.stop() ?? Promise.resolve()).then(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const { handle, deps, expected } = await buildDataSet(dir);
    close = () => handle.close();
    // The profile reads through this handle later; otherwise the server is the only user of the file.
    if (!PROFILE) {
      await handle.close();
      close = undefined;
    }
    log("bench: starting the server (npm run -s build; node dist/entry/node.mjs) …");
    server = await startBenchServer({ dataDir: dir, env: { BENCH_HELLO: "0" } });
    const { url: base, pid } = server;
    log(`bench: server pid ${pid} on ${base}`);
    log("bench: baseline GET /health …");
    await bareRate(`${base}/health`, 0.3);
    const bare = await bareRate(`${base}/health`, 2);
    const results = await downloads(base, pid);
    const reportUrl = `${base}/v1/hospitals/${HOSPITAL}/parity-report?from=${FROM}&to=${TO}`;
    const problems = await mismatches(reportUrl, results, expected);
    const summary = results.find((r) => r.name === "JSON")!.runs[0]!.summary;
    const rss = rssMb(pid);
    await server.stop();
    server = undefined;
    const profile = PROFILE ? await profileStages(path.join(dir, "caravan.sqlite"), handle, deps) : [];
    printReport({ expected, results, bare, summary, problems, pid, rssMb: rss, profile, started });
  } finally {
    if (server) await server.stop();
    if (close) await close();
    if (process.env.BENCH_KEEP === "1") log(`bench: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
