/**
 * `npm run bench`: the parity report over 1,000,000 medical lines on the embedded default
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
 * (DB read raw / through Kysely, verdicts, serialization; about a minute more).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { seedDemo } from "../db/seed/demo";
import { type DatabaseHandle, openSqlite } from "../src/data/connect-node";
import { migrateToLatest } from "../src/data/migrate";
import { medicalLineBatches } from "../src/data/parity-lines-keyset";
import { matchedLineBatches } from "../src/data/parity-lines-sqlite";
import { threadedMatchedBatches } from "../src/data/parity-lines-threaded";
import { loadTariffVersions } from "../src/data/tariffs-repo";
import { createParityIndex } from "../src/domain/parity/parity-index";
import { buildNodeDeps } from "../src/entry/node-deps";
import { parseEnv } from "../src/env";
import type { AppDeps } from "../src/http/context";
import { parityReport } from "../src/services/parity/index";
import { type BenchServer, cpuSeconds, rssMb, startBenchServer } from "./bench-server";

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const GOAL_S = 2;
const HOSPITAL = "hsp_xjph";
const BILLING_TOKEN = "cvn_demo_billing_xjph";
const FROM = "2026-01-01";
const TO = "2027-12-31";
/** One line in VIOLATION_EVERY is tampered with (≈ 0.1 %). */
const VIOLATION_EVERY = 997;
const LINES_PER_QUOTE = 4;

const log = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

interface Item {
  versionId: string;
  version: number;
  effectiveFrom: string;
  code: string;
  name: string;
  department: string;
  serviceClass: string;
  kind: string;
  unit: string;
  unitPrice: number;
}

