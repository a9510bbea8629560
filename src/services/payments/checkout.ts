import type { ServiceContext } from "../context";
import type { StartCheckoutInput } from "../itineraries/schemas";
import { callProvider, cardPaymentDue, paymentDescription, paymentMetadata, startedCardPayment } from "./payments";

export type { StartCheckoutInput } from "../itineraries/schemas";

/**
 * Starts paying what is due now on a hosted card page (Stripe Checkout). The card never touches
 * Caravan; the signed `checkout.session.completed` webhook confirms the payment. One page per
 * itinerary version and amount: asking again returns the same session (Stripe's idempotency key).
 */
export async function startCheckout({ ctx, input }: { ctx: ServiceContext; input: StartCheckoutInput }) {
  const { actor, port, itn, due } = await cardPaymentDue(ctx, input.id);
  const session = await callProvider(ctx, itn.id, "checkout session failed", () =>
    port.createCheckoutSession({
      amount: due.amount,
      currency: due.currency,
      metadata: paymentMetadata(itn),
      description: paymentDescription(itn.id),
      successUrl: input.successUrl,
      cancelUrl: input.cancelUrl,
      ...(input.locale ? { locale: input.locale } : {}),
      idempotencyKey: `caravan:${itn.id}:checkout:v${itn.version}:${due.amount}`,
    }),
  );
  const paymentId = await startedCardPayment(ctx, actor.userId, itn.id, session);
  return {
    paymentId,
    sessionId: session.id,
    url: session.url,
    amount: { amount: session.amount, currency: session.currency },
  };
}
