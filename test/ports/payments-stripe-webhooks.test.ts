/** The Stripe adapter verifying webhooks signed with the SDK's own test-header helper. */
import { describe, expect, it } from "vitest";
import { createStripePayments, WebhookSignatureError } from "../../src/ports/payments-stripe.js";
import { paymentIntentEvent, signedHeader } from "../helpers/stripe-server.js";
import { key, SECRET_KEY, useStripeAdapter, WEBHOOK_SECRET } from "./payments-stripe-fixtures.js";

const ctx = useStripeAdapter();

describe("verifyWebhook", () => {
  async function intentFor(status: "succeeded" | "failed") {
    const pi = await ctx.payments.createPaymentIntent({
      amount: 25_000,
      currency: "RUB",
      metadata: { itineraryId: "itn_wh" },
      description: "wh",
      idempotencyKey: key("wh"),
    });
    return status === "succeeded"
      ? ctx.server.succeed(pi.id)
      : ctx.server.decline(pi.id, "Your card has insufficient funds.");
  }

  it("a correctly signed payment_intent.succeeded verifies and maps to a PaymentEvent", async () => {
    const intent = await intentFor("succeeded");
    const payload = paymentIntentEvent("payment_intent.succeeded", intent, {
      id: "evt_test_ok",
      created: 1_700_000_000,
    });
    const event = await ctx.payments.verifyWebhook(payload, signedHeader(payload, WEBHOOK_SECRET));
    expect(event).toEqual({
      id: "evt_test_ok",
      type: "payment_intent.succeeded",
      created: 1_700_000_000,
      object: {
        id: intent.id,
        object: "payment_intent",
        amount: 25_000,
        currency: "RUB",
        status: "succeeded",
        metadata: { itineraryId: "itn_wh" },
        lastError: null,
      },
    });
  });

  it("payment_intent.payment_failed carries the last error's message", async () => {
    const intent = await intentFor("failed");
    const payload = paymentIntentEvent("payment_intent.payment_failed", intent);
    const event = await ctx.payments.verifyWebhook(payload, signedHeader(payload, WEBHOOK_SECRET));
    expect(event.type).toBe("payment_intent.payment_failed");
    expect(event.id).toMatch(/^evt_/);
    expect(event.object).toMatchObject({
      id: intent.id,
      status: "requires_payment_method",
      lastError: "Your card has insufficient funds.",
    });
  });

  it("a tampered payload is rejected", async () => {
    const intent = await intentFor("succeeded");
    const payload = paymentIntentEvent("payment_intent.succeeded", intent);
    const header = signedHeader(payload, WEBHOOK_SECRET);
    const tampered = payload.replace('"amount": 25000', '"amount": 1');
    expect(tampered).not.toBe(payload);
    const err = await ctx.payments.verifyWebhook(tampered, header).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebhookSignatureError);
    expect(err).toMatchObject({ reason: "invalid_signature" });
  });

  it("a payload signed with another secret is rejected", async () => {
    const payload = paymentIntentEvent("payment_intent.succeeded", await intentFor("succeeded"));
    await expect(
      ctx.payments.verifyWebhook(payload, signedHeader(payload, "whsec_someone_else")),
    ).rejects.toBeInstanceOf(WebhookSignatureError);
  });

  it("a stale signature (older than the tolerance) is rejected", async () => {
    const payload = paymentIntentEvent("payment_intent.succeeded", await intentFor("succeeded"));
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    const err = await ctx.payments
      .verifyWebhook(payload, signedHeader(payload, WEBHOOK_SECRET, tenMinutesAgo))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebhookSignatureError);
    expect(err).toMatchObject({ reason: "stale_timestamp" });
    // …while one inside the tolerance passes
    const twoMinutesAgo = Math.floor(Date.now() / 1000) - 120;
    await expect(
      ctx.payments.verifyWebhook(payload, signedHeader(payload, WEBHOOK_SECRET, twoMinutesAgo)),
    ).resolves.toMatchObject({ type: "payment_intent.succeeded" });
  });

  it("a missing or garbled signature header is rejected", async () => {
    const payload = paymentIntentEvent("payment_intent.succeeded", await intentFor("succeeded"));
    await expect(ctx.payments.verifyWebhook(payload, "")).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(ctx.payments.verifyWebhook(payload, "t=abc,v1=zzz")).rejects.toBeInstanceOf(WebhookSignatureError);
  });

  it("refuses a tolerance the SDK would misread (0 means 300 to it)", () => {
    expect(() =>
      createStripePayments({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, webhookToleranceSeconds: 0 }),
    ).toThrow(RangeError);
  });
});
