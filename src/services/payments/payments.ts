import { getHospital } from "../../data/catalog-repo";
import * as inventory from "../../data/inventory-repo";
import * as repo from "../../data/itineraries-repo";
import * as payments from "../../data/payments-repo";
import { enqueueNotification } from "../../data/notifications-repo";
import { withTransaction, withUnitOfWork } from "../../data/unit-of-work";
import type { ServiceContext } from "../context";
import type { PaymentEvent } from "../../ports/payments";
import { conflict, UnavailableError, UpstreamError, ValidationError } from "../errors";
import { confirmHeld } from "../itineraries/confirm";
import { releaseHold } from "../itineraries/expire";
import { loadItinerary, loadOutstanding, resolveStored } from "../itineraries/load";
import { assertCanPay, requireVerbRole } from "../itineraries/policy";
import type { Uow } from "../itineraries/types";
import { processRefunds } from "../refunds/process";
import { requireActor } from "../scope";
import type { CardPaymentInput, StripeWebhookInput } from "../itineraries/schemas";
import { summaryOf } from "../../domain/itineraries/history-summary";

export const paymentsUnavailable = () =>
  new UnavailableError(
    "payments_unavailable",
    "Card payments unavailable",
    "Card payment is not configured on this server (STRIPE_SECRET_KEY is not set). Everything else works; an " +
      "agent can record a bank transfer instead.",
  );

export const providerError = () =>
  new UpstreamError(
    "payment_provider_error",
    "Payment provider error",
    "The card payment provider did not answer as expected; nothing was charged twice. Try again shortly.",
  );

export function isProviderError(err: unknown): boolean {
  return (
    err instanceof Error && (err.name === "PaymentProviderError" || err.constructor.name === "PaymentProviderError")
  );
}

/** Who pays what is due now on a held or confirmed itinerary, by card: the checks both card verbs make first. */
export async function cardPaymentDue(ctx: ServiceContext, id: string) {
  const actor = requireActor(ctx);
  requireVerbRole(actor, "pay");
  if (!ctx.payments) throw paymentsUnavailable();
  const itn = await loadItinerary(ctx, id);
  assertCanPay(actor, itn);
  if (itn.status !== "held" && itn.status !== "confirmed")
    throw conflict(`Hold the itinerary first (it is ${itn.status}).`, "invalid_state");
  const due = await loadOutstanding(ctx, ctx.db, itn);
  if (due.amount <= 0) throw conflict("Nothing is due now.", "nothing_due");
  return { actor, port: ctx.payments, itn, due };
}

export const paymentMetadata = (itn: { id: string; version: number; patient_id: string }) => ({
  itineraryId: itn.id,
  itineraryVersion: String(itn.version),
  patientId: itn.patient_id,
});
export const paymentDescription = (itineraryId: string) =>
  `Caravan itinerary ${itineraryId}: travel and concierge fees`;

/** A call to the card provider: its failure is logged and answered as the provider's error, never a 500. */
export async function callProvider<T>(ctx: ServiceContext, itineraryId: string, what: string, call: () => Promise<T>) {
  try {
    return await call();
  } catch (err) {
    ctx.logger.error(what, { itineraryId, error: err instanceof Error ? err.name : "unknown" });
    if (isProviderError(err)) throw providerError();
    throw err;
  }
}

/** The payment row of a started card payment (intent or checkout session), once per provider reference. */
export async function startedCardPayment(
  ctx: ServiceContext,
  userId: string,
  itineraryId: string,
  started: { id: string; amount: number; currency: string },
): Promise<string> {
  const existing = await payments.findPaymentIdByProviderRef(ctx.db, started.id);
  if (existing) return existing.id;
  return withUnitOfWork(ctx.db, async (trx) => {
    const id = await payments.insertPayment(trx, {
      itineraryId,
      kind: "payment",
      method: "card",
      status: "requires_payment",
      amount: started.amount,
      currency: started.currency,
      reference: null,
      createdBy: userId,
      now: ctx.clock.now(),
    });
    await payments.updatePayment(trx, id, { provider_ref: started.id });
    return id;
  });
}

/**
 * Starts a card payment for what is due now: a Stripe PaymentIntent with Stripe's own
 * idempotency key derived from ours (or from the itinerary version and amount), so a retry
 * never creates a second charge.
 */
