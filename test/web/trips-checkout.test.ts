/**
 * Paying a held trip by card through Stripe Checkout: the page sends the payer to the hosted page
 * (the local Stripe-compatible server), whose Pay button posts the signed checkout.session.completed
 * webhook to the app and comes back to the trip, now confirmed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripePayments } from "../../src/ports/payments-stripe";
import { checkoutFormAction } from "../../src/web/trips/index";
import { ok } from "../helpers/itinerary-fixtures";
import {
  checkoutEvent,
  paymentIntentEvent,
  signedHeader,
  startStripeServer,
  type StripeTestServer,
} from "../helpers/stripe-server";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { completeDraft, pagesAs, patientWithQuote } from "./trips-helpers";

const WEBHOOK_SECRET = "whsec_test_web_checkout";
let stripe: StripeTestServer;
let t: TestApp;
let web: ReturnType<typeof pagesAs>;
let patient: Awaited<ReturnType<typeof patientWithQuote>>;

beforeAll(async () => {
  stripe = await startStripeServer();
  const payments = createStripePayments({
    secretKey: "sk_test_web_checkout_123",
    webhookSecret: WEBHOOK_SECRET,
    apiUrl: stripe.url,
  });
  t = await createTestApp({ payments });
  stripe.setWebhook({
    secret: WEBHOOK_SECRET,
    deliver: (payload, signature) =>
      t.app.request("/v1/webhooks/stripe", {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body: payload,
      }),
  });
  web = pagesAs(t);
  patient = await patientWithQuote(t);
  await web.signIn(patient.token);
});
afterAll(async () => {
  await t?.close();
  await stripe?.close();
});

const api = async (id: string) => ok(await t.call("GET", `/v1/itineraries/${id}`, { token: patient.token }));

describe("paying a held trip by card", () => {
  it("offers the card button for what is due now, and lets the CSP allow the hosted page", async () => {
    const draft = await completeDraft(t, patient.token, patient.quote.id, patient.consultationId, 3);
    expect((await web.post(`/trips/${draft.id}/hold`, { version: String(draft.version) })).status).toBe(303);
    const trip = await api(draft.id);
    const page = await web.get(`/trips/${draft.id}`);
    expect(page.headers.get("content-security-policy")).toContain(`form-action 'self' ${stripe.url}`);
    const html = await page.text();
    expect(html).toContain(`action="/trips/${draft.id}/pay"`);
    expect(html).not.toContain("Card payment is not available");
    expect(trip.balance.outstanding.amount).toBeGreaterThan(0);
    expect(checkoutFormAction(t.deps)).toEqual([stripe.url]);
  });

  it(
    "goes to the hosted page for exactly what is due; " + "paying there confirms the trip through the webhook",
    async () => {
      const [mine] = (await ok(await t.call("GET", "/v1/itineraries?status=held", { token: patient.token }))).data;
      const before = await api(mine.id);
      const res = await web.post(`/trips/${mine.id}/pay`, { version: String(before.version) });
      expect(res.status).toBe(303);
      const hosted = res.headers.get("location")!;
      expect(hosted).toMatch(new RegExp(`^${stripe.url}/pay/cs_test_`));
      const session = stripe.sessions.get(hosted.split("/pay/")[1]!);
      expect(session.amount_total).toBe(before.balance.outstanding.amount);
      expect(session.currency).toBe(before.balance.outstanding.currency.toLowerCase());
      expect(session.success_url).toBe(`http://localhost/trips/${mine.id}?done=paid#hold`);

      // Back from the hosted page before the webhook: the payment is really pending, the notice says so.
      const pending = await (await web.get(`/trips/${mine.id}?done=paid`)).text();
      expect(pending).toContain("tag-held");
      expect(pending).toContain("your payment is being confirmed");

      const paid = await fetch(hosted, { method: "POST", redirect: "manual" });
      expect(paid.status).toBe(303);
      expect(paid.headers.get("location")).toBe(session.success_url);
      const after = await api(mine.id);
      expect(after.status).toBe("confirmed");
      expect(after.balance.outstanding.amount).toBe(0);
      const card = after.payments.find((p: { method: string }) => p.method === "card");
      expect(card).toMatchObject({ status: "succeeded", amount: before.balance.outstanding });
      const page = await (await web.get(`/trips/${mine.id}?done=paid`)).text();
      expect(page).toContain("tag-confirmed");
      expect(page).toContain("Nothing is due now.");
      expect(page).not.toContain("your payment is being confirmed");
    },
  );

  it("quotes a paid trip's cancellation; its patient is sent to the agent to confirm (no button)", async () => {
    const [mine] = (await ok(await t.call("GET", "/v1/itineraries?status=confirmed", { token: patient.token }))).data;
    const res = await web.get(`/trips/${mine.id}/cancel`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("your concierge agent confirms its cancellation");
    expect(html).not.toMatch(new RegExp(`<form[^>]*action="/trips/${mine.id}/cancel"`));
  });

  it("applies Stripe's own payment_intent.succeeded for the same payment once only", async () => {
    const session = [...stripe.sessions.values()].at(-1);
    const intent = stripe.intents.get(session.payment_intent);
    const payload = paymentIntentEvent("payment_intent.succeeded", intent);
    const res = await t.app.request("/v1/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signedHeader(payload, WEBHOOK_SECRET) },
      body: payload,
    });
    expect((await ok(res)).outcome).toBe("already_applied");
  });

  it("ignores a completed session that is not paid yet", async () => {
    const payload = checkoutEvent(
      { id: "cs_test_unpaid", object: "checkout.session", payment_status: "unpaid", payment_intent: null },
      "unpaid1",
    );
    const res = await t.app.request("/v1/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signedHeader(payload, WEBHOOK_SECRET) },
      body: payload,
    });
    expect((await ok(res)).outcome).toBe("checkout_unpaid");
  });
});
