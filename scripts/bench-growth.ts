/**
 * `npm run bench` (third part): costs that stay flat as data grows (issue 12).
 *
 * For each size (BENCH_GROWTH_SIZES, default "10000,1000000") a fresh SQLite file (WAL) is
 * migrated and seeded as the Node entry does, a patient and a few drafts are made over the API,
 * and then rows are generated straight into the file, in SQL (recursive CTEs, one transaction per
 * table): `size` itineraries (a quarter the demo agency's, a third hsp_xjph's) with one history
 * row each, `size` medical lines of hsp_xjph on `size / 4` quotes spread over earlier years (the
 * report's month, 2026-12, always holds the same 400 lines), `size` flights on the searched
 * route on earlier dates, and `size / 1000` days of daily FX rates for every seeded pair. The same
 * requests then run in-process (`app.request` on the app the Node entry builds, with the report's
 * lines read on the calling thread): each workload's CPU time per request (process CPU, all
 * threads, median of BENCH_GROWTH_ROUNDS rounds). The table prints each workload at every size and
 * the ratio of the largest to the smallest: goal ≤ 1.2×.
 *
 * Not a test: about two minutes at the default sizes. Always exits 0 (goals missed are printed).
 * Options: BENCH_GROWTH_SIZES, BENCH_GROWTH_REQUESTS (per round, default 200; reports and holds
 * take a quarter), BENCH_GROWTH_ROUNDS (default 3), BENCH_KEEP=1 (keep the temporary directories).
 */
import { fmt, log } from "./bench/common";
import { ROUNDS, type Setup, type Workload, requestsOf, setUp } from "./bench/growth/workloads";

const SIZES = (process.env.BENCH_GROWTH_SIZES ?? "10000,1000000").split(",").map(Number);
const GOAL = 1.2;

/** The middle value; of an even count, the upper of the middle two. */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One round of `n` requests: CPU and wall milliseconds per request (this process, all threads). */
async function round(w: Workload, n: number, from: number): Promise<{ cpuMs: number; wallMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await w.run(from + i);
  const c = process.cpuUsage(c0);
  return { cpuMs: (c.user + c.system) / 1000 / n, wallMs: (performance.now() - t0) / n };
}

async function main() {
  const setups: Setup[] = [];
  try {
    for (const size of SIZES) setups.push(await setUp(size));
    // Sizes interleaved round by round (after a warm-up round each), so that neither gains from
    // running later in a warmer process nor loses to a busier moment of the machine.
    const costs = new Map<string, number[][]>();
    for (const [w, name] of setups[0]!.workloads.map((w) => [w, w.name] as const)) {
      const n = requestsOf(w);
      const bySize: number[][] = setups.map(() => []);
      for (let r = 0; r <= ROUNDS; r++) {
        for (const [k, setup] of setups.entries()) {
          const m = await round(setup.workloads.find((x) => x.name === name)!, n, r * n);
          if (r > 0) bySize[k]!.push(m.cpuMs);
        }
      }
      costs.set(name, bySize);
      log(`  ${name}: ${bySize.map((c, k) => `${median(c).toFixed(3)} ms at ${fmt(SIZES[k]!)}`).join(", ")}`);
    }
    const first = SIZES[0]!;
    const last = SIZES[SIZES.length - 1]!;
    const header = [
      "workload",
      ...SIZES.map((s) => `CPU ms/req at ${fmt(s)}`),
      `ratio ${fmt(last)}/${fmt(first)}`,
      `goal ≤ ${GOAL}×`,
    ];
    const rows = [...costs].map(([name, bySize]) => {
      const c = bySize.map(median);
      const ratio = c[c.length - 1]! / c[0]!;
      return [name, ...c.map((x) => x.toFixed(3)), `${ratio.toFixed(2)}×`, ratio <= GOAL ? "met" : "MISSED"];
    });
    const out = [
      `| ${header.join(" | ")} |`,
      `|${header.map(() => "---").join("|")}|`,
      ...rows.map((r) => `| ${r.join(" | ")} |`),
    ];
    process.stdout.write(
      `\nGrowth: CPU time per request (this process, all threads; median of ${ROUNDS} rounds, sizes interleaved)\n` +
        `${out.join("\n")}\n`,
    );
    const missed = rows.filter((r) => r[r.length - 1] === "MISSED").length;
    if (missed > 0) process.stdout.write(`${missed} workload(s) above ${GOAL}×\n`);
  } finally {
    for (const s of setups) await s.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
