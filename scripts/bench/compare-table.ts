/**
 * The markdown table of scripts/bench-compare.sh: reads the directory it wrote (meta.txt and one
 * <side>-<part>-<round>.out per run), takes each measurement's median per side and says whether
 * the second commit (B) is more than 10 % slower than the first (A) on it.
 *
 *   npx tsx scripts/bench/compare-table.ts /tmp/bench-compare-…  > table.md
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const LIMIT = 0.1;

type Better = "higher" | "lower";
interface Measure {
  name: string;
  better: Better;
  value: number;
}

const num = (s: string | undefined) => Number.parseFloat((s ?? "").replaceAll(",", ""));
const cellsOf = (line: string) =>
  line
    .split("|")
    .slice(1, -1)
    .map((c) => c.trim());

/** bench-http.ts: the markdown table (req/s and server CPU per request per workload, pricing, RSS). */
export function httpMeasures(text: string): Measure[] {
  const out: Measure[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("| ") || line.startsWith("| workload") || line.startsWith("| ---")) continue;
    const c = cellsOf(line);
    const [label, rate] = c;
    if (!label || rate === undefined) continue;
    if (label.startsWith("pricing")) {
      out.push({ name: `${label} · ops/s`, better: "higher", value: num(rate) });
      const perCpu = /\(([\d,]+) per CPU-s\)/.exec(rate)?.[1];
      out.push({ name: `${label} · ops per CPU-s`, better: "higher", value: num(perCpu) });
    } else if (label.startsWith("server RSS")) out.push({ name: `${label} · MB`, better: "lower", value: num(rate) });
    else {
      out.push({ name: `${label} · req/s`, better: "higher", value: num(rate) });
      out.push({ name: `${label} · server CPU µs/req`, better: "lower", value: num(c[6]) });
    }
  }
  return out;
}

/** bench.ts: the report's median seconds and server CPU per format, and the bare /health rate. */
export function parityMeasures(text: string): Measure[] {
  const out: Measure[] = [];
  for (const line of text.split("\n")) {
    const c = line.split("|").map((x) => x.trim());
    const label = c[0] ?? "";
    if (label.startsWith("GET parity-report ")) {
      out.push({ name: `${label} · median s`, better: "lower", value: num(c[3]) });
      out.push({ name: `${label} · server CPU s`, better: "lower", value: num(c[7]) });
    } else if (label === "GET /health (baseline)") {
      out.push({ name: `${label} · req/s`, better: "higher", value: num(c[4]) });
    }
  }
  return out;
}

/** bench-growth.ts: CPU ms per request at each size. */
export function growthMeasures(text: string): Measure[] {
  const out: Measure[] = [];
  let header: string[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("| ")) continue;
    const c = cellsOf(line);
    if (c[0] === "workload") header = c;
    else
      for (let i = 1; i < c.length; i++)
        if (header[i]?.startsWith("CPU ms/req"))
          out.push({ name: `growth: ${c[0]} · ${header[i]}`, better: "lower", value: num(c[i]) });
  }
  return out;
}

const PARSERS: Record<string, (text: string) => Measure[]> = {
  http: httpMeasures,
  parity: parityMeasures,
  growth: growthMeasures,
};

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Every run's measures, by name, then side (A, B), in round order. */
function collect(dir: string): Map<string, { better: Better; A: number[]; B: number[] }> {
  const byName = new Map<string, { better: Better; A: number[]; B: number[] }>();
  const runs = readdirSync(dir)
    .map((f) => /^([AB])-(\w+)-(\d+)\.out$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[3]) - Number(b[3]));
  for (const [file, side, part] of runs) {
    const parse = PARSERS[part!];
    if (!parse) continue;
    for (const m of parse(readFileSync(path.join(dir, file!), "utf8"))) {
      if (!Number.isFinite(m.value)) continue;
      const entry = byName.get(m.name) ?? { better: m.better, A: [], B: [] };
      entry[side as "A" | "B"].push(m.value);
      byName.set(m.name, entry);
    }
  }
  return byName;
}

const show = (x: number) =>
  x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toLocaleString("en-US", { maximumFractionDigits: 3 });

export function table(dir: string): string {
  const meta = readFileSync(path.join(dir, "meta.txt"), "utf8").trim().split("\n");
  const out = ["```", ...meta, "```", ""];
  out.push("| measurement | better | A (median) | B (median) | B vs A | A runs | B runs | within 10 % |");
  out.push("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
  let slower = 0;
  for (const [name, m] of collect(dir)) {
    if (m.A.length === 0 || m.B.length === 0) continue;
    const a = median(m.A);
    const b = median(m.B);
    const change = (b - a) / a;
    const worse = m.better === "higher" ? -change : change;
    if (worse > LIMIT) slower++;
    const verdict = worse > LIMIT ? `**no: ${(worse * 100).toFixed(0)} % worse**` : "yes";
    const runs = (xs: number[]) => xs.map(show).join(", ");
    const pct = `${change >= 0 ? "+" : ""}${(change * 100).toFixed(1)} %`;
    out.push(`| ${name} | ${m.better} | ${show(a)} | ${show(b)} | ${pct} | ${runs(m.A)} | ${runs(m.B)} | ${verdict} |`);
  }
  out.push("");
  out.push(
    slower === 0
      ? "No measurement is more than 10 % worse on B (medians per side)."
      : `${slower} measurement(s) more than 10 % worse on B (medians per side).`,
  );
  return out.join("\n");
}

if (process.argv[2]) process.stdout.write(`${table(process.argv[2])}\n`);