interface Expected {
  lines: number;
  parity: number;
  overcharge: number;
  undercharge: number;
  unknownCode: number;
  totalDeviation: number;
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Bulk load with better-sqlite3 directly: one transaction, prepared statements. Lines are spread
 * over 2026-01-01 … 2027-06-30 so both tariff versions are used; every VIOLATION_EVERY-th line is
 * tampered with in one of four ways, and the expected summary is computed here, independently.
 */
function bulkLoad(file: string): Expected {
  const db = new SQLite(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("foreign_keys = OFF");
  db.pragma("cache_size = -200000");

  const items = db
    .prepare(
      `select v.id as versionId, v.version as version, v.effective_from as effectiveFrom, i.code as code, i.name as name,
              i.department_code as department, i.service_class as serviceClass, i.kind as kind, i.unit as unit, i.unit_price as unitPrice
         from tariff_items i join tariff_versions v on v.id = i.tariff_version_id
        where v.hospital_id = ? order by v.version, i.code, i.service_class`,
    )
    .all(HOSPITAL) as Item[];
  const v1 = items.filter((i) => i.version === 1);
  const v2 = new Map(
    items.filter((i) => i.version === 2).map((i) => [`${i.code}|${i.department}|${i.serviceClass}`, i]),
  );
  const v2From = items.find((i) => i.version === 2)?.effectiveFrom ?? "9999-12-31";
  if (v1.length === 0 || v2.size === 0)
    throw new Error("bench: the demo tariff of hsp_xjph should have versions 1 and 2");
  const admin = db.prepare("select id from users where role = 'admin' order by id limit 1").get() as
    | { id: string }
    | undefined;
  const patient = db.prepare("select id from patients where id = 'pat_demo_alexander'").get() as
    | { id: string }
    | undefined;
  if (!admin || !patient) throw new Error("bench: demo admin or patient missing");

  const insertQuote = db.prepare(
    `insert into quotes (id, patient_id, hospital_id, consultation_id, status, revision, service_date, hospital_currency, patient_currency,
       medical_total, medical_total_patient, fx, valid_until, affirmation_payload, affirmation_signature, affirmation_key_id,
       withdrawn_reason, created_by, created_at, updated_at)
     values (?, ?, ?, null, ?, 1, ?, 'CNY', 'KZT', ?, ?, ?, ?, '{}', 'bench', 'bench', null, ?, ?, ?)`,
  );
  const insertLine = db.prepare(
    `insert into quote_lines (quote_id, line_no, hospital_id, code, name, department_code, service_class, kind, unit, quantity,
       service_date, unit_price, line_total, tariff_version_id, tariff_version)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  const exp: Expected = { lines: 0, parity: 0, overcharge: 0, undercharge: 0, unknownCode: 0, totalDeviation: 0 };
  const fx = JSON.stringify({ from: "CNY", to: "KZT", rate: "70.85", source: "bench", asOf: "2026-11-22" });
  const createdAt = "2026-11-22T10:00:00.000Z";
  const days = 546; // 2026-01-01 … 2027-06-30
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    return seed % n;
  };

  const load = db.transaction(() => {
    let n = 0;
    let q = 0;
    while (n < LINES) {
      q++;
      const quoteId = `quo_bench${String(q).padStart(9, "0")}`;
      const start = addDays("2026-01-01", rnd(days - LINES_PER_QUOTE));
      const count = Math.min(LINES_PER_QUOTE, LINES - n);
      let total = 0;
      const rows: unknown[][] = [];
      for (let k = 0; k < count; k++) {
        n++;
        const date = addDays(start, k);
        const base = v1[rnd(v1.length)]!;
        const item = date >= v2From ? (v2.get(`${base.code}|${base.department}|${base.serviceClass}`) ?? base) : base;
        const quantity = item.kind === "bed_day" ? 1 + rnd(10) : 1;
        let code = item.code;
        let unitPrice = item.unitPrice;
        let lineTotal = unitPrice * quantity;
        const domesticTotal = item.unitPrice * quantity;
        if (n % VIOLATION_EVERY === 0) {
          switch ((n / VIOLATION_EVERY) % 4) {
            case 0: // overcharge: a markup on the unit price
              unitPrice = Math.round(item.unitPrice * 1.1);
              lineTotal = unitPrice * quantity;
              exp.overcharge++;
              break;
            case 1: // undercharge: the unit price lowered
              unitPrice = Math.round(item.unitPrice * 0.95);
              lineTotal = unitPrice * quantity;
              exp.undercharge++;
              break;
            case 2: // the line total alone raised
              lineTotal += 1_000;
              exp.overcharge++;
              break;
            default: // a code no version has
              code = `${item.code}-X`;
              exp.unknownCode++;
          }
          if (code === item.code) exp.totalDeviation += lineTotal - domesticTotal;
        } else exp.parity++;
        exp.lines++;
        total += lineTotal;
        rows.push([
          quoteId,
          k + 1,
          HOSPITAL,
          code,
          item.name,
          item.department,
          item.serviceClass,
          item.kind,
          item.unit,
          quantity,
          date,
          unitPrice,
          lineTotal,
          item.versionId,
          item.version,
        ]);
      }
      insertQuote.run(
        quoteId,
        patient.id,
        HOSPITAL,
        q % 10 === 0 ? "withdrawn" : "open",
        start,
        total,
        Math.round(total * 0.7085),
        fx,
        "2026-12-06T10:00:00.000Z",
        admin.id,
        createdAt,
        createdAt,
      );
      for (const r of rows) insertLine.run(...r);
    }
  });
  load();
  db.exec("analyze");
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return exp;
}

/** requests/s on a bare route with a small concurrent loop (the baseline). */
async function bareRate(url: string, seconds: number, concurrency = 16) {
  const until = performance.now() + seconds * 1000;
  let count = 0;
  let latency = 0;
  const worker = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`bench: ${url} → ${res.status}`);
      latency += performance.now() - t0;
      count++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  return { rps: count / elapsed, meanMs: latency / count, count };
}

interface Summary {
  lines: number;
  parity: number;
  overcharge: number;
  undercharge: number;
  unknownCode: number;
  noTariffInForce: number;
  totalDeviation: number;
}

/** The CSV report's summary section (after the empty line) as the JSON summary's fields. */
function csvSummary(text: string): Summary | undefined {
  const m = /\r\n\r\n(summary,[^\r\n]*)\r\n([^\r\n]*)\r\n$/.exec(text);
  if (!m) return undefined;
  const head = m[1]!.split(",");
  const row = m[2]!.split(",");
  const get = (k: string) => Number(row[head.indexOf(k)]);
  return {
    lines: get("lines"),
    parity: get("parity"),
    overcharge: get("overcharge"),
    undercharge: get("undercharge"),
    unknownCode: get("unknown_code"),
    noTariffInForce: get("no_tariff_in_force"),
    totalDeviation: get("total_deviation"),
  };
}

/**
 * GET the report, reading to the last byte. Counts records in the stream (CSV: newlines; JSON:
 * `{"quoteId":`), keeps the tail for the summary. With `probe`, GETs of that URL are sent one after
 * another for as long as the report streams (from its first bytes on), and their latencies are
 * returned (bare requests during a report).
 */
async function fetchReport(url: string, csv: boolean, serverPid: number, probe?: string) {
  const cpu0 = cpuSeconds(serverPid);
  const t0 = performance.now();
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${BILLING_TOKEN}`, ...(csv ? { Accept: "text/csv" } : {}) },
  });
  if (res.status !== 200) throw new Error(`bench: report → ${res.status} ${await res.text()}`);
  const reader = res.body!.getReader();
  let ttfb = 0;
  let bytes = 0;
  let records = 0;
  let tail = Buffer.alloc(0);
  let probed: Promise<void> | undefined;
  let streaming = true;
  const probes: number[] = [];
  const marker = Buffer.from('{"quoteId":');
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!ttfb) ttfb = performance.now() - t0;
    if (probe && !probed) {
      probed = (async () => {
        while (streaming) {
          const p0 = performance.now();
          const r = await fetch(probe);
          await r.arrayBuffer();
          if (r.status !== 200) throw new Error(`bench: ${probe} → ${r.status}`);
          probes.push((performance.now() - p0) / 1000);
        }
      })();
    }
    bytes += value.byteLength;
    // Counted in the chunk as it came (no copy); a marker split across two chunks is found in the
    // few bytes around the boundary. The last 4 KB are kept for the summary.
    const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    if (csv) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) records++;
    } else {
      for (let i = chunk.indexOf(marker); i !== -1; i = chunk.indexOf(marker, i + 1)) records++;
      if (tail.length > 0) {
        const seam = Buffer.concat([
          tail.subarray(Math.max(0, tail.length - marker.length + 1)),
          chunk.subarray(0, marker.length - 1),
        ]);
        if (seam.indexOf(marker) !== -1) records++;
      }
    }
    tail =
      chunk.length >= 4096
        ? Buffer.from(chunk.subarray(chunk.length - 4096))
        : Buffer.concat([tail, chunk]).subarray(-4096);
  }
  const seconds = (performance.now() - t0) / 1000;
  const serverCpu = cpuSeconds(serverPid) - cpu0;
  streaming = false;
  await probed;
  let summary: Summary | undefined;
  if (csv) {
    records -= 4; // the header row; the empty line, header and row of the summary section
    summary = csvSummary(tail.toString("utf8"));
    if (!summary) throw new Error("bench: no summary section at the end of the CSV report");
  } else {
    const m = /"summary":(\{[^}]*\})\}$/.exec(tail.toString("utf8"));
    if (!m) throw new Error("bench: no summary at the end of the JSON report");
    summary = JSON.parse(m[1]!) as Summary;
  }
  return { seconds, serverCpu, ttfb: ttfb / 1000, bytes, records, summary, probes };
}

