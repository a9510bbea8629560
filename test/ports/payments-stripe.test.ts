/**
 * The Stripe adapter with the real `stripe` SDK, pointed (host/port/protocol) at the local
 * Stripe-compatible test server; webhooks signed with the SDK's own test-header helper.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "node:net";
import Stripe from "stripe";
import { createStripePayments, PaymentProviderError, WebhookSignatureError } from "../../src/ports/payments-stripe.js";
import type { Payments } from "../../src/ports/payments.js";
import {
  paymentIntentEvent,
  signedHeader,
  startStripeServer,
  type StripeTestServer,
} from "../helpers/stripe-server.js";

const SECRET_KEY = "sk_test_caravan_0123456789abcdef";
const WEBHOOK_SECRET = "whsec_test_caravan_signing_secret";

let server: StripeTestServer;
let payments: Payments;

beforeAll(async () => {
  server = await startStripeServer();
  payments = createStripePayments({
    secretKey: SECRET_KEY,
    webhookSecret: WEBHOOK_SECRET,
    apiUrl: server.url,
    webhookToleranceSeconds: 300,
  });
});
afterAll(async () => {
  await server?.close();
});
afterEach(() => {
  server.failNext(500, 0); // cancel anything a failed test left pending
});

let seq = 0;
const key = (label: string) => `test-${label}-${process.pid}-${++seq}`;

async function paidIntent(amount: number, currency = "USD") {
  const pi = await payments.createPaymentIntent({
    amount,
    currency,
    metadata: { itineraryId: "itn_paid" },
    description: "paid",
    idempotencyKey: key("paid"),
  });
  server.succeed(pi.id);
  return pi;
}

function lastRequest() {
  const r = server.requests.at(-1);
  if (!r) throw new Error("no request recorded");
  return r;
}

describe("createPaymentIntent", () => {
  it("sends amount, lower-case currency, bracketed metadata and our idempotency key; maps the intent", async () => {
    const idempotencyKey = key("create");
    const before = server.requests.length;
    const result = await payments.createPaymentIntent({
      amount: 123_450,
      currency: "KZT",
      metadata: { itineraryId: "itn_123", patientId: "pat_9", note: "Алматы & <b>" },
      description: "Caravan itinerary itn_123",
      idempotencyKey,
    });

    expect(server.requests.length).toBe(before + 1);
    const req = lastRequest();
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
    const stored = server.intents.get(result.id);
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
    const intentsBefore = server.intents.size;
    const first = await payments.createPaymentIntent(input);
    const second = await payments.createPaymentIntent(input);
    expect(second).toEqual(first);
    expect(server.intents.size).toBe(intentsBefore + 1);
    const sent = server.requests.filter((r) => r.headers["idempotency-key"] === idempotencyKey);
    expect(sent).toHaveLength(2);
  });

  it("the same idempotency key with different parameters is refused, safely", async () => {
    const idempotencyKey = key("conflict");
    await payments.createPaymentIntent({
      amount: 5000,
      currency: "EUR",
      metadata: {},
      description: "a",
      idempotencyKey,
    });
    const err = await payments
      .createPaymentIntent({ amount: 6000, currency: "EUR", metadata: {}, description: "a", idempotencyKey })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentProviderError);
    expect(err).toMatchObject({ code: "idempotency_error", status: 400 });
    expect((err as Error).message).not.toMatch(/Keys for idempotent requests/);
  });

  it("a server 500 is retried by the SDK with the same key and then succeeds, creating one intent", async () => {
    const idempotencyKey = key("retry");
    const intentsBefore = server.intents.size;
    server.failNext(500);
    const result = await payments.createPaymentIntent({
      amount: 7000,
      currency: "USD",
      metadata: {},
      description: "retry",
      idempotencyKey,
    });
    expect(result.id).toMatch(/^pi_/);
    const sent = server.requests.filter((r) => r.headers["idempotency-key"] === idempotencyKey);
    expect(sent.map((r) => r.status)).toEqual([500, 200]);
    expect(server.intents.size).toBe(intentsBefore + 1);
  });

  it("gives up after maxNetworkRetries (2) with a PaymentProviderError", async () => {
    const idempotencyKey = key("exhaust");
    const intentsBefore = server.intents.size;
    server.failNext(503, 3);
    const err = await payments
      .createPaymentIntent({ amount: 7000, currency: "USD", metadata: {}, description: "exhaust", idempotencyKey })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentProviderError);
    expect(err).toMatchObject({ code: "api_error", status: 503 });
    expect((err as Error).message).not.toMatch(/unknown error occurred/);
    expect((err as Error).cause).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(server.requests.filter((r) => r.headers["idempotency-key"] === idempotencyKey)).toHaveLength(3);
    expect(server.intents.size).toBe(intentsBefore);
  });

  it("a rejected API key is an authentication_error", async () => {
    const bad = createStripePayments({
      secretKey: "sk_live_not-a-test-key",
      webhookSecret: WEBHOOK_SECRET,
      apiUrl: server.url,
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

describe("refund", () => {
  it("refunds part, then the rest, against the intent", async () => {
    const pi = await paidIntent(10_000);
    const firstKey = key("refund-1");
    const first = await payments.refund({
      paymentIntentId: pi.id,
      amount: 3_000,
      metadata: { itineraryId: "itn_paid", reason: "adjustment" },
      idempotencyKey: firstKey,
    });
    expect(first).toEqual({ id: expect.stringMatching(/^re_/), status: "succeeded", amount: 3_000 });
    const req = lastRequest();
    expect(req.path).toBe("/v1/refunds");
    expect(req.headers["idempotency-key"]).toBe(firstKey);
    expect(req.body).toEqual({
      payment_intent: pi.id,
      amount: "3000",
      metadata: { itineraryId: "itn_paid", reason: "adjustment" },
    });

    const rest = await payments.refund({
      paymentIntentId: pi.id,
      amount: 7_000,
      metadata: { itineraryId: "itn_paid" },
      idempotencyKey: key("refund-2"),
    });
    expect(rest).toMatchObject({ status: "succeeded", amount: 7_000 });
    expect(rest.id).not.toBe(first.id);
    expect([...server.refunds.values()].filter((r) => r.payment_intent === pi.id).map((r) => r.amount)).toEqual([
      3_000, 7_000,
    ]);
  });

  it("a retried refund (same key) refunds once", async () => {
    const pi = await paidIntent(4_000);
    const input = { paymentIntentId: pi.id, amount: 4_000, metadata: {}, idempotencyKey: key("refund-retry") };
    const a = await payments.refund(input);
    const b = await payments.refund(input);
    expect(b).toEqual(a);
    expect([...server.refunds.values()].filter((r) => r.payment_intent === pi.id)).toHaveLength(1);
  });

  it("an over-refund is refused with a safe PaymentProviderError", async () => {
    const pi = await paidIntent(10_000);
    await payments.refund({ paymentIntentId: pi.id, amount: 6_000, metadata: {}, idempotencyKey: key("over-1") });
    const err = await payments
      .refund({ paymentIntentId: pi.id, amount: 5_000, metadata: {}, idempotencyKey: key("over-2") })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentProviderError);
    expect(err).toMatchObject({ code: "amount_too_large", status: 400, name: "PaymentProviderError" });
    expect((err as Error).message).not.toMatch(/greater than|unrefunded|Refund amount/);
    const cause = (err as Error).cause;
    expect(cause).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((cause as Error).message).toMatch(/greater than unrefunded amount/);
    expect([...server.refunds.values()].filter((r) => r.payment_intent === pi.id)).toHaveLength(1);
  });

  it("refunding an unknown intent is resource_missing (404)", async () => {
    const err = await payments
      .refund({ paymentIntentId: "pi_doesnotexist", amount: 100, metadata: {}, idempotencyKey: key("unknown") })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentProviderError);
    expect(err).toMatchObject({ code: "resource_missing", status: 404 });
  });

  it("refunding an intent that was never paid is refused", async () => {
    const pi = await payments.createPaymentIntent({
      amount: 100,
      currency: "USD",
      metadata: {},
      description: "unpaid",
      idempotencyKey: key("unpaid"),
    });
    const err = await payments
      .refund({ paymentIntentId: pi.id, amount: 100, metadata: {}, idempotencyKey: key("unpaid-refund") })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "payment_intent_unexpected_state", status: 400 });
  });
});

describe("verifyWebhook", () => {
  async function intentFor(status: "succeeded" | "failed") {
    const pi = await payments.createPaymentIntent({
      amount: 25_000,
      currency: "RUB",
      metadata: { itineraryId: "itn_wh" },
      description: "wh",
      idempotencyKey: key("wh"),
    });
    return status === "succeeded" ? server.succeed(pi.id) : server.decline(pi.id, "Your card has insufficient funds.");
  }

  it("a correctly signed payment_intent.succeeded verifies and maps to a PaymentEvent", async () => {
    const intent = await intentFor("succeeded");
    const payload = paymentIntentEvent("payment_intent.succeeded", intent, {
      id: "evt_test_ok",
      created: 1_700_000_000,
    });
    const event = await payments.verifyWebhook(payload, signedHeader(payload, WEBHOOK_SECRET));
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
    const event = await payments.verifyWebhook(payload, signedHeader(payload, WEBHOOK_SECRET));
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
    const err = await payments.verifyWebhook(tampered, header).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebhookSignatureError);
    expect(err).toMatchObject({ reason: "invalid_signature" });
  });

  it("a payload signed with another secret is rejected", async () => {
    const payload = paymentIntentEvent("payment_intent.succeeded", await intentFor("succeeded"));
    await expect(payments.verifyWebhook(payload, signedHeader(payload, "whsec_someone_else"))).rejects.toBeInstanceOf(
      WebhookSignatureError,
    );
  });

  it("a stale signature (older than the tolerance) is rejected", async () => {
    const payload = paymentIntentEvent("payment_intent.succeeded", await intentFor("succeeded"));
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    const err = await payments
      .verifyWebhook(payload, signedHeader(payload, WEBHOOK_SECRET, tenMinutesAgo))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebhookSignatureError);
    expect(err).toMatchObject({ reason: "stale_timestamp" });
    // …while one inside the tolerance passes
    const twoMinutesAgo = Math.floor(Date.now() / 1000) - 120;
    await expect(
      payments.verifyWebhook(payload, signedHeader(payload, WEBHOOK_SECRET, twoMinutesAgo)),
    ).resolves.toMatchObject({ type: "payment_intent.succeeded" });
  });

  it("a missing or garbled signature header is rejected", async () => {
    const payload = paymentIntentEvent("payment_intent.succeeded", await intentFor("succeeded"));
    await expect(payments.verifyWebhook(payload, "")).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(payments.verifyWebhook(payload, "t=abc,v1=zzz")).rejects.toBeInstanceOf(WebhookSignatureError);
  });

  it("refuses a tolerance the SDK would misread (0 means 300 to it)", () => {
    expect(() =>
      createStripePayments({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, webhookToleranceSeconds: 0 }),
    ).toThrow(RangeError);
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
