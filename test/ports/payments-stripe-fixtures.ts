/**
 * Shared setup for the Stripe adapter's tests: the real `stripe` SDK pointed (host/port/protocol) at the local
 * Stripe-compatible test server, started once per file.
 */
import { afterAll, afterEach, beforeAll } from "vitest";
import { createStripePayments } from "../../src/ports/payments-stripe.js";
import type { Payments } from "../../src/ports/payments.js";
import { startStripeServer, type StripeTestServer } from "../helpers/stripe-server.js";

export const SECRET_KEY = "sk_test_caravan_0123456789abcdef";
export const WEBHOOK_SECRET = "whsec_test_caravan_signing_secret";

export interface StripeAdapterContext {
  server: StripeTestServer;
  payments: Payments;
}

/** Starts the test server and an adapter on it before the file's tests; filled in by `beforeAll`. */
export function useStripeAdapter(): StripeAdapterContext {
  const ctx = {} as StripeAdapterContext;
  beforeAll(async () => {
    ctx.server = await startStripeServer();
    ctx.payments = createStripePayments({
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
      apiUrl: ctx.server.url,
      webhookToleranceSeconds: 300,
    });
  });
  afterAll(async () => {
    await ctx.server?.close();
  });
  afterEach(() => {
    ctx.server.failNext(500, 0); // cancel anything a failed test left pending
  });
  return ctx;
}

let seq = 0;
/** A fresh idempotency key. */
export const key = (label: string) => `test-${label}-${process.pid}-${++seq}`;

export function lastRequest(server: StripeTestServer) {
  const r = server.requests.at(-1);
  if (!r) throw new Error("no request recorded");
  return r;
}