export async function createCardPayment({ ctx, input }: { ctx: ServiceContext; input: CardPaymentInput }) {
  const { actor, port, itn, due } = await cardPaymentDue(ctx, input.id);
  const key = input.idempotencyKey
    ? `caravan:${itn.id}:${input.idempotencyKey}`
    : `caravan:${itn.id}:v${itn.version}:${due.amount}`;
  const intent = await callProvider(ctx, itn.id, "payment intent failed", () =>
    port.createPaymentIntent({
      amount: due.amount,
      currency: due.currency,
      metadata: paymentMetadata(itn),
      description: paymentDescription(itn.id),
      idempotencyKey: key,
    }),
  );
  const paymentId = await startedCardPayment(ctx, actor.userId, itn.id, intent);
  return {
    paymentId,
    paymentIntentId: intent.id,
    clientSecret: intent.clientSecret,
    amount: { amount: intent.amount, currency: intent.currency },
    status: intent.status,
  };
}

/** Re-takes the inventory of an itinerary whose hold expired before its payment arrived. */
async function rehold(uow: Uow, itineraryId: string): Promise<boolean> {
  const trx = uow.db;
  const itn = (await repo.findItinerary(trx, itineraryId))!;
  const resolved = await resolveStored(trx, itn, (await getHospital(trx, itn.hospital_id))!);
  const now = uow.clock.now();
  const expiresAt = new Date(now.getTime() + 5 * 60_000).toISOString();
  const needs = resolved
    .flatMap((r) => r.needs.map((n) => ({ id: r.id, n })))
    .sort((a, b) => (a.n.resource + a.n.key).localeCompare(b.n.resource + b.n.key));
  for (const { id, n } of needs) {
    if (!(await inventory.take(trx, n))) return false;
    await inventory.insertReservation(trx, {
      itineraryId: itn.id,
      componentId: id,
      need: n,
      status: "held",
      expiresAt,
      now,
    });
  }
  return repo.bumpVersion(trx, itn.id, itn.version, {
    status: "held",
    hold_expires_at: expiresAt,
    updated_at: now.toISOString(),
  });
}

/**
 * Applies one verified Stripe event, once (its id is stored in the same transaction). Duplicates,
 * unknown intents and out-of-order deliveries change nothing.
 */
export async function applyPaymentEvent(ctx: ServiceContext, event: PaymentEvent): Promise<{ outcome: string }> {
  const now = ctx.clock.now();
  const outcome = await withTransaction(ctx, async (uow) => {
    const trx = uow.db;
    const fresh = await payments.recordWebhookEvent(trx, {
      id: event.id,
      type: event.type,
      object_id: event.object.id,
      received_at: now.toISOString(),
    });
    if (!fresh) return "duplicate";
    const result = await applyInTransaction(uow, event, now);
    await payments.setWebhookOutcome(trx, event.id, result);
    return result;
  });
  return { outcome };
}

const CHECKOUT_PAID = new Set(["checkout.session.completed", "checkout.session.async_payment_succeeded"]);

/**
 * A paid Checkout Session as the success of its PaymentIntent: the payment row started under the
 * session's id takes the intent's id (refunds go through it), then the intent path applies it.
 * Stripe's own `payment_intent.succeeded` for the same intent then finds it already applied.
 */
async function checkoutAsIntent(trx: Uow["db"], event: PaymentEvent): Promise<PaymentEvent | string> {
  const intentId = event.object.paymentIntent;
  if (event.object.paymentStatus !== "paid" || !intentId) return "checkout_unpaid";
  const started = await payments.findPaymentIdByProviderRef(trx, event.object.id);
  if (started) await payments.updatePayment(trx, started.id, { provider_ref: intentId });
  return { ...event, type: "payment_intent.succeeded", object: { ...event.object, id: intentId } };
}

