import { keysetLineSource } from "../../data/parity-lines-keyset";
import type { TariffTerms } from "../../data/report-lines";
import { emptySummary } from "../../domain/parity/summary";
import type { ServiceContext } from "../context";
import { validationError } from "../errors";
import { hospitalFor, parityIndexOf } from "./load";
import type { ReportFormat, ReportLine, ReportMeta } from "./report-formats";
import { type ReportPiece, ReportWriter } from "./report-writer";

/**
 * Billing's parity report: every medical line with a service date in [from, to], charged vs
 * domestic unit price, deviation and verdict.
 *
 * `pieces(format)` streams its lines: each step reads one batch from the line source
 * (`ctx.reportLines` when the entry wired one, else keyset batches through `ctx.db`), and the
 * report's `ReportWriter` judges it, tallies it and writes it as one piece. With `bytes`, a batch
 * the source matched against the tariff, whose quote ids need no escaping, comes as UTF-8 bytes.
 * `summary()` is complete once `pieces` is done. `reportBytes` (report-writer.ts) writes the whole
 * report: head, lines, summary.
 */
export async function parityReport({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { hospitalId: string; from: string; to: string };
}) {
  if (input.to < input.from)
    throw validationError("`to` is before `from`.", [{ path: "query.to", message: "must be on or after from" }]);
  const hospital = await hospitalFor(ctx, input.hospitalId);
  const index = await parityIndexOf(ctx, hospital.id);
  const generatedAt = ctx.clock.now().toISOString();
  const source = ctx.reportLines ?? keysetLineSource(ctx.db);
  const summary = emptySummary();
  // What a source that matches lines itself compares them with: item i of `priced` is id i.
  const priced = index.exactItems();
  const terms: TariffTerms = { items: priced, inForceFrom: index.effectiveDates(), generatedAt };
  const meta: ReportMeta = {
    hospitalId: hospital.id,
    currency: hospital.currency,
    from: input.from,
    to: input.to,
    generatedAt,
  };

  async function* pieces(
    format: ReportFormat,
    opts: { bytes?: boolean; observe?: (line: ReportLine) => void } = {},
  ): AsyncGenerator<ReportPiece, void, undefined> {
    const writer = new ReportWriter(format, index, generatedAt, summary, priced, opts.observe);
    for await (const batch of source.batches(hospital.id, input.from, input.to, terms)) {
      if (batch.rows !== undefined) {
        if (batch.rows.length > 0) yield writer.rows(batch.rows);
        continue;
      }
      const matched = batch.matched;
      if (matched.lines.length === 0) continue;
      yield opts.bytes === true && matched.quoteIdsPlain === true
        ? { bytes: writer.matchedBytes(matched) }
        : writer.matchedText(matched);
    }
  }

  return { meta, pieces, summary: () => summary };
}
