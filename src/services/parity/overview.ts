import type { ServiceContext } from "../context";
import { validationError } from "../errors";
import type { ReportLine, ReportVerdict } from "./report-formats";
import { parityReport } from "./report";
import { OVERVIEW_PAGE_SIZE, type ParityOverviewInput, ParityOverviewInputSchema } from "./schemas";

/** One service date's lines that are not at parity. */
export interface OverviewDay {
  date: string;
  /** Lines not at parity, by verdict. */
  overcharge: number;
  undercharge: number;
  unpriced: number;
  /** Sum of charged − domestic line totals of that day's priced lines (minor units). */
  deviation: number;
}

/**
 * The parity report as a page shows it, from the same report (`parityReport`, the same line source
 * and writer, so the summary is the API's): the summary, each day's deviating lines for a chart, and
 * one page of the deviating lines in report order. Memory is bounded by the days in range and the
 * page, whatever the number of lines.
 *
 * Two steps: the call checks the input and the caller's access (a refusal before any output), and
 * `run()` reads the lines, in batches that yield to the event loop (the threaded source reads on a
 * thread of its own), so a page may stream its head while the report runs.
 */
export async function parityOverview({ ctx, input }: { ctx: ServiceContext; input: ParityOverviewInput }) {
  const parsed = ParityOverviewInputSchema.safeParse(input);
  if (!parsed.success)
    throw validationError(
      "The report's range is invalid.",
      parsed.error.issues.map((i) => ({ path: ["query", ...i.path.map(String)].join("."), message: i.message })),
    );
  const { hospitalId, from, to, page } = parsed.data;
  const report = await parityReport({ ctx, input: { hospitalId, from, to } });
  const skip = (page - 1) * OVERVIEW_PAGE_SIZE;

  /** Reads the whole report, once; `signal` (a client gone away) stops the read between two batches. */
  async function run(signal?: AbortSignal) {
    const days = new Map<string, OverviewDay>();
    const lines: ReportLine[] = [];
    let deviating = 0;
    const observe = (l: ReportLine) => {
      deviating++;
      let day = days.get(l.serviceDate);
      if (day === undefined) {
        day = { date: l.serviceDate, overcharge: 0, undercharge: 0, unpriced: 0, deviation: 0 };
        days.set(l.serviceDate, day);
      }
      countVerdict(day, l.verdict);
      if (l.domesticLineTotal !== null) day.deviation += l.chargedLineTotal - l.domesticLineTotal;
      if (deviating > skip && lines.length < OVERVIEW_PAGE_SIZE) lines.push(l);
    };
    // The report's text is not kept: only what `observe` sees and the summary.
    for await (const _piece of report.pieces("csv", { bytes: true, observe })) {
      // Each batch is judged and tallied; leaving the loop ends the source's read (and its thread).
      if (signal?.aborted) throw signal.reason;
    }
    const pages = Math.max(1, Math.ceil(deviating / OVERVIEW_PAGE_SIZE));
    return {
      meta: report.meta,
      summary: report.summary(),
      days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)),
      deviating: { total: deviating, page, pages, pageSize: OVERVIEW_PAGE_SIZE, lines },
    };
  }

  return { meta: report.meta, page, report, run };
}

export type ParityOverview = Awaited<ReturnType<Awaited<ReturnType<typeof parityOverview>>["run"]>>;

function countVerdict(day: OverviewDay, verdict: ReportVerdict) {
  if (verdict === "overcharge") day.overcharge++;
  else if (verdict === "undercharge") day.undercharge++;
  else day.unpriced++;
}