async function applyInTransaction(uow: Uow, received: PaymentEvent, now: Date): Promise<string> {
  const trx = uow.db;
  const event = CHECKOUT_PAID.has(received.type) ? await checkoutAsIntent(trx, received) : received;
  if (typeof event === "string") return event;
  if (event.type !== "payment_intent.succeeded" && event.type !== "payment_intent.payment_failed") return "ignored";
  // Events for one intent (Stripe retries under new ids, or races) apply one after another: on
  // PostgreSQL the payment row is locked first, so the later one reads the earlier one's outcome.
  // SQLite and D1 run one writing transaction at a time already.
  const payment = await payments.findCardPaymentForUpdate(trx, event.object.id, uow.dialect === "postgres");
  if (!payment) return "unknown_intent";
  const itn = (await repo.findItinerary(trx, payment.itinerary_id))!;
  const nowIso = now.toISOString();
  if (event.type === "payment_intent.payment_failed") {
    if (payment.status === "succeeded") return "ignored_out_of_order";
    await payments.updatePayment(trx, payment.id, {
      status: "failed",
      failure_reason: event.object.lastError ?? "declined",
      updated_at: nowIso,
    });
    await enqueueNotification(trx, {
      userId: itn.patient_user_id,
      kind: "payment_failed",
      language: itn.patient_language,
      subjectId: itn.id,
      payload: {
        itineraryId: itn.id,
        amount: { amount: payment.amount, currency: payment.currency },
        reason: event.object.lastError ?? null,
        holdExpiresAt: itn.hold_expires_at,
      },
      now,
    });
    return "payment_failed";
  }
  if (payment.status === "succeeded") return "already_applied";
  await payments.updatePayment(trx, payment.id, { status: "succeeded", failure_reason: null, updated_at: nowIso });
  await enqueueNotification(trx, {
    userId: itn.patient_user_id,
    kind: "payment_received",
    language: itn.patient_language,
    subjectId: itn.id,
    payload: { itineraryId: itn.id, amount: { amount: payment.amount, currency: payment.currency }, method: "card" },
    now,
  });
  const refundAll = async (reason: string) => {
    await payments.insertPayment(trx, {
      itineraryId: itn.id,
      kind: "refund",
      method: "card",
      status: "pending",
      amount: payment.amount,
      currency: payment.currency,
      reference: reason,
      createdBy: null,
      now,
    });
    return reason;
  };
  const heldAndLive = itn.status === "held" && !!itn.hold_expires_at && itn.hold_expires_at > nowIso;
  if (itn.status === "confirmed" || itn.status === "cancelled" || itn.status === "completed") {
    // Paid for something already confirmed or gone: only a top-up of a confirmed itinerary is kept.
    const due = await loadOutstanding(uow, trx, itn);
    if (itn.status === "confirmed" && due.amount >= 0) return "top_up";
    return refundAll(`refund_not_needed_${itn.status}`);
  }
  if (!heldAndLive) {
    // The hold ran out before the money arrived: take everything again if it is still there.
    if (itn.status === "held") await releaseHold(trx, (await repo.findItinerary(trx, itn.id))!, now);
    const ok = await rehold(uow, itn.id);
    if (!ok) {
      // Give back anything partially re-taken in this attempt, then refund.
      const partial = (await inventory.activeReservations(trx, itn.id)).filter((r) => r.status === "held");
      await inventory.releaseReservations(trx, partial, now);
      return refundAll("inventory_gone_after_hold_expired");
    }
  }
  await confirmHeld(uow, itn.id, { method: "card", reference: event.object.id });
  return heldAndLive ? "confirmed" : "reheld_and_confirmed";
}

export async function handleStripeWebhook({ ctx, input }: { ctx: ServiceContext; input: StripeWebhookInput }) {
  if (!ctx.payments) throw paymentsUnavailable();
  if (!input.signature)
    throw new ValidationError("invalid_signature", "Invalid signature", "The Stripe-Signature header is missing.", [
      { path: "header.stripe-signature", message: "required" },
    ]);
  let event: PaymentEvent;
  try {
    event = await ctx.payments.verifyWebhook(input.rawBody, input.signature);
  } catch {
    throw new ValidationError(
      "invalid_signature",
      "Invalid signature",
      "The webhook signature does not match the payload, or it is too old.",
      [{ path: "header.stripe-signature", message: "invalid or stale" }],
    );
  }
  const { outcome } = await applyPaymentEvent(ctx, event);
  if (outcome.startsWith("refund") || outcome === "inventory_gone_after_hold_expired") {
    const ref = event.object.paymentIntent ?? event.object.id;
    const payment = await payments.findPaymentItineraryByProviderRef(ctx.db, ref);
    if (payment) await processRefunds(ctx, payment.itinerary_id);
  }
  ctx.logger.info("stripe event", { eventId: event.id, type: event.type, outcome });
  return { received: true as const, eventId: event.id, outcome };
}
