/** The HTTP benchmark's results table (markdown) with each goal's verdict, on stdout. */
import os from "node:os";
import { fmt, loadAverage } from "../common";
import type { LoadResult } from "./load";
import type { WorkerOutput } from "./worker";

interface Row {
  workload: string;
  result?: LoadResult;
  ratio?: number;
  goal: string;
  pass?: boolean;
  note?: string;
}

export interface Results {
  /** By workload name: hello, flights, itinerary, quote, hold, reads50, hello2 (those that ran). */
  loads: Record<string, LoadResult>;
  pricing: { opsPerS: number; opsPerCpuS: number; lines: number };
  rssMb: number;
}

const clean = (r: WorkerOutput) => r.non2xx === 0 && r.errors === 0 && r.timeouts === 0;
const mean = (xs: number[]) => (xs.length ? xs.reduce((sum, x) => sum + x, 0) / xs.length : NaN);

/** One row per workload and goal; the hello baseline is the mean of the first and last hello runs. */
function rowsOf({ loads, pricing, rssMb }: Results) {
  const hellos = [loads.hello, loads.hello2].filter((r): r is LoadResult => r !== undefined);
  const baseline = mean(hellos.map((r) => r.rps));
  const helloCpu = mean(hellos.map((r) => r.cpuUsPerReq));
  const rows: Row[] = [];
  const row = (key: string, label: string, goal: string, pass: (r: LoadResult, ratio: number) => boolean) => {
    const r = loads[key];
    if (!r) return;
    const ratio = r.rps / baseline;
    rows.push({ workload: label, result: r, ratio, goal, pass: pass(r, ratio) && clean(r) });
  };
  row("hello", "hello (GET /__bench/hello), first", "baseline", () => true);
  row("hello2", "hello, last", "baseline", () => true);
  row("flights", "flight search ALA→URC, 2 pax", "≥ 0.45× hello", (_, x) => x >= 0.45);
  row("itinerary", "GET itinerary, 6 components", "≥ 0.30× hello", (_, x) => x >= 0.3);
  row("quote", "POST quote, 5 lines", "≥ 0.15× hello", (_, x) => x >= 0.15);
  row("hold", "POST hold, 6 components", "≥ 0.10× hello", (_, x) => x >= 0.1);
  row("reads50", "reads, 50 conns (search + GET itinerary)", "p99 ≤ 25 ms", (r) => r.p99 <= 25);
  rows.push({
    workload: `pricing, ${pricing.lines}-line itinerary (in-process)`,
    goal: "≥ 100,000 ops/s",
    pass: pricing.opsPerS >= 100_000,
    note: `${fmt(pricing.opsPerS)} ops/s (${fmt(pricing.opsPerCpuS)} per CPU-s)`,
  });
  rows.push({
    workload: "server RSS after load",
    goal: "≤ 200 MB",
    pass: rssMb <= 200,
    note: `${rssMb.toFixed(0)} MB`,
  });
  return { rows, baseline, helloCpu };
}

const HEADER = [
  "workload",
  "req/s",
  "p50 ms",
  "p99 ms",
  "ratio to hello",
  "non-2xx",
  "server CPU µs/req",
  "of which in SQLite",
  "CPU-cost ratio",
  "goal",
  "result",
];

function cellsOf(r: Row, helloCpu: number): string[] {
  const x = r.result;
  return [
    r.workload,
    x ? fmt(x.rps) : (r.note ?? ""),
    x ? String(x.p50) : "",
    x ? String(x.p99) : "",
    r.ratio !== undefined ? r.ratio.toFixed(3) : "",
    x ? String(x.non2xx + x.errors + x.timeouts) : "",
    x ? fmt(x.cpuUsPerReq) : "",
    x ? fmt(x.sqlUsPerReq) : "",
    x ? (helloCpu / x.cpuUsPerReq).toFixed(3) : "",
    r.goal,
    r.pass === undefined ? "" : r.pass ? "PASS" : "MISS",
  ];
}

/** Prints the heading lines, the table and the count of goals missed. */
export function printReport(
  results: Results,
  setting: { data: string; conn: number; warmupS: number; durationS: number },
) {
  const { rows, baseline, helloCpu } = rowsOf(results);
  const table = [
    `| ${HEADER.join(" | ")} |`,
    `| ${HEADER.map((_, i) => (i === 0 || i >= 9 ? "---" : "---:")).join(" | ")} |`,
    ...rows.map((r) => `| ${cellsOf(r, helloCpu).join(" | ")} |`),
  ].join("\n");
  const cpus = os.cpus();
  console.log("");
  console.log(
    `Caravan HTTP benchmark — node ${process.version}, ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ` +
      `load average ${loadAverage()}`,
  );
  console.log(
    `Embedded SQLite, ${setting.data}; ${setting.conn} connections, ` +
      `${setting.warmupS} s warm-up + ${setting.durationS} s per workload; ` +
      `hello baseline = mean of first and last = ${fmt(baseline)} req/s`,
  );
  console.log(
    "ratio to hello = req/s ÷ baseline (the goal); " +
      "CPU-cost ratio = hello's server CPU per request ÷ this one's " +
      "(what the ratio would be with the server alone on a core); " +
      "in SQLite = wall time inside better-sqlite3 calls (preparing, running, building rows) per request.",
  );
  console.log("");
  console.log(table);
  console.log("");
  const misses = rows.filter((r) => r.pass === false).length;
  console.log(misses === 0 ? "Every goal met." : `${misses} goal(s) missed.`);
}
