import * as inventory from "../../data/inventory-repo";
import * as repo from "../../data/itineraries-repo";
import { enqueueNotification } from "../../data/notifications-repo";
import { insertPayment } from "../../data/payments-repo";
import { withTransaction } from "../../data/unit-of-work";
import type { ServiceContext } from "../context";
import { businessRule, conflict } from "../errors";
import { requireActor } from "../scope";
import { changedState, checkVersion, loadItinerary, loadOutstanding, snapshot } from "./load";
import { assertCanWrite, requireVerbRole } from "./policy";
import type { Uow } from "./types";
import { viewAfterWrite } from "./view";
import type { BankTransferInput } from "./schemas";
import { type PaidVia, summaryOf } from "../../domain/itineraries/history-summary";

/**
 * Turns a hold into bookings, inside the caller's unit of work: the payment code's when a
 * payment succeeds, or `recordBankTransfer`'s.
 */
export async function confirmHeld(uow: Uow, itineraryId: string, via: PaidVia): Promise<void> {
  const trx = uow.db;
  const now = uow.clock.now();
  const itn = await repo.findItinerary(trx, itineraryId);
  if (!itn || itn.status !== "held")
    throw conflict(`Only a held itinerary can be confirmed (it is ${itn?.status ?? "unknown"}).`, "invalid_state");
  if (!itn.hold_expires_at || itn.hold_expires_at <= now.toISOString())
    throw conflict("The hold has expired.", "hold_expired");
  const before = await snapshot(uow, trx, itn);
  await inventory.bookReservations(trx, itn.id);
  const set = { status: "confirmed" as const, hold_expires_at: null, updated_at: now.toISOString() };
  if (!(await repo.bumpVersion(trx, itn.id, itn.version, set)))
    throw conflict("The itinerary changed meanwhile.", "concurrent_change");
  await repo.recordChange(trx, {
    itn,
    ...(await changedState(uow, trx, itn.id)),
    actor: uow.actor,
    at: uow.clock.now(),
    action: "confirmed",
    summary: summaryOf.confirmed(via),
    before,
    notify: "itinerary_confirmed",
  });
}

/** An agent records a bank transfer for what is due now and confirms the held itinerary. */
export async function recordBankTransfer({ ctx, input }: { ctx: ServiceContext; input: BankTransferInput }) {
  const actor = requireActor(ctx);
  requireVerbRole(actor, "bankTransfer");
  const itn = await loadItinerary(ctx, input.id);
  assertCanWrite(actor, itn);
  checkVersion(itn, input.ifMatch);
  if (itn.status !== "held")
    throw conflict(`Only a held itinerary can be paid (it is ${itn.status}).`, "invalid_state");
  const { amount: outstanding, currency } = await loadOutstanding(ctx, ctx.db, itn);
  if (input.amount.currency !== currency || input.amount.amount !== outstanding) {
    throw businessRule("amount_mismatch", `What is due now is ${outstanding} ${currency} (minor units).`, [
      { path: "body.amount", message: `must be {amount: ${outstanding}, currency: ${currency}}` },
    ]);
  }
  const now = ctx.clock.now();
  await withTransaction(ctx, async (uow) => {
    const trx = uow.db;
    await insertPayment(trx, {
      itineraryId: itn.id,
      kind: "payment",
      method: "bank_transfer",
      status: "succeeded",
      amount: outstanding,
      currency,
      reference: input.reference,
      createdBy: actor.userId,
      now,
    });
    await enqueueNotification(trx, {
      userId: itn.patient_user_id,
      kind: "payment_received",
      language: itn.patient_language,
      subjectId: itn.id,
      payload: { itineraryId: itn.id, amount: { amount: outstanding, currency }, method: "bank_transfer" },
      now,
    });
    await confirmHeld(uow, itn.id, { method: "bank_transfer", reference: input.reference });
  });
  return viewAfterWrite(ctx, itn.id);
}
