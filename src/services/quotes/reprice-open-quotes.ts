import type { Kysely, Transaction } from "kysely";
import { ratesUpTo } from "../../data/fx-repo";
import { enqueueNotification } from "../../data/notifications-repo";
import * as repo from "../../data/quotes-repo";
import type { Database } from "../../data/schema";
import { foreignDepartmentCodes } from "../../data/tariffs-repo";
import { type FxRate, type ResolvedRate, resolveRate } from "../../domain/pricing/fx";
import { type PricedMedicalLine, priceMedicalLines } from "../../domain/pricing/medical";
import type { TariffVersion } from "../../domain/pricing/tariff";
import type { ServiceContext } from "../context";
import { fxJson, LineOverflow, lineRows, medicalTotals, sign } from "./pricing";

type Trx = Transaction<Database>;
type Args = { hospitalId: string; fromDate: string; versions: TariffVersion[]; reason: string };
type Db = Kysely<Database> | Transaction<Database>;
type Change = { quoteId: string; revision: number; before: number; after: number; withdrawn: boolean };
type Repriced = { lines: PricedMedicalLine[]; rate: ResolvedRate | undefined; problems: string[]; totals?: Totals };
type Totals = { medical: number; patient: number };

/** The quote's lines priced again from `versions`, and its totals, or the problems that forbid it. */
function reprice(q: repo.QuoteWithLines, args: Args, rates: FxRate[], today: string, foreign?: Set<string>): Repriced {
  const { lines, violations } = priceMedicalLines(
    q.lines.map((l) => ({
      code: l.code,
      quantity: l.quantity,
      serviceDate: l.service_date,
      department: l.department_code,
      serviceClass: l.service_class,
    })),
    args.versions,
    { foreignDepartments: foreign },
  );
  const rate = resolveRate(rates, q.hospital_currency, q.patient_currency, today);
  const problems = violations.map((v) => v.message);
  if (problems.length > 0) return { lines, rate, problems };
  try {
    const totals = rate
      ? medicalTotals(lines, q.hospital_currency, rate)
      : { medical: lines.reduce((s, l) => s + l.lineTotal, 0), patient: q.medical_total_patient };
    return { lines, rate, problems, totals };
  } catch (err) {
    if (!(err instanceof LineOverflow)) throw err;
    return { lines, rate, problems: [err.message] };
  }
}

/** True when every line keeps its price, total, tariff version and standard price. */
function unchanged(q: repo.QuoteWithLines, lines: PricedMedicalLine[]): boolean {
  return lines.every((l, i) => {
    const old = q.lines[i]!;
    return (
      old.unit_price === l.unitPrice &&
      old.line_total === l.lineTotal &&
      old.tariff_version_id === l.tariffVersionId &&
      (old.standard_unit_price ?? null) === (l.standardUnitPrice ?? null)
    );
  });
}

async function withdraw(trx: Trx, now: Date, q: repo.QuoteWithLines, reason: string): Promise<Change> {
  await repo.withdrawQuote(trx, q.id, q.revision, reason, now.toISOString());
  await enqueueNotification(trx, {
    userId: q.patient_user_id,
    kind: "quote_withdrawn",
    language: q.patient_language,
    subjectId: q.id,
    payload: { quoteId: q.id, reason },
    now,
  });
  return { quoteId: q.id, revision: q.revision, before: q.medical_total, after: q.medical_total, withdrawn: true };
}

