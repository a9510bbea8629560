/** The Stripe adapter creating PaymentIntents through the real `stripe` SDK against the local test server. */
import { describe, expect, it } from "vitest";
import { createServer } from "node:net";
import Stripe from "stripe";
import { createStripePayments, PaymentProviderError } from "../../src/ports/payments-stripe.js";
import { key, lastRequest, SECRET_KEY, useStripeAdapter, WEBHOOK_SECRET } from "./payments-stripe-fixtures.js";

const ctx = useStripeAdapter();

describe("createPaymentIntent", () => {
  it("sends amount, lower-case currency, bracketed metadata and our idempotency key; maps the intent", async () => {
    const idempotencyKey = key("create");
    const before = ctx.server.requests.length;
    const result = await ctx.payments.createPaymentIntent({
      amount: 123_450,
      currency: "KZT",
      metadata: { itineraryId: "itn_123", patientId: "pat_9", note: "Алматы & <b>" },
      description: "Caravan itinerary itn_123",
      idempotencyKey,
    });

    expect(ctx.server.requests.length).toBe(before + 1);
    const req = lastRequest(ctx.server);
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/v1/payment_intents");
    expect(req.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(req.headers["idempotency-key"]).toBe(idempotencyKey);
    expect(req.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    expect(req.headers["stripe-version"]).toBe(Stripe.API_VERSION);
    // on the wire: form-encoded, nested objects in bracket notation
    expect(req.raw).toContain("metadata[itineraryId]=itn_123");
    expect(req.raw).toContain("automatic_payment_methods[enabled]=true");
    expect(req.raw).toContain("currency=kzt");
    expect(req.body).toEqual({
      amount: "123450",
      currency: "kzt",
      metadata: { itineraryId: "itn_123", patientId: "pat_9", note: "Алматы & <b>" },
      description: "Caravan itinerary itn_123",
      automatic_payment_methods: { enabled: "true" },
    });

    expect(result.id).toMatch(/^pi_/);
    expect(result).toEqual({
      id: result.id,
      clientSecret: expect.stringMatching(new RegExp(`^${result.id}_secret_`)),
      status: "requires_payment_method",
      amount: 123_450,
      currency: "KZT",
    });
    const stored = ctx.server.intents.get(result.id);
    expect(stored).toMatchObject({
      object: "payment_intent",
      amount: 123_450,
      currency: "kzt",
      livemode: false,
      metadata: { itineraryId: "itn_123" },
    });
  });

  it("the same idempotency key twice gives the same intent and creates only one", async () => {
    const idempotencyKey = key("twice");
    const input = {
      amount: 5000,
      currency: "EUR",
      metadata: { itineraryId: "itn_twice" },
      description: "twice",
      idempotencyKey,
    };
    const intentsBefore = ctx.server.intents.size;
    const first = await ctx.payments.createPaymentIntent(input);
    const second = await ctx.payments.createPaymentIntent(input);
    expect(second).toEqual(first);
    expect(ctx.server.intents.size).toBe(intentsBefore + 1);
    const sent = ctx.server.requests.filter((r) => r.headers["idempotency-key"] === idempotencyKey);
    expect(sent).toHaveLength(2);
  });

  it("the same idempotency key with different parameters is refused, safely", async () => {
    const idempotencyKey = key("conflict");
    await ctx.payments.createPaymentIntent({
      amount: 5000,
      currency: "EUR",
      metadata: {},
      description: "a",
      idempotencyKey,
    });
    const err = await ctx.payments
      .createPaymentIntent({ amount: 6000, currency: "EUR", metadata: {}, description: "a", idempotencyKey })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentProviderError);
    expect(err).toMatchObject({ code: "idempotency_error", status: 400 });
    expect((err as Error).message).not.toMatch(/Keys for idempotent requests/);
  });

  it("a server 500 is retried by the SDK with the same key and then succeeds, creating one intent", async () => {
    const idempotencyKey = key("retry");
    const intentsBefore = ctx.server.intents.size;
    ctx.server.failNext(500);
    const result = await ctx.payments.createPaymentIntent({
      amount: 7000,
      currency: "USD",
      metadata: {},
      description: "retry",
      idempotencyKey,
    });
    expect(result.id).toMatch(/^pi_/);
    const sent = ctx.server.requests.filter((r) => r.headers["idempotency-key"] === idempotencyKey);
    expect(sent.map((r) => r.status)).toEqual([500, 200]);
    expect(ctx.server.intents.size).toBe(intentsBefore + 1);
  });

  it("gives up after maxNetworkRetries (2) with a PaymentProviderError", async () => {
    const idempotencyKey = key("exhaust");
    const intentsBefore = ctx.server.intents.size;
    ctx.server.failNext(503, 3);
    const err = await ctx.payments
      .createPaymentIntent({ amount: 7000, currency: "USD", metadata: {}, description: "exhaust", idempotencyKey })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentProviderError);
    expect(err).toMatchObject({ code: "api_error", status: 503 });
    expect((err as Error).message).not.toMatch(/unknown error occurred/);
    expect((err as Error).cause).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(ctx.server.requests.filter((r) => r.headers["idempotency-key"] === idempotencyKey)).toHaveLength(3);
    expect(ctx.server.intents.size).toBe(intentsBefore);
  });

  it("a rejected API key is an authentication_error", async () => {
    const bad = createStripePayments({
      secretKey: "sk_live_not-a-test-key",
      webhookSecret: WEBHOOK_SECRET,
      apiUrl: ctx.server.url,
    });
    const err = await bad
      .createPaymentIntent({
        amount: 100,
        currency: "USD",
        metadata: {},
        description: "x",
        idempotencyKey: key("auth"),
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentProviderError);
    expect(err).toMatchObject({ code: "api_key_invalid", status: 401 });
    expect((err as Error).message).not.toContain("sk_live");
  });

  it("an unreachable API is a connection_error without a status", async () => {
    const port = await freePort();
    const down = createStripePayments({
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
      apiUrl: `http://127.0.0.1:${port}`,
    });
    const err = await down
      .createPaymentIntent({
        amount: 100,
        currency: "USD",
        metadata: {},
        description: "x",
        idempotencyKey: key("down"),
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentProviderError);
    expect(err).toMatchObject({ code: "connection_error" });
    expect((err as PaymentProviderError).status).toBeUndefined();
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}
