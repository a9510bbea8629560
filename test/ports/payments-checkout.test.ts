/**
 * Stripe Checkout through the real `stripe` SDK against the local Stripe-compatible server: the
 * session, its hosted page, and the signed `checkout.session.completed` event it posts when paid.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripePayments } from "../../src/ports/payments-stripe.js";
import type { Payments } from "../../src/ports/payments.js";
import { startStripeServer, type StripeTestServer } from "../helpers/stripe-server.js";

const SECRET_KEY = "sk_test_caravan_checkout_0123456789";
const WEBHOOK_SECRET = "whsec_test_caravan_checkout";

let server: StripeTestServer;
let payments: Payments;
const delivered: { payload: string; signature: string }[] = [];

beforeAll(async () => {
  server = await startStripeServer();
  payments = createStripePayments({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, apiUrl: server.url });
  server.setWebhook({
    secret: WEBHOOK_SECRET,
    deliver: async (payload, signature) => {
      delivered.push({ payload, signature });
      return { status: 200 };
    },
  });
});
afterAll(async () => {
  await server?.close();
});

const input = (key: string, locale?: string) => ({
  amount: 123_450,
  currency: "CNY",
  metadata: { itineraryId: "itn_checkout" },
  description: "Caravan itinerary itn_checkout",
  successUrl: "http://app.test/trips/itn_checkout?paid=1",
  cancelUrl: "http://app.test/trips/itn_checkout",
  idempotencyKey: key,
  ...(locale ? { locale } : {}),
});

describe("createCheckoutSession", () => {
  it("creates a payment-mode session for the amount, with its hosted page on the checkout origin", async () => {
    const s = await payments.createCheckoutSession(input("co-1", "ru"));
    expect(s.id).toMatch(/^cs_test_/);
    expect(s.amount).toBe(123_450);
    expect(s.currency).toBe("CNY");
    expect(s.status).toBe("open");
    expect(new URL(s.url).origin).toBe(payments.checkoutOrigin);
    const req = server.requests.findLast((r) => r.path === "/v1/checkout/sessions")!;
    expect(req.body).toMatchObject({
      mode: "payment",
      locale: "ru",
      line_items: [{ quantity: "1", price_data: { currency: "cny", unit_amount: "123450" } }],
      metadata: { itineraryId: "itn_checkout" },
      payment_intent_data: { metadata: { itineraryId: "itn_checkout" } },
    });
  });

  it.each([
    ["kk", "auto"],
    ["zh", "zh"],
    [undefined, "auto"],
  ])("asks the hosted page for locale %s as %s", async (locale, expected) => {
    await payments.createCheckoutSession(input(`co-locale-${locale}`, locale));
    expect(server.requests.findLast((r) => r.path === "/v1/checkout/sessions")!.body.locale).toBe(expected);
  });

  it("replays the same session for the same idempotency key", async () => {
    const a = await payments.createCheckoutSession(input("co-same"));
    const b = await payments.createCheckoutSession(input("co-same"));
    expect(b.id).toBe(a.id);
  });

  it(
    "the hosted page's Pay button pays, posts a signed completed event the adapter " + "verifies, and redirects",
    async () => {
      const s = await payments.createCheckoutSession(input("co-pay"));
      const page = await fetch(s.url);
      expect(await page.text()).toMatch(/1234\.50 CNY[\s\S]*<button type="submit">Pay<\/button>/);
      const paid = await fetch(s.url, { method: "POST", redirect: "manual" });
      expect(paid.status).toBe(303);
      expect(paid.headers.get("location")).toBe("http://app.test/trips/itn_checkout?paid=1");
      const last = delivered.at(-1)!;
      const event = await payments.verifyWebhook(last.payload, last.signature);
      expect(event.type).toBe("checkout.session.completed");
      expect(event.object).toMatchObject({
        id: s.id,
        object: "checkout.session",
        amount: 123_450,
        currency: "CNY",
        paymentStatus: "paid",
        metadata: { itineraryId: "itn_checkout" },
      });
      const intent = server.intents.get(event.object.paymentIntent!);
      expect(intent).toMatchObject({ status: "succeeded", amount: 123_450 });
    },
  );

  it("refuses a bad currency with Stripe's error, as a safe provider error", async () => {
    await expect(payments.createCheckoutSession({ ...input("co-bad"), currency: "C1" })).rejects.toMatchObject({
      name: "PaymentProviderError",
      code: "parameter_invalid_string",
    });
  });
});
