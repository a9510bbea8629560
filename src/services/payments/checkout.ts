import * as payments from "../../data/payments-repo";
import { withUnitOfWork } from "../../data/unit-of-work";
import type { ServiceContext } from "../context";
import { conflict } from "../errors";
import { loadItinerary, loadOutstanding } from "../itineraries/load";
import { assertCanPay, requireVerbRole } from "../itineraries/policy";
import type { StartCheckoutInput } from "../itineraries/schemas";
import { requireActor } from "../scope";
import { isProviderError, paymentsUnavailable, providerError } from "./payments";

export type { StartCheckoutInput } from "../itineraries/schemas";

/**
 * Starts paying what is due now on a hosted card page (Stripe Checkout). The card never touches
 * Caravan; the signed `checkout.session.completed` webhook confirms the payment. One page per
 * itinerary version and amount: asking again returns the same session (Stripe's idempotency key).
 */
export async function startCheckout({ ctx, input }: { ctx: ServiceContext; input: StartCheckoutInput }) {
  const actor = requireActor(ctx);
  requireVerbRole(actor, "pay");
  if (!ctx.payments) throw paymentsUnavailable();
  const itn = await loadItinerary(ctx, input.id);
  assertCanPay(actor, itn);
  if (itn.status !== "held" && itn.status !== "confirmed")
    throw conflict(`Hold the itinerary first (it is ${itn.status}).`, "invalid_state");
  const due = await loadOutstanding(ctx, ctx.db, itn);
  if (due.amount <= 0) throw conflict("Nothing is due now.", "nothing_due");
  let session;
  try {
    session = await ctx.payments.createCheckoutSession({
      amount: due.amount,
      currency: due.currency,
      metadata: { itineraryId: itn.id, itineraryVersion: String(itn.version), patientId: itn.patient_id },
      description: `Caravan itinerary ${itn.id}: travel and concierge fees`,
      successUrl: input.successUrl,
      cancelUrl: input.cancelUrl,
      ...(input.locale ? { locale: input.locale } : {}),
      idempotencyKey: `caravan:${itn.id}:checkout:v${itn.version}:${due.amount}`,
    });
  } catch (err) {
    ctx.logger.error("checkout session failed", {
      itineraryId: itn.id,
      error: err instanceof Error ? err.name : "unknown",
    });
    if (isProviderError(err)) throw providerError();
    throw err;
  }
  const existing = await payments.findPaymentIdByProviderRef(ctx.db, session.id);
  const paymentId =
    existing?.id ??
    (await withUnitOfWork(ctx.db, async (trx) => {
      const id = await payments.insertPayment(trx, {
        itineraryId: itn.id,
        kind: "payment",
        method: "card",
        status: "requires_payment",
        amount: session.amount,
        currency: session.currency,
        reference: null,
        createdBy: actor.userId,
        now: ctx.clock.now(),
      });
      await payments.updatePayment(trx, id, { provider_ref: session.id });
      return id;
    }));
  return {
    paymentId,
    sessionId: session.id,
    url: session.url,
    amount: { amount: session.amount, currency: session.currency },
  };
}
