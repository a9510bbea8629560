/**
 * The parity benchmark's HTTP client: the bare /health baseline, the report downloaded to its last
 * byte (records counted as they stream, the summary read from the tail), and the checks of every
 * report against the data set.
 */
import { cpuSeconds } from "../server";
import type { Expected } from "./data";

const BILLING_TOKEN = "cvn_demo_billing_xjph";

/** requests/s on a bare route with a small concurrent loop (the baseline). */
export async function bareRate(url: string, seconds: number, concurrency = 16) {
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

export interface Summary {
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

const MARKER = Buffer.from('{"quoteId":');

/**
 * Counts a report's records in each chunk as it comes, without copying it onto the previous tail
 * (CSV: newlines; JSON: `{"quoteId":`, a marker split across two chunks found in the few bytes
 * around the seam), and keeps the last 4 KB for the summary.
 */
class RecordCounter {
  records = 0;
  bytes = 0;
  tail = Buffer.alloc(0);
  constructor(private readonly csv: boolean) {}

  add(value: Uint8Array): void {
    this.bytes += value.byteLength;
    const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    if (this.csv) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.records++;
    } else {
      for (let i = chunk.indexOf(MARKER); i !== -1; i = chunk.indexOf(MARKER, i + 1)) this.records++;
      if (this.tail.length > 0) {
        const seam = Buffer.concat([
          this.tail.subarray(Math.max(0, this.tail.length - MARKER.length + 1)),
          chunk.subarray(0, MARKER.length - 1),
        ]);
        if (seam.indexOf(MARKER) !== -1) this.records++;
      }
    }
    this.tail =
      chunk.length >= 4096
        ? Buffer.from(chunk.subarray(chunk.length - 4096))
        : Buffer.concat([this.tail, chunk]).subarray(-4096);
  }

  /** The record count (CSV: without the header row and the summary section) and the summary. */
  finish(): { records: number; summary: Summary } {
    const tail = this.tail.toString("utf8");
    if (this.csv) {
      const summary = csvSummary(tail);
      if (!summary) throw new Error("bench: no summary section at the end of the CSV report");
      // the header row; the empty line, header and row of the summary section
      return { records: this.records - 4, summary };
    }
    const m = /"summary":(\{[^}]*\})\}$/.exec(tail);
    if (!m) throw new Error("bench: no summary at the end of the JSON report");
    return { records: this.records, summary: JSON.parse(m[1]!) as Summary };
  }
}

/** GETs of `url` one after another while `streaming()` holds; their latencies in seconds. */
async function probeWhile(url: string, streaming: () => boolean, latencies: number[]): Promise<void> {
  while (streaming()) {
    const p0 = performance.now();
    const r = await fetch(url);
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`bench: ${url} → ${r.status}`);
    latencies.push((performance.now() - p0) / 1000);
  }
}

/**
 * GET the report, reading to the last byte, with the server's CPU time over it. With `probe`, GETs
 * of that URL are sent one after another for as long as the report streams (from its first bytes
 * on), and their latencies are returned (bare requests during a report).
 */
export async function fetchReport(url: string, csv: boolean, serverPid: number, probe?: string) {
  const cpu0 = cpuSeconds(serverPid);
  const t0 = performance.now();
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${BILLING_TOKEN}`, ...(csv ? { Accept: "text/csv" } : {}) },
  });
  if (res.status !== 200) throw new Error(`bench: report → ${res.status} ${await res.text()}`);
  const reader = res.body!.getReader();
  const counter = new RecordCounter(csv);
  let ttfb = 0;
  let probed: Promise<void> | undefined;
  let streaming = true;
  const probes: number[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!ttfb) ttfb = performance.now() - t0;
    if (probe && !probed) probed = probeWhile(probe, () => streaming, probes);
    counter.add(value);
  }
  const seconds = (performance.now() - t0) / 1000;
  const serverCpu = cpuSeconds(serverPid) - cpu0;
  streaming = false;
  await probed;
  const { records, summary } = counter.finish();
  return { seconds, serverCpu, ttfb: ttfb / 1000, bytes: counter.bytes, records, summary, probes };
}

export type ReportRun = Awaited<ReturnType<typeof fetchReport>>;

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

export interface FormatRuns {
  name: "CSV" | "JSON";
  runs: ReportRun[];
  probed: ReportRun;
}

/**
 * What differs from the data set: every inserted line is in each report once, both summaries are
 * the one computed at load time, and the CSV's rows carry the expected verdicts and deviation.
 */
export async function mismatches(reportUrl: string, results: FormatRuns[], expected: Expected): Promise<string[]> {
  const problems: string[] = [];
  for (const r of results)
    for (const run of [...r.runs, r.probed])
      if (run.records !== expected.lines) problems.push(`${r.name}: ${run.records} rows, expected ${expected.lines}`);
  const s = results.find((r) => r.name === "JSON")!.runs[0]!.summary;
  for (const k of ["lines", "parity", "overcharge", "undercharge", "unknownCode", "totalDeviation"] as const) {
    if (s[k] !== expected[k]) problems.push(`JSON summary.${k} = ${s[k]}, expected ${expected[k]}`);
  }
  if (s.noTariffInForce !== 0) problems.push(`JSON summary.noTariffInForce = ${s.noTariffInForce}, expected 0`);
  const sc = results.find((r) => r.name === "CSV")!.runs[0]!.summary;
  const fields = ["lines", "parity", "overcharge", "undercharge", "unknownCode", "noTariffInForce", "totalDeviation"];
  for (const k of fields as (keyof Summary)[]) {
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
  return problems;
}