/** CSV: count verdicts by streaming through every row (outside the timed runs). */
async function csvVerdicts(url: string) {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${BILLING_TOKEN}`, Accept: "text/csv" } });
  const text = await res.text();
  const counts: Record<string, number> = {};
  let totalDeviation = 0;
  let header = true;
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf("\r\n", start);
    if (end === start) break; // the empty line before the summary section
    const row = text.slice(start, end).split(",");
    start = end + 2;
    if (header) {
      header = false;
      continue;
    }
    counts[row[13]!] = (counts[row[13]!] ?? 0) + 1;
    if (row[12] !== "") totalDeviation += Number(row[11]) - Number(row[12]);
  }
  return { counts, totalDeviation };
}

/** The report's query as the embedded reader sends it (for the raw better-sqlite3 floor). */
const REPORT_SQL = `select quote_id, line_no, code, department_code, service_class, service_date, quantity, unit_price, line_total
  from quote_lines where hospital_id = ? and service_date >= ? and service_date <= ? order by service_date, quote_id, line_no`;

/** BENCH_PROFILE=1: where the report's time goes, stage by stage, in this process, without HTTP. */
async function profileStages(file: string, handle: DatabaseHandle, deps: AppDeps): Promise<string[]> {
  const out: string[] = [];
  const stage = async (name: string, f: () => Promise<number> | number) => {
    log(`bench: profile ${name} …`);
    const t0 = performance.now();
    const n = await f();
    out.push(`  ${name.padEnd(74)} ${((performance.now() - t0) / 1000).toFixed(2).padStart(6)} s  (${fmt(n)})`);
  };
  const raw = new SQLite(file, { readonly: true });
  const plan = (raw.prepare(`explain query plan ${REPORT_SQL}`).all(HOSPITAL, FROM, TO) as { detail: string }[])
    .map((r) => r.detail)
    .join("; ");
  await stage("1 SQL only: better-sqlite3 .raw().iterate() of the report query", () => {
    let n = 0;
    for (const _ of raw.prepare(REPORT_SQL).raw(true).iterate(HOSPITAL, FROM, TO)) n++;
    return n;
  });
  raw.close();
  await stage("2b matchedLineBatches: own read-only connection, lines matched in SQLite, one row per day", async () => {
    const index = createParityIndex(await loadTariffVersions(handle.db, HOSPITAL));
    const terms = {
      items: index.exactItems(),
      inForceFrom: index.effectiveDates(),
      generatedAt: deps.clock.now().toISOString(),
    };
    let n = 0;
    for (const batch of matchedLineBatches(file, HOSPITAL, FROM, TO, terms)) n += batch.lines.length;
    return n;
  });
  await stage("2c threadedMatchedBatches: 2b on a thread of its own (what the server does)", async () => {
    const index = createParityIndex(await loadTariffVersions(handle.db, HOSPITAL));
    const terms = {
      items: index.exactItems(),
      inForceFrom: index.effectiveDates(),
      generatedAt: deps.clock.now().toISOString(),
    };
    let n = 0;
    for await (const batch of threadedMatchedBatches(file, HOSPITAL, FROM, TO, terms)) n += batch.lines.length;
    return n;
  });
  await stage("3 medicalLineBatches: Kysely keyset batches on the app's connection", async () => {
    let n = 0;
    for await (const batch of medicalLineBatches(handle.db, HOSPITAL, FROM, TO)) n += batch.length;
    return n;
  });
  const ctx = {
    ...deps,
    actor: {
      userId: "bench",
      role: "admin" as const,
      displayName: "bench",
      agencyId: null,
      hospitalId: null,
      patientId: null,
    },
  };
  const report = () => parityReport({ ctx, input: { hospitalId: HOSPITAL, from: FROM, to: TO } });
  /** The report's pieces as text (none as bytes). */
  const texts = async function* (format: "csv" | "json") {
    for await (const piece of (await report()).pieces(format)) yield piece.text!;
  };
  await stage("4 parityReport().pieces(csv) as text (wired source = 2c): verdict + CSV text, no encode", async () => {
    let chars = 0;
    for await (const chunk of texts("csv")) chars += chunk.length;
    return chars;
  });
  const te = new TextEncoder();
  await stage("5 4 + UTF-8 encode (bytes)", async () => {
    let bytes = 0;
    for await (const chunk of texts("csv")) bytes += te.encode(chunk).byteLength;
    return bytes;
  });
  await stage("6 parityReport().pieces(json) as text + UTF-8 encode (bytes)", async () => {
    let bytes = 0;
    for await (const chunk of texts("json")) bytes += te.encode(chunk).byteLength + 1;
    return bytes;
  });
  for (const format of ["csv", "json"] as const) {
    await stage(`7 parityReport().pieces(${format}, bytes): what the route sends (bytes)`, async () => {
      let bytes = 0;
      for await (const piece of (await report()).pieces(format, { bytes: true }))
        bytes += piece.bytes !== undefined ? piece.bytes.byteLength : te.encode(piece.text).byteLength;
      return bytes;
    });
  }
  return [`stage breakdown (no HTTP; query plan: ${plan}):`, ...out];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main() {
  const started = performance.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), "caravan-bench-"));
  let server: BenchServer | undefined;
  let close: (() => Promise<void>) | undefined;
  const onSignal = () => void (server?.stop() ?? Promise.resolve()).then(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    // The data set, built in this process: migrate and seed as src/entry/node.ts would on this
    // DATA_DIR (its keys are kept there, so the server reads the seeded data with the same keys),
    // then the bulk load.
    const env = parseEnv({ DATA_DIR: dir, LOG_LEVEL: "warn", HOST: "127.0.0.1", PORT: "0" });
    const file = path.join(dir, "caravan.sqlite");
    const handle = openSqlite(file);
    close = () => handle.close();
    const { deps } = await buildNodeDeps(env, { handle });
    await migrateToLatest(handle.db);
    await seedDemo(handle.db, { now: deps.clock.now(), encrypt: deps.cipher.encrypt });

    log(`bench: loading ${fmt(LINES)} medical lines into ${file} …`);
    const t0 = performance.now();
    const expected = bulkLoad(file);
    log(
      `bench: loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s (${fmt(expected.lines - expected.parity)} violations)`,
    );
    // The profile (BENCH_PROFILE=1) reads through this handle later; otherwise the server is the only user of the file.
    if (process.env.BENCH_PROFILE !== "1") {
      await handle.close();
      close = undefined;
    }

    log("bench: starting the server (npm run -s build; node dist/entry/node.mjs) …");
    server = await startBenchServer({ dataDir: dir, env: { BENCH_HELLO: "0" } });
    const base = server.url;
    const pid = server.pid;
    log(`bench: server pid ${pid} on ${base}`);

    log("bench: baseline GET /health …");
    await bareRate(`${base}/health`, 0.3);
    const bare = await bareRate(`${base}/health`, 2);
    const bareSeconds = 1 / bare.rps;

    const reportUrl = `${base}/v1/hospitals/${HOSPITAL}/parity-report?from=${FROM}&to=${TO}`;
    type Run = Awaited<ReturnType<typeof fetchReport>>;
    const results: { name: string; runs: Run[]; probed: Run }[] = [];
    for (const csv of [true, false]) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        log(`bench: parity report ${csv ? "CSV" : "JSON"} run ${i + 1}/${RUNS} …`);
        runs.push(await fetchReport(reportUrl, csv, pid));
      }
      // One more, not timed with the others: bare requests sent one after another while it streams
      // (they cost the server and this client CPU the timed runs do not share).
      log(`bench: parity report ${csv ? "CSV" : "JSON"} with GET /health alongside …`);
      const probed = await fetchReport(reportUrl, csv, pid, `${base}/health`);
      results.push({ name: csv ? "CSV" : "JSON", runs, probed });
    }

    // Verify: every inserted line is in the report once, and the summary is the one computed at load time.
    const problems: string[] = [];
    for (const r of results)
      for (const run of [...r.runs, r.probed])
        if (run.records !== expected.lines) problems.push(`${r.name}: ${run.records} rows, expected ${expected.lines}`);
    const s = results.find((r) => r.name === "JSON")!.runs[0]!.summary!;
    for (const k of ["lines", "parity", "overcharge", "undercharge", "unknownCode", "totalDeviation"] as const) {
      if (s[k] !== expected[k]) problems.push(`JSON summary.${k} = ${s[k]}, expected ${expected[k]}`);
    }
    if (s.noTariffInForce !== 0) problems.push(`JSON summary.noTariffInForce = ${s.noTariffInForce}, expected 0`);
    const sc = results.find((r) => r.name === "CSV")!.runs[0]!.summary!;
    for (const k of [
      "lines",
      "parity",
      "overcharge",
      "undercharge",
      "unknownCode",
      "noTariffInForce",
      "totalDeviation",
    ] as const) {
      if (sc[k] !== s[k]) problems.push(`CSV summary ${k} = ${sc[k]}, JSON says ${s[k]}`);
    }
    const cv = await csvVerdicts(reportUrl);
    const csvExpected = {
      parity: expected.parity,
      overcharge: expected.overcharge,
      undercharge: expected.undercharge,
      unknown_code: expected.unknownCode,
    };
    for (const [k, v] of Object.entries(csvExpected))
      if ((cv.counts[k] ?? 0) !== v) problems.push(`CSV ${k} rows = ${cv.counts[k] ?? 0}, expected ${v}`);
    if (cv.totalDeviation !== expected.totalDeviation)
      problems.push(`CSV total deviation ${cv.totalDeviation}, expected ${expected.totalDeviation}`);

    // The server's RSS after the reports (VmRSS, Linux).
    const rss = rssMb(pid);
    await server.stop();
    server = undefined;

    const profile = process.env.BENCH_PROFILE === "1" ? await profileStages(file, handle, deps) : [];

    // The table.
    const cpu = os.cpus();
    const out: string[] = [];
    out.push("");
    out.push(
      `Caravan parity-report bench — ${fmt(expected.lines)} medical lines at ${HOSPITAL} (${fmt(expected.lines - expected.parity)} violations), embedded SQLite file (WAL), real HTTP, server in its own process (pid ${pid}, RSS after the reports ${Number.isNaN(rss) ? "?" : `${fmt(rss)} MB`})`,
    );
    out.push(
      `machine: node ${process.version}, ${cpu[0]?.model ?? "unknown cpu"}, ${cpu.length} cores, ${os.platform()} ${os.arch()}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, load average ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")}`,
    );
    out.push("");
    const head = [
      "measurement",
      "runs",
      "min s",
      "median s",
      "lines/s (median)",
      "MB",
      "TTFB s",
      "server CPU s",
      "per line / bare req",
      "goal",
      "result",
    ];
    let missed = 0;
    const rows: string[][] = [];
    rows.push([
      "GET /health (baseline)",
      `${fmt(bare.count)} req`,
      "",
      "",
      `${fmt(bare.rps)} req/s`,
      "",
      `${bare.meanMs.toFixed(2)} ms mean`,
      "",
      `1 req = ${(bareSeconds * 1e6).toFixed(0)} µs`,
      "",
      "",
    ]);
    for (const r of results) {
      const secs = r.runs.map((x) => x.seconds);
      const med = median(secs);
      const perLine = med / expected.lines;
      rows.push([
        `GET parity-report ${r.name}`,
        String(r.runs.length),
        Math.min(...secs).toFixed(2),
        med.toFixed(2),
        fmt(expected.lines / med),
        fmt(r.runs[0]!.bytes / 1e6, 0),
        median(r.runs.map((x) => x.ttfb)).toFixed(3),
        `${median(r.runs.map((x) => x.serverCpu)).toFixed(2)} (median)`,
        `${(perLine * 1e6).toFixed(2)} µs = ${(perLine / bareSeconds).toFixed(4)}×`,
        `≤ ${GOAL_S} s`,
        med <= GOAL_S ? "PASS" : "MISS",
      ]);
      if (med > GOAL_S) missed++;
    }
    for (const r of results) {
      const probes = r.probed.probes;
      if (probes.length === 0) continue;
      const worst = Math.max(...probes);
      rows.push([
        `GET /health during a ${r.name} report`,
        `${fmt(probes.length)} req`,
        (Math.min(...probes) * 1000).toFixed(1) + " ms",
        (median(probes) * 1000).toFixed(1) + " ms",
        "",
        "",
        `max ${(worst * 1000).toFixed(1)} ms (report ${r.probed.seconds.toFixed(2)} s)`,
        "",
        `${fmt(worst / bareSeconds)}× a bare request`,
        "",
        worst > 0.5 ? "BLOCKED" : "ok",
      ]);
      if (worst > 0.5) missed++;
    }
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ");
    out.push(line(head));
    out.push(widths.map((w) => "-".repeat(w)).join("-|-"));
    for (const r of rows) out.push(line(r));
    out.push("");
    out.push(
      `summary check: lines ${fmt(s.lines)}, parity ${fmt(s.parity)}, overcharge ${s.overcharge}, undercharge ${s.undercharge}, unknownCode ${s.unknownCode}, totalDeviation ${fmt(s.totalDeviation)} fen — ${problems.length ? `MISMATCH: ${problems.join("; ")}` : "matches the data set"}`,
    );
    if (problems.length) missed++;
    if (profile.length) out.push("", ...profile);
    out.push(`total bench time ${((performance.now() - started) / 1000).toFixed(0)} s`);
    out.push(missed ? `${missed} goal(s) missed.` : "All goals met.");
    console.log(out.join("\n"));
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
