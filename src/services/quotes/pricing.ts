import type { QuoteLineRow } from "../../data/schema";
import { affirmationDocument, serializeAffirmation } from "../../domain/parity/affirmation";
import { convert, type ResolvedRate } from "../../domain/pricing/fx";
import type { PricedMedicalLine } from "../../domain/pricing/medical";
import { PricingError } from "../../domain/pricing/money";
import type { ServiceContext } from "../context";

/** How long a quote's prices are guaranteed before it must be refreshed. */
export const QUOTE_VALID_DAYS = 14;

/** The stored rows of a quote's priced lines. */
export function lineRows(quoteId: string, hospitalId: string, lines: PricedMedicalLine[]): QuoteLineRow[] {
  return lines.map((l) => ({
    quote_id: quoteId,
    line_no: l.lineNo,
    hospital_id: hospitalId,
    code: l.code,
    name: JSON.stringify(l.name),
    department_code: l.department,
    service_class: l.serviceClass,
    kind: l.kind,
    unit: l.unit,
    quantity: l.quantity,
    service_date: l.serviceDate,
    unit_price: l.unitPrice,
    line_total: l.lineTotal,
    tariff_version_id: l.tariffVersionId,
    tariff_version: l.tariffVersion,
    standard_unit_price: l.standardUnitPrice ?? null,
  }));
}

export async function sign(ctx: ServiceContext, doc: Parameters<typeof affirmationDocument>[0]) {
  const payload = serializeAffirmation(affirmationDocument(doc));
  return { payload, signature: await ctx.signer.sign(payload), keyId: ctx.signer.keyId };
}

export function fxJson(rate: ResolvedRate) {
  return JSON.stringify({ from: rate.from, to: rate.to, rate: rate.display, source: rate.source, asOf: rate.asOf });
}

/** A line whose amount, or the running total at it, leaves the safe integer range. */
export class LineOverflow extends Error {
  constructor(
    readonly lineNo: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The medical total in the hospital's and the patient's currency, each the sum of the lines as shown
 * in it (each line converted once, half-even), so both equal their lines. Throws LineOverflow.
 */
export function medicalTotals(
  lines: PricedMedicalLine[],
  hospitalCurrency: string,
  rate: ResolvedRate,
): { medical: number; patient: number } {
  let medical = 0;
  let patient = 0;
  for (const l of lines) {
    let shown: number;
    try {
      shown = convert({ amount: l.lineTotal, currency: hospitalCurrency }, rate).amount;
    } catch (err) {
      if (err instanceof PricingError && err.code === "amount_overflow") {
        throw new LineOverflow(
          l.lineNo,
          `line ${l.lineNo}: its amount in ${rate.to} is beyond the largest amount Caravan can hold`,
        );
      }
      throw err;
    }
    // Safe integers past the safe range never round back into it: one check after each addition suffices.
    medical += l.lineTotal;
    patient += shown;
    if (!Number.isSafeInteger(medical) || !Number.isSafeInteger(patient)) {
      throw new LineOverflow(
        l.lineNo,
        `line ${l.lineNo}: the medical total passes the largest amount Caravan can hold at this line`,
      );
    }
  }
  return { medical, patient };
}
