/** The Stripe adapter refunding through the real `stripe` SDK against the local test server. */
import { describe, expect, it } from "vitest";
import Stripe from "stripe";
import { PaymentProviderError } from "../../src/ports/payments-stripe.js";
import { key, lastRequest, useStripeAdapter } from "./payments-stripe-fixtures.js";

const ctx = useStripeAdapter();

async function paidIntent(amount: number, currency = "USD") {
  const pi = await ctx.payments.createPaymentIntent({
    amount,
    currency,
    metadata: { itineraryId: "itn_paid" },
    description: "paid",
    idempotencyKey: key("paid"),
  });
  ctx.server.succeed(pi.id);
  return pi;
}

describe("refund", () => {
  it("refunds part, then the rest, against the intent", async () => {
    const pi = await paidIntent(10_000);
    const firstKey = key("refund-1");
    const first = await ctx.payments.refund({
      paymentIntentId: pi.id,
      amount: 3_000,
      metadata: { itineraryId: "itn_paid", reason: "adjustment" },
      idempotencyKey: firstKey,
    });
    expect(first).toEqual({ id: expect.stringMatching(/^re_/), status: "succeeded", amount: 3_000 });
    const req = lastRequest(ctx.server);
    expect(req.path).toBe("/v1/refunds");
    expect(req.headers["idempotency-key"]).toBe(firstKey);
    expect(req.body).toEqual({
      payment_intent: pi.id,
      amount: "3000",
      metadata: { itineraryId: "itn_paid", reason: "adjustment" },
    });

    const rest = await ctx.payments.refund({
      paymentIntentId: pi.id,
      amount: 7_000,
      metadata: { itineraryId: "itn_paid" },
      idempotencyKey: key("refund-2"),
    });
    expect(rest).toMatchObject({ status: "succeeded", amount: 7_000 });
    expect(rest.id).not.toBe(first.id);
    expect([...ctx.server.refunds.values()].filter((r) => r.payment_intent === pi.id).map((r) => r.amount)).toEqual([
      3_000, 7_000,
    ]);
  });

  it("a retried refund (same key) refunds once", async () => {
    const pi = await paidIntent(4_000);
    const input = { paymentIntentId: pi.id, amount: 4_000, metadata: {}, idempotencyKey: key("refund-retry") };
    const a = await ctx.payments.refund(input);
    const b = await ctx.payments.refund(input);
    expect(b).toEqual(a);
    expect([...ctx.server.refunds.values()].filter((r) => r.payment_intent === pi.id)).toHaveLength(1);
  });

  it("an over-refund is refused with a safe PaymentProviderError", async () => {
    const pi = await paidIntent(10_000);
    await ctx.payments.refund({ paymentIntentId: pi.id, amount: 6_000, metadata: {}, idempotencyKey: key("over-1") });
    const err = await ctx.payments
      .refund({ paymentIntentId: pi.id, amount: 5_000, metadata: {}, idempotencyKey: key("over-2") })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentProviderError);
    expect(err).toMatchObject({ code: "amount_too_large", status: 400, name: "PaymentProviderError" });
    expect((err as Error).message).not.toMatch(/greater than|unrefunded|Refund amount/);
    const cause = (err as Error).cause;
    expect(cause).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((cause as Error).message).toMatch(/greater than unrefunded amount/);
    expect([...ctx.server.refunds.values()].filter((r) => r.payment_intent === pi.id)).toHaveLength(1);
  });

  it("refunding an unknown intent is resource_missing (404)", async () => {
    const err = await ctx.payments
      .refund({ paymentIntentId: "pi_doesnotexist", amount: 100, metadata: {}, idempotencyKey: key("unknown") })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentProviderError);
    expect(err).toMatchObject({ code: "resource_missing", status: 404 });
  });

  it("refunding an intent that was never paid is refused", async () => {
    const pi = await ctx.payments.createPaymentIntent({
      amount: 100,
      currency: "USD",
      metadata: {},
      description: "unpaid",
      idempotencyKey: key("unpaid"),
    });
    const err = await ctx.payments
      .refund({ paymentIntentId: pi.id, amount: 100, metadata: {}, idempotencyKey: key("unpaid-refund") })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "payment_intent_unexpected_state", status: 400 });
  });
});
