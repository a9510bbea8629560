/**
 * The parity report PAGE (GET /hospital/{id}/parity, issue 16) over the parity bench's data set
 * (scripts/bench/parity/data.ts: BENCH_LINES medical lines, default 1,000,000, one in 997 tampered
 * with), served by a separate server process started as `npm start` starts it (its report reads
 * on a thread of its own). For the page's longest range (366 days): the time to the page's first
 * bytes (the head and the form, streamed before the report runs), to its last byte, the server's
 * CPU, and bare GET /health latencies sent one after another while the page streams (does the
 * page block the service?), beside the API's CSV report for the same range. The page's summary
 * must equal the API report's.
 *
 * Not a test: about a minute; ~0.5 GB in a temporary directory it removes.
 * Options: BENCH_LINES, BENCH_RUNS (default 3), BENCH_FROM / BENCH_TO (default 2026-01-01 … 2027-01-01).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedDemo } from "../db/seed/demo";
import { openSqlite } from "../src/data/connect-node";
import { migrateToLatest } from "../src/data/migrate";
import { buildNodeDeps } from "../src/entry/node-deps";
import { parseEnv } from "../src/env";
import { startSession } from "../src/services/sessions/index";
import { fmt, log, median } from "./bench/common";
import { fetchReport } from "./bench/parity/client";
import { bulkLoad, HOSPITAL, LINES } from "./bench/parity/data";
import { cpuSeconds, startBenchServer } from "./bench/server";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FROM = process.env.BENCH_FROM ?? "2026-01-01";
const TO = process.env.BENCH_TO ?? "2027-01-01";

/** A session cookie for hospital billing, made in the data set before the server starts. */
async function buildDataSet(dir: string): Promise<string> {
  const env = parseEnv({ DATA_DIR: dir, LOG_LEVEL: "warn", HOST: "127.0.0.1", PORT: "0" });
  const handle = openSqlite(path.join(dir, "caravan.sqlite"));
  const { deps } = await buildNodeDeps(env, { handle });
  await migrateToLatest(handle.db);
  await seedDemo(handle.db, { now: deps.clock.now(), encrypt: deps.cipher.encrypt });
  log(`bench-page: loading ${fmt(LINES)} medical lines …`);
  bulkLoad(path.join(dir, "caravan.sqlite"));
  const { token } = await startSession({
    ctx: { ...deps, actor: null },
    input: { userId: "usr_demo_billing_xjph", userAgent: "bench" },
  });
  await handle.close();
  return `caravan_session=${token}; caravan_lang=en`;
}

/** GETs of `url` one after another while `busy()` holds; their latencies in ms. */
async function probe(url: string, busy: () => boolean, out: number[]) {
  while (busy()) {
    const t0 = performance.now();
    const r = await fetch(url);
    await r.arrayBuffer();
    out.push(performance.now() - t0);
  }
}

/** The page to its last byte: first bytes, total, server CPU, the summary's line count, /health alongside. */
async function fetchPage(url: string, cookie: string, pid: number, health: string) {
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`bench-page: ${url} → ${res.status}`);
  const reader = res.body!.getReader();
  const chunks: Uint8Array[] = [];
  let ttfb = 0;
  let streaming = true;
  const probes: number[] = [];
  let probing: Promise<void> | undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!ttfb) {
      ttfb = performance.now() - t0;
      probing = probe(health, () => streaming, probes);
    }
    chunks.push(value);
  }
  const seconds = (performance.now() - t0) / 1000;
  const serverCpu = cpuSeconds(pid) - cpu0;
  streaming = false;
  await probing;
  const html = Buffer.concat(chunks).toString("utf8");
  const lines = /data-summary="lines">([\d,]+)</.exec(html)?.[1]?.replace(/,/g, "");
  return { seconds, ttfb: ttfb / 1000, serverCpu, lines: Number(lines), bytes: html.length, probes };
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "caravan-bench-page-"));
  const server = await (async () => {
    const cookie = await buildDataSet(dir);
    log("bench-page: starting the server …");
    return { cookie, s: await startBenchServer({ dataDir: dir, env: { BENCH_HELLO: "0" } }) };
  })();
  try {
    const { url: base, pid } = server.s;
    const page = `${base}/hospital/${HOSPITAL}/parity?from=${FROM}&to=${TO}`;
    const api = `${base}/v1/hospitals/${HOSPITAL}/parity-report?from=${FROM}&to=${TO}`;
    const pages = [];
    const csvs = [];
    for (let i = 0; i < RUNS; i++) {
      log(`bench-page: page run ${i + 1}/${RUNS} …`);
      pages.push(await fetchPage(page, server.cookie, pid, `${base}/health`));
      log(`bench-page: API CSV run ${i + 1}/${RUNS} …`);
      csvs.push(await fetchReport(api, true, pid, `${base}/health`));
    }
    const apiLines = csvs[0]!.summary.lines;
    const probes = pages.flatMap((p) => p.probes).sort((a, b) => a - b);
    const apiProbes = csvs.flatMap((p) => p.probes.map((s) => s * 1000)).sort((a, b) => a - b);
    const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? NaN;
    console.log(`## Parity report page, ${FROM} … ${TO} (${fmt(apiLines)} lines of ${fmt(LINES)}), ${RUNS} runs`);
    console.log("");
    console.log("| | median s | first bytes s | server CPU s | /health during: n · median · p99 · max ms |");
    console.log("|---|---|---|---|---|");
    const row = (name: string, runs: { seconds: number; ttfb: number; serverCpu: number }[], ms: number[]) =>
      console.log(
        `| ${name} | ${fmt(median(runs.map((r) => r.seconds)), 2)} | ${fmt(median(runs.map((r) => r.ttfb)), 3)} | ` +
          `${fmt(median(runs.map((r) => r.serverCpu)), 2)} | ${ms.length} · ${fmt(median(ms), 1)} · ` +
          `${fmt(pct(ms, 0.99), 1)} · ${fmt(ms[ms.length - 1] ?? NaN, 1)} |`,
      );
    row("page (HTML)", pages, probes);
    row("API CSV", csvs, apiProbes);
    console.log("");
    const same = pages.every((p) => p.lines === apiLines);
    console.log(`page summary lines = API summary lines: ${same ? "yes" : "NO"} (${fmt(pages[0]!.lines)})`);
    console.log(`page size: ${fmt(pages[0]!.bytes)} bytes`);
  } finally {
    await server.s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