/** Stores the new prices as the next revision, re-signed, and tells the patient. */
async function storeRevision(
  ctx: ServiceContext,
  trx: Trx,
  q: repo.QuoteWithLines,
  r: Repriced & { totals: Totals },
  reason: string,
  now: Date,
): Promise<Change> {
  const nowIso = now.toISOString();
  const { lines, totals } = r;
  const revision = q.revision + 1;
  const affirmation = await sign(ctx, {
    quoteId: q.id,
    revision,
    hospitalId: q.hospital_id,
    currency: q.hospital_currency,
    issuedAt: nowIso,
    lines,
  });
  await repo.replaceQuotePricing(
    trx,
    q.id,
    q.revision,
    {
      revision,
      medical_total: totals.medical,
      medical_total_patient: totals.patient,
      fx: r.rate ? fxJson(r.rate) : q.fx,
      affirmation_payload: affirmation.payload,
      affirmation_signature: affirmation.signature,
      affirmation_key_id: affirmation.keyId,
      updated_at: nowIso,
    },
    lineRows(q.id, q.hospital_id, lines),
  );
  const before = q.medical_total;
  await enqueueNotification(trx, {
    userId: q.patient_user_id,
    kind: "quote_repriced",
    language: q.patient_language,
    subjectId: q.id,
    payload: {
      quoteId: q.id,
      reason,
      before: { amount: before, currency: q.hospital_currency },
      after: { amount: totals.medical, currency: q.hospital_currency },
      lines: lines.map((l, i) => ({
        lineNo: l.lineNo,
        code: l.code,
        before: q.lines[i]!.unit_price,
        after: l.unitPrice,
      })),
    },
    now,
  });
  return { quoteId: q.id, revision, before, after: totals.medical, withdrawn: false };
}

/**
 * After a new tariff version: re-prices every open quote of the hospital with a line on or after
 * `fromDate`, up or down, exactly as a domestic bill would change; re-signs it; tells the patient.
 * A quote whose code does not exist in the new version is withdrawn (never silently kept at the old
 * price). Runs inside the caller's transaction.
 */
export async function repriceOpenQuotes(ctx: ServiceContext, trx: Trx, args: Args): Promise<Change[]> {
  const now = ctx.clock.now();
  const changed: Change[] = [];
  for await (const { q, r } of repricings(trx, now, args)) {
    if (r.problems.length > 0 || r.totals === undefined) {
      changed.push(await withdraw(trx, now, q, `Re-pricing after ${args.reason}: ${r.problems.join("; ")}`));
    } else if (!unchanged(q, r.lines)) {
      changed.push(await storeRevision(ctx, trx, q, { ...r, totals: r.totals }, args.reason, now));
    }
  }
  return changed;
}

/** Each open quote of the hospital with a line on or after `fromDate`, still valid, and its prices from `versions`. */
async function* repricings(db: Db, now: Date, args: Omit<Args, "reason">) {
  const nowIso = now.toISOString();
  const today = nowIso.slice(0, 10);
  const ids = await repo.openQuoteIdsFrom(db, args.hospitalId, args.fromDate);
  const rates = await ratesUpTo(db, today);
  const foreign = ids.length === 0 ? undefined : await foreignDepartmentCodes(db, args.hospitalId);
  for (const id of ids) {
    const q = (await repo.findQuote(db, id))!;
    if (q.valid_until < nowIso) continue; // expired quotes are re-priced when refreshed, not here
    yield { q, r: reprice(q, { ...args, reason: "" }, rates, today, foreign) };
  }
}

/**
 * What repriceOpenQuotes would do with `versions` (a version not yet stored among them), without doing
 * it: each open quote it would re-price (before → after, in the hospital's currency) or withdraw. Reads only.
 */
export async function previewOpenQuoteRepricing(
  db: Db,
  now: Date,
  args: Omit<Args, "reason">,
): Promise<(Change & { problems: string[] })[]> {
  const out: (Change & { problems: string[] })[] = [];
  for await (const { q, r } of repricings(db, now, args)) {
    const base = { quoteId: q.id, revision: q.revision, before: q.medical_total };
    if (r.problems.length > 0 || r.totals === undefined)
      out.push({ ...base, after: q.medical_total, withdrawn: true, problems: r.problems });
    else if (!unchanged(q, r.lines)) out.push({ ...base, after: r.totals.medical, withdrawn: false, problems: [] });
  }
  return out;
}
