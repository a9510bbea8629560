import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { roleFirst } from "../../http/role-first";
import { requireVerb } from "../../services/itineraries/policy";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity, publicSecurity } from "../../http/auth";
import { authErrorResponses, conflictResponse, errorResponses, publicAuthErrorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { ProblemSchema } from "../../http/problem";
import { createCardPayment, handleStripeWebhook } from "../../services/payments/payments";
import { IdParam, MoneySchema } from "../common-schemas";
import { IdempotencyHeader } from "../itineraries/schemas";

const unavailable = {
  503: {
    description: "Card payments are not configured (no STRIPE_SECRET_KEY).",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
};

const CardPaymentSchema = z
  .object({
    paymentId: z.string(),
    paymentIntentId: z.string(),
    clientSecret: z.string().openapi({ description: "Give it to Stripe.js / the mobile SDK to collect the card." }),
    amount: MoneySchema,
    status: z.string(),
  })
  .openapi("CardPayment");

export const createPaymentRoute = createRoute({
  method: "post",
  path: "/v1/itineraries/{id}/payments",
  operationId: "createCardPayment",
  tags: ["Payments"],
  summary: "Pay what is due now (travel + fees) by card: a Stripe PaymentIntent",
  description:
    "Medical fees are paid at the hospital, like a domestic patient. The itinerary is confirmed when Stripe's " +
    "signed webhook reports the payment succeeded. Stripe's idempotency key is derived from ours, so a retry " +
    "never charges twice.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireVerb(ctx, "pay")),
  request: { params: IdParam("itn"), headers: IdempotencyHeader },
  responses: {
    201: json(CardPaymentSchema, "The PaymentIntent to complete on the client."),
    ...errorResponses,
    ...authErrorResponses,
    ...conflictResponse,
    ...unavailable,
    502: {
      description: "The payment provider failed.",
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
  },
});

export const webhookRoute = createRoute({
  method: "post",
  path: "/v1/webhooks/stripe",
  operationId: "stripeWebhook",
  tags: ["Payments"],
  summary:
    "Stripe webhook (signed): payment_intent.succeeded / payment_intent.payment_failed / checkout.session.completed",
  description:
    "Verified on the raw body with the Stripe-Signature header; each event is applied once (its id is stored); " +
    "duplicates and unknown intents are harmless. A paid Checkout Session (the web app's card page) is applied as " +
    "the success of its PaymentIntent, so Stripe's own payment_intent.succeeded for it changes nothing more.",
  security: publicSecurity,
  request: { headers: z.object({ "stripe-signature": z.string().optional() }) },
  responses: {
    200: json(
      z.object({ received: z.literal(true), eventId: z.string(), outcome: z.string() }).openapi("WebhookReceipt"),
      "Applied (or recognised as a duplicate).",
    ),
    ...errorResponses,
    ...publicAuthErrorResponses,
    ...unavailable,
  },
});

const createHandler: AppRouteHandler<typeof createPaymentRoute> = async (c) =>
  c.json(
    await createCardPayment({
      ctx: serviceContext(c),
      input: { id: c.req.valid("param").id, idempotencyKey: c.req.valid("header")["idempotency-key"] },
    }),
    201,
  );

const webhookHandler: AppRouteHandler<typeof webhookRoute> = async (c) =>
  c.json(
    await handleStripeWebhook({
      ctx: serviceContext(c),
      input: { rawBody: await c.req.text(), signature: c.req.valid("header")["stripe-signature"] },
    }),
    200,
  );

export function registerPayments(app: OpenAPIHono<AppEnv>) {
  app.openapi(createPaymentRoute, createHandler);
  app.openapi(webhookRoute, webhookHandler);
}
