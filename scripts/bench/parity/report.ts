/** The parity benchmark's results: a fixed-width table, the summary check, and the goals missed. */
import os from "node:os";
import { fmt, loadAverage, median } from "../common";
import type { FormatRuns, Summary } from "./client";
import { type Expected, HOSPITAL } from "./data";

const GOAL_S = 2;

const HEAD = [
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

export interface Bare {
  rps: number;
  meanMs: number;
  count: number;
}

/** Rows of the table, and how many goals they miss. */
function rowsOf(results: FormatRuns[], bare: Bare, lines: number): { rows: string[][]; missed: number } {
  const bareSeconds = 1 / bare.rps;
  const rows: string[][] = [];
  let missed = 0;
  const baseline = `1 req = ${(bareSeconds * 1e6).toFixed(0)} µs`;
  const meanMs = `${bare.meanMs.toFixed(2)} ms mean`;
  const count = `${fmt(bare.count)} req`;
  rows.push(["GET /health (baseline)", count, "", "", `${fmt(bare.rps)} req/s`, "", meanMs, "", baseline, "", ""]);
  for (const r of results) {
    const secs = r.runs.map((x) => x.seconds);
    const med = median(secs);
    const perLine = med / lines;
    rows.push([
      `GET parity-report ${r.name}`,
      String(r.runs.length),
      Math.min(...secs).toFixed(2),
      med.toFixed(2),
      fmt(lines / med),
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
      `${(Math.min(...probes) * 1000).toFixed(1)} ms`,
      `${(median(probes) * 1000).toFixed(1)} ms`,
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
  return { rows, missed };
}

export interface ParityResults {
  expected: Expected;
  results: FormatRuns[];
  bare: Bare;
  summary: Summary;
  problems: string[];
  pid: number;
  rssMb: number;
  profile: string[];
  started: number;
}

/** The whole output, printed at once on stdout. */
export function printReport(p: ParityResults): void {
  const { expected, summary: s, problems } = p;
  const cpu = os.cpus();
  const rss = Number.isNaN(p.rssMb) ? "?" : `${fmt(p.rssMb)} MB`;
  const out: string[] = [""];
  out.push(
    `Caravan parity-report bench — ${fmt(expected.lines)} medical lines at ${HOSPITAL} ` +
      `(${fmt(expected.lines - expected.parity)} violations), embedded SQLite file (WAL), real HTTP, ` +
      `server in its own process (pid ${p.pid}, RSS after the reports ${rss})`,
  );
  out.push(
    `machine: node ${process.version}, ${cpu[0]?.model ?? "unknown cpu"}, ${cpu.length} cores, ` +
      `${os.platform()} ${os.arch()}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, load average ${loadAverage()}`,
  );
  out.push("");
  const { rows, missed: rowsMissed } = rowsOf(p.results, p.bare, expected.lines);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ");
  out.push(line(HEAD), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line), "");
  const check = problems.length ? `MISMATCH: ${problems.join("; ")}` : "matches the data set";
  out.push(
    `summary check: lines ${fmt(s.lines)}, parity ${fmt(s.parity)}, overcharge ${s.overcharge}, ` +
      `undercharge ${s.undercharge}, unknownCode ${s.unknownCode}, ` +
      `totalDeviation ${fmt(s.totalDeviation)} fen — ${check}`,
  );
  if (p.profile.length) out.push("", ...p.profile);
  out.push(`total bench time ${((performance.now() - p.started) / 1000).toFixed(0)} s`);
  const missed = rowsMissed + (problems.length ? 1 : 0);
  out.push(missed ? `${missed} goal(s) missed.` : "All goals met.");
  console.log(out.join("\n"));
}
