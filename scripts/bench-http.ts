/**
 * `npm run bench` (first part): the HTTP speed goals of issue 6, measured against the real server.
 *
 * Builds and starts `dist/entry/node.mjs` as a child process exactly as `npm start` does, on the embedded default
 * (a SQLite file in a temporary DATA_DIR, demo data seeded), with `BENCH_HELLO=1` so the same process
 * also serves the bare `GET /__bench/hello` baseline. It then makes the data set realistic (≈5,100 more
 * flights and 500 hotels near hsp_xjph written straight into the SQLite file, which WAL allows while
 * the server runs; patients and ≈2,000 six-component itineraries created over HTTP) and drives each
 * workload with autocannon in a separate process (scripts/bench/http/worker.ts):
 * 10 connections, pipelining 1, 2 s warm-up then 8 s measured. The goals are ratios to the hello
 * route measured in the same run (mean of a first and a last hello run); reads at 50 connections
 * are judged on p99. The pure pricing module and the server's RSS after load are measured too.
 * Beside req/s the table shows the server's CPU time per request (from /proc/<pid>/stat over the
 * measured run): on a shared machine that is steadier than req/s, and hello's CPU per request
 * divided by a workload's is the ratio it would reach with the server alone on a core. Before the
 * workloads, and again after the holds, it waits for the in-process outbox dispatcher to send the
 * mail those requests enqueued, so that rendering does not land inside another measurement.
 *
 * Not a test: it takes two to three minutes and always exits 0 (goals missed are printed).
 * Options: BENCH_DURATION (s, default 8), BENCH_WARMUP (s, default 2), BENCH_ITINERARIES (default
 * 2000), BENCH_HOLD_DRAFTS (default: enough for 2.5× the hold rate seen while setting up),
 * BENCH_ONLY=hello,flights,itinerary,quote,hold,reads50 (a subset), BENCH_CPU_PROF=1 (the server
 * writes a .cpuprofile into BENCH_CPU_PROF_DIR, default ./bench-profiles), BENCH_KEEP=1 (keep the
 * temporary directory and its database).
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fmt, loadAverage, log } from "./bench/common";
import { TOKENS } from "./bench/http/client";
import { type LoadResult, drainOutbox, load } from "./bench/http/load";
import { benchPricing } from "./bench/http/pricing";
import { printReport } from "./bench/http/report";
import { type Setup, setUp } from "./bench/http/setup";
import type { WorkerSpec } from "./bench/http/worker";
import { type BenchServer, rssMb, startBenchServer } from "./bench/server";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);
const ITINERARIES = Number(process.env.BENCH_ITINERARIES ?? 2000);
const HOLD_DRAFTS = Number(process.env.BENCH_HOLD_DRAFTS ?? 0);
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",")) : null;
const CONNECTIONS = 10;

/** The workloads in order, each after the outbox is drained; hello first and last (the baseline). */
async function runWorkloads(server: BenchServer, tmp: string, dbFile: string, s: Setup) {
  const common = { url: server.url, connections: CONNECTIONS, warmupS: WARMUP_S, durationS: DURATION_S };
  const agentJson = { authorization: `Bearer ${TOKENS.agent}`, "content-type": "application/json" };
  const agent = { authorization: `Bearer ${TOKENS.agent}` };
  const readIds = s.itineraries.map((i) => i.id);
  const results: Record<string, LoadResult> = {};
  const drain = async (when: string) => {
    const d = await drainOutbox(dbFile);
    if (d.pending > 0)
      log(
        `outbox ${when}: ${fmt(d.pending)} notifications sent by the in-process dispatcher ` +
          `in ${d.seconds.toFixed(1)} s${d.left > 0 ? ` (${d.left} still pending)` : ""}`,
      );
  };
  const step = async (name: string, spec: WorkerSpec) => {
    if (ONLY && !ONLY.has(name.replace(/2$/, ""))) return;
    await drain(`before ${name}`);
    const r = await load(spec, tmp, name, server.pid);
    results[name] = r;
    const extra = r.used !== undefined ? `, drafts used ${fmt(r.used)} of ${fmt(r.available ?? 0)}` : "";
    log(
      `  ${name.padEnd(10)} RSS ${rssMb(server.pid).toFixed(0)} MB ${fmt(r.rps).padStart(7)} req/s  ` +
        `p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors + r.timeouts}  ` +
        `server CPU ${fmt(r.cpuUsPerReq)} µs/req (in SQLite ${fmt(r.sqlUsPerReq)}), ` +
        `${(r.cpuBusy * 100).toFixed(0)}% busy  (${fmt(r.total)} in ${r.durationS.toFixed(1)} s${extra})`,
    );
  };

  log(
    `workloads: ${CONNECTIONS} connections, pipelining 1, ${WARMUP_S} s warm-up + ${DURATION_S} s each, ` +
      "autocannon in a separate process",
  );
  const hello = { method: "GET", path: "/__bench/hello" };
  const flights = { method: "GET", path: s.flightPath };
  const quote = { method: "POST", path: "/v1/quotes", headers: agentJson, body: s.quoteBody };
  await step("hello", { ...common, kind: "fixed", request: hello });
  await step("flights", { ...common, kind: "fixed", request: flights });
  await step("itinerary", { ...common, kind: "itinerary", ids: readIds, headers: agent });
  await step("quote", { ...common, kind: "fixed", request: quote });
  await step("hold", { ...common, kind: "hold", drafts: s.holdDrafts, headers: agent });
  await step("reads50", { ...common, connections: 50, kind: "mixed", request: flights, ids: readIds, headers: agent });
  await step("hello2", { ...common, kind: "fixed", request: hello });
  return results;
}

async function main() {
  const started = performance.now();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "caravan-bench-http-"));
  const dataDir = path.join(tmp, "data");
  const profileDir =
    process.env.BENCH_CPU_PROF === "1" ? path.resolve(process.env.BENCH_CPU_PROF_DIR ?? "bench-profiles") : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  let server: BenchServer | undefined;
  const cleanup = async () => {
    await server?.stop();
    if (process.env.BENCH_KEEP !== "1") rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  };
  const onSignal = () => void cleanup().then(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    const cpus = os.cpus();
    log(
      `node ${process.version} · ${cpus[0]?.model ?? "unknown CPU"} · ${cpus.length} cores · ` +
        `load average ${loadAverage()}`,
    );
    server = await startBenchServer({
      dataDir,
      env: { BENCH_HELLO: "1" },
      nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
    });
    const dbFile = path.join(dataDir, "caravan.sqlite");
    log(`server pid ${server.pid} on ${server.url} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    const opts = { itineraries: ITINERARIES, holdDrafts: HOLD_DRAFTS, warmupS: WARMUP_S, durationS: DURATION_S };
    const s = await setUp(server.url, dbFile, server.pid, opts);
    const loads = await runWorkloads(server, tmp, dbFile, s);
    const rss = rssMb(server.pid);
    log("pricing: 20-line itinerary in the pure module…");
    const pricing = benchPricing(dbFile, s.serviceDate);
    const c = s.ds.counts;
    const itineraries = ITINERARIES + s.holdDrafts.length;
    const data = `${fmt(c.flights ?? 0)} flights, ${fmt(c.hotels ?? 0)} hotels, ${fmt(itineraries)} itineraries`;
    printReport({ loads, pricing, rssMb: rss }, { data, conn: CONNECTIONS, warmupS: WARMUP_S, durationS: DURATION_S });
    log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await cleanup();
  }
}

await main();
