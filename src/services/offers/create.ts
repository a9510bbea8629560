import { isUniqueViolation } from "../../data/errors";
import { newId } from "../../data/ids";
import * as repo from "../../data/itineraries-repo";
import type { LoadedItinerary } from "../../data/itineraries-repo";
import { enqueueNotification } from "../../data/notifications-repo";
import { closeOffer, insertOffer, type NewOffer, openOfferOf } from "../../data/offers-repo";
import type { ChangeOfferRow } from "../../data/schema";
import { withTransaction } from "../../data/unit-of-work";
import type { ServiceContext } from "../context";
import { conflict, preconditionFailed } from "../errors";
import { type ChangePlan, planChange } from "../itineraries/change-plan";
import { paramsJson } from "../itineraries/component-input";
import { takeAll } from "../itineraries/hold";
import { checkVersion, loadWithHospital } from "../itineraries/load";
import { moneyState } from "../itineraries/pricing";
import type { Uow } from "../itineraries/types";
import { requireActor } from "../scope";
import { assertCanOffer } from "./policy";
import { offerHistory, releaseOffer } from "./records";
import { OFFER_MINUTES, type CreateOfferInput } from "./schemas";
import { summarize } from "./summary";
import { offerView } from "./view";
import { summaryOf } from "../../domain/itineraries/history-summary";

/** The patient's page of an offer (the email links it; the web app serves it). */
export const offerPath = (itineraryId: string, offerId: string) => `/trips/${itineraryId}/offers/${offerId}`;

async function offerRow(
  ctx: ServiceContext,
  itn: LoadedItinerary,
  plan: ChangePlan,
  input: CreateOfferInput,
  at: { id: string; now: Date; validUntil: string },
): Promise<NewOffer> {
  const { paid, refunded } = await moneyState(ctx.db, itn.id);
  const after = plan.after.priced;
  const before = plan.before.priced;
  return {
    id: at.id,
    itinerary_id: itn.id,
    base_version: itn.version,
    action: plan.action,
    component_id: plan.componentId,
    change: JSON.stringify(input.change),
    params: plan.params ? JSON.stringify({ type: plan.params.type, ...JSON.parse(paramsJson(plan.params)) }) : null,
    hospital_currency: after.hospitalCurrency.grandTotal.currency,
    difference_hospital: after.hospitalCurrency.grandTotal.amount - before.hospitalCurrency.grandTotal.amount,
    patient_currency: after.patientCurrency.grandTotal.currency,
    difference_patient: after.patientCurrency.grandTotal.amount - before.patientCurrency.grandTotal.amount,
    amount_due: after.hospitalCurrency.dueNow.amount - (paid - refunded),
    summary: JSON.stringify(summarize(plan, after.hospitalCurrency.grandTotal.currency)),
    reason: input.reason,
    valid_until: at.validUntil,
    created_by: requireActor(ctx).userId,
    created_at: at.now.toISOString(),
  };
}

/** The open offer a new one replaces: closed as superseded and what it held given back. */
async function supersede(uow: Uow, open: ChangeOfferRow, by: string, now: Date) {
  if (!(await closeOffer(uow.db, open.id, "superseded", uow.actor?.userId ?? null, now))) return;
  await releaseOffer(uow.db, open.itinerary_id, open.id, now);
  await offerHistory(uow, open.itinerary_id, {
    action: "offer_superseded",
    summary: summaryOf.offerReplaced(open.id, by),
    offer: { ...open, status: "superseded" },
    now,
  });
}

/**
 * An agent proposes a change of a held or confirmed trip to its patient: priced as change-components
 * prices it, holding the new inventory until `validMinutes` have passed. A newer offer on the same
 * trip supersedes the open one (and releases what it held), all in one transaction.
 */
export async function createChangeOffer({ ctx, input }: { ctx: ServiceContext; input: CreateOfferInput }) {
  const actor = requireActor(ctx);
  const { itn, hospital, feePolicy } = await loadWithHospital(ctx, input.id);
  assertCanOffer(actor);
  if (itn.status !== "confirmed" && itn.status !== "held")
    throw conflict(`A ${itn.status} trip changes directly; offers are for held and confirmed trips.`, "invalid_state");
  checkVersion(itn, input.ifMatch);
  const plan = await planChange(ctx, ctx.db, itn, { hospital, feePolicy }, input.change);
  const now = ctx.clock.now();
  const minutes = input.validMinutes ?? OFFER_MINUTES.default;
  // On a held trip the offer lasts no longer than the hold (what it holds goes back with it).
  const asked = new Date(now.getTime() + minutes * 60_000).toISOString();
  const validUntil =
    itn.status === "held" && itn.hold_expires_at && itn.hold_expires_at < asked ? itn.hold_expires_at : asked;
  const row = await offerRow(ctx, itn, plan, input, { id: newId("cof", now), now, validUntil });
  await withTransaction(ctx, (uow) => writeOffer(uow, itn, plan, row)).catch((err: unknown) => {
    // Two offers made at once on PostgreSQL: the open-offer index lets one in.
    if (isUniqueViolation(err))
      throw conflict("Another change offer was made meanwhile: reload and retry.", "conflict");
    throw err;
  });
  return offerView({ ...row, status: "open", decided_by: null, decided_at: null });
}

/** Supersedes the open offer, holds the new inventory, stores the offer and tells the patient. */
async function writeOffer(uow: Uow, itn: LoadedItinerary, plan: ChangePlan, row: NewOffer) {
  const trx = uow.db;
  const now = new Date(row.created_at);
  const validUntil = row.valid_until;
  const fresh = await repo.findItinerary(trx, itn.id);
  if (fresh?.version !== itn.version) throw preconditionFailed("The trip changed meanwhile: reload it and retry.");
  const open = await openOfferOf(trx, itn.id);
  if (open) await supersede(uow, open, row.id, now);
  const needs = (plan.added?.needs ?? []).map((need) => ({ componentId: row.id, need }));
  await takeAll(uow, itn.id, needs, "held", validUntil, now);
  await insertOffer(trx, row);
  await offerHistory(uow, itn.id, {
    action: "offer_created",
    summary: summaryOf.offerSent(row.id, validUntil, row.reason),
    offer: { ...row, status: "open" },
    now,
  });
  await enqueueNotification(trx, {
    userId: itn.patient_user_id,
    kind: "change_offer",
    language: itn.patient_language,
    subjectId: itn.id,
    payload: {
      itineraryId: itn.id,
      offerId: row.id,
      link: offerPath(itn.id, row.id),
      reason: row.reason,
      difference: { amount: row.difference_hospital, currency: row.hospital_currency },
      differencePatient: { amount: row.difference_patient, currency: row.patient_currency },
      amountDue: { amount: row.amount_due, currency: row.hospital_currency },
      validUntil,
    },
    now,
  });
}
