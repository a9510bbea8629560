import { ratesUpTo } from "../../data/fx-repo";
import * as repo from "../../data/itineraries-repo";
import type { AgencyFeeTerms, HospitalInfo } from "../../data/itineraries-repo";
import { paymentsOf } from "../../data/payments-repo";
import type { FeePolicy } from "../../domain/pricing/fees";
import { PricingError } from "../../domain/pricing/money";
import { type PricedItinerary, priceItinerary } from "../../domain/pricing/totals";
import { localDate } from "../../domain/time/local-time";
import type { ServiceContext } from "../context";
import { businessRule } from "../errors";
import type { Db, ResolvedComponent } from "./types";

export function feePolicyFrom(a: AgencyFeeTerms | null | undefined): FeePolicy | null {
  return a ? { percentBp: a.fee_percent_bp, flat: { amount: a.fee_flat_amount, currency: a.fee_currency } } : null;
}

export async function feePolicyOf(db: Db, agencyId: string | null): Promise<FeePolicy | null> {
  if (!agencyId) return null;
  return feePolicyFrom(await repo.findAgency(db, agencyId));
}

/** The pricing block's list a domain pricing path (`travel.2`) names. */
const LISTS = new Map([
  ["medical", "medicalLines"],
  ["travel", "travelLines"],
  ["fees", "feeLines"],
]);

/** Prices resolved components. `feePolicy`: the agency's terms when read with the itinerary (else read here). */
export async function priceOf(
  ctx: Pick<ServiceContext, "clock">,
  db: Db,
  itn: { agency_id: string | null; patient_currency: string },
  hospital: HospitalInfo,
  resolved: ResolvedComponent[],
  feePolicy?: FeePolicy | null,
): Promise<PricedItinerary> {
  const today = localDate(ctx.clock.now(), hospital.zone);
  try {
    return priceItinerary({
      medical: resolved.flatMap((r) => r.medical),
      travel: resolved.flatMap((r) => (r.travel ? [r.travel] : [])),
      feePolicy: feePolicy !== undefined ? feePolicy : await feePolicyOf(db, itn.agency_id),
      hospitalCurrency: hospital.currency,
      patientCurrency: itn.patient_currency,
      rates: await ratesUpTo(db, today),
      onDate: today,
    });
  } catch (err) {
    if (err instanceof PricingError) {
      // The line to blame, as the itinerary's pricing block lists it (`pricing.travelLines.2`).
      const [kind, index] = err.path?.split(".") ?? [];
      const list = kind === undefined ? undefined : LISTS.get(kind);
      throw businessRule(
        err.code,
        err.message,
        list === undefined ? undefined : [{ path: `pricing.${list}.${index}`, message: err.message }],
      );
    }
    throw err;
  }
}

/** Paid and refunded so far, in the hospital currency (what Caravan charges in). */
export async function moneyState(db: Db, itineraryId: string) {
  const rows = await paymentsOf(db, itineraryId);
  const paid = rows.filter((p) => p.kind === "payment" && p.status === "succeeded").reduce((s, p) => s + p.amount, 0);
  const refunded = rows.filter((p) => p.kind === "refund" && p.status !== "failed").reduce((s, p) => s + p.amount, 0);
  return { rows, paid, refunded };
}

/** How a refund goes back: the way the itinerary was first paid (a bank transfer when never paid by card). */
export function refundMethodOf(rows: { kind: string; status: string; method: string }[]) {
  const method = rows.find((p) => p.kind === "payment" && p.status === "succeeded")?.method ?? "bank_transfer";
  return { method, status: method === "card" ? "pending" : "pending_manual" };
}
