import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripePayments } from "../../src/ports/payments-stripe";
import { ItinerarySchema, CancellationQuoteSchema, type Itinerary } from "../../src/routes/itineraries/schemas";
import { cardiacPatient, demoComponents, lowTourDeparture, ok } from "../helpers/itinerary-fixtures";
import { paymentIntentEvent, signedHeader, startStripeServer, type StripeTestServer } from "../helpers/stripe-server";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

const WHSEC = "whsec_test_caravan";
let stripe: StripeTestServer;
let t: TestApp;
let n = 0;

beforeAll(async () => {
  stripe = await startStripeServer();
  t = await createTestApp({
    payments: createStripePayments({ secretKey: "sk_test_caravan", webhookSecret: WHSEC, apiUrl: stripe.url }),
  });
});
afterAll(async () => {
  await t.close();
  await stripe.close();
});

async function heldJourney(): Promise<{ token: string; itn: Itinerary }> {
  const p = await cardiacPatient(t, `pay${++n}@example.kz`);
  const components = demoComponents(p.consultationId, n % 6);
  (components[7] as { departureId: string }).departureId = await lowTourDeparture(t, "2026-12-20");
  const created = ItinerarySchema.parse(
    await ok(
      await t.call("POST", "/v1/itineraries", {
        token: p.token,
        body: {
          quoteId: p.quote.id,
          travelers: [
            { fullName: "Dana Bekova", role: "patient" },
            { fullName: "Aigerim Bekova", role: "companion" },
          ],
          components,
        },
      }),
      201,
    ),
  );
  const held = ItinerarySchema.parse(
    await ok(
      await t.call("POST", `/v1/itineraries/${created.id}/hold`, {
        token: p.token,
        headers: { "If-Match": `"${created.version}"` },
      }),
    ),
  );
  return { token: p.token, itn: held };
}

async function webhook(
  type: "payment_intent.succeeded" | "payment_intent.payment_failed",
  intent: unknown,
  opts: { id?: string; secret?: string; timestamp?: number; tamper?: boolean } = {},
) {
  const payload = paymentIntentEvent(type, intent, { id: opts.id });
  const header = signedHeader(payload, opts.secret ?? WHSEC, opts.timestamp);
  return t.app.request("/v1/webhooks/stripe", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Stripe-Signature": header },
    body: opts.tamper ? payload.replace('"amount":', '"amount":1') : payload,
  });
}

const getItn = async (id: string, token: string) =>
  ItinerarySchema.parse(await ok(await t.call("GET", `/v1/itineraries/${id}`, { token })));

describe("card payments through Stripe (real SDK, local Stripe-compatible server)", () => {
  it("hold → pay → signed webhook → confirmed; duplicates and unknown intents are harmless", async () => {
    const { token, itn } = await heldJourney();
    const res = await t.call("POST", `/v1/itineraries/${itn.id}/payments`, {
      token,
      headers: { "Idempotency-Key": "pay-1" },
    });
    const pay = await ok(res, 201);
    expect(pay.amount).toEqual(itn.balance.outstanding);
    expect(pay.clientSecret).toMatch(new RegExp(`^${pay.paymentIntentId}_secret_`));
    const sent = stripe.requests.filter((r) => r.method === "POST" && r.path === "/v1/payment_intents");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({
      amount: String(itn.balance.outstanding.amount),
      currency: "cny",
      metadata: { itineraryId: itn.id },
    });
    expect(sent[0]!.headers["idempotency-key"]).toBe(`caravan:${itn.id}:pay-1`);

    // A retried request (same key) returns the same intent and creates nothing new at Stripe.
    const again = await ok(
      await t.call("POST", `/v1/itineraries/${itn.id}/payments`, { token, headers: { "Idempotency-Key": "pay-1" } }),
      201,
    );
    expect(again.paymentIntentId).toBe(pay.paymentIntentId);
    expect(stripe.intents.size).toBe(1);

    const intent = stripe.succeed(pay.paymentIntentId);
    const first = await webhook("payment_intent.succeeded", intent, { id: "evt_ok_1" });
    expect(await ok(first)).toMatchObject({ received: true, outcome: "confirmed" });
    const confirmed = await getItn(itn.id, token);
    expect(confirmed.status).toBe("confirmed");
    expect(confirmed.balance.outstanding.amount).toBe(0);
    expect(confirmed.payments.find((p) => p.kind === "payment")).toMatchObject({
      method: "card",
      status: "succeeded",
      amount: itn.balance.outstanding,
    });
    expect(confirmed.components.filter((c) => c.type !== "consultation").every((c) => c.inventory === "booked")).toBe(
      true,
    );

    const dup = await ok(await webhook("payment_intent.succeeded", intent, { id: "evt_ok_1" }));
    expect(dup.outcome).toBe("duplicate");
    // Out of order: a failure reported after the success changes nothing.
    expect(
      (
        await ok(
          await webhook(
            "payment_intent.payment_failed",
            { ...intent, status: "requires_payment_method" },
            { id: "evt_late_fail" },
          ),
        )
      ).outcome,
    ).toBe("ignored_out_of_order");
    const unknown = await ok(
      await webhook("payment_intent.succeeded", { ...intent, id: "pi_nobody_knows" }, { id: "evt_unknown" }),
    );
    expect(unknown.outcome).toBe("unknown_intent");
    const after = await getItn(itn.id, token);
    expect(after.version).toBe(confirmed.version);
    expect(after.payments).toEqual(confirmed.payments);
  });

  it(
    "concurrent deliveries of one success (new event ids and the same id) confirm once; " +
      "the others answer already_applied or duplicate",
    async () => {
      const { token, itn } = await heldJourney();
      const pay = await ok(await t.call("POST", `/v1/itineraries/${itn.id}/payments`, { token }), 201);
      const intent = stripe.succeed(pay.paymentIntentId);
      const ids = ["evt_race_a", "evt_race_b", "evt_race_c", "evt_race_d", "evt_race_a"];
      const answers = await Promise.all(
        ids.map(async (id) => {
          const res = await webhook("payment_intent.succeeded", intent, { id });
          return { status: res.status, body: (await res.json()) as { outcome?: string } };
        }),
      );
      for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(200);
      const outcomes = answers.map((a) => a.body.outcome).sort();
      expect(outcomes).toEqual(["already_applied", "already_applied", "already_applied", "confirmed", "duplicate"]);
      const after = await getItn(itn.id, token);
      expect(after.status).toBe("confirmed");
      expect(after.version).toBe(itn.version + 1);
      expect(after.payments.filter((p) => p.kind === "payment" && p.status === "succeeded")).toHaveLength(1);
      expect(after.payments.filter((p) => p.kind === "refund")).toEqual([]);
    },
  );

  it("rejects a tampered, wrongly signed or stale webhook", async () => {
    const intent = {
      id: "pi_x",
      object: "payment_intent",
      amount: 100,
      currency: "cny",
      status: "succeeded",
      metadata: {},
    };
    for (const bad of [
      { tamper: true },
      { secret: "whsec_wrong" },
      { timestamp: Math.floor(Date.now() / 1000) - 3600 },
    ]) {
      const res = await webhook("payment_intent.succeeded", intent, { id: `evt_bad_${JSON.stringify(bad)}`, ...bad });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe("invalid_signature");
    }
    const none = await t.app.request("/v1/webhooks/stripe", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(none.status).toBe(400);
    const stored = await t.handle.db
      .selectFrom("webhook_events")
      .select("id")
      .where("id", "like", "evt_bad_%")
      .execute();
    expect(stored).toEqual([]);
  });

  it("a failed payment leaves the itinerary held and tells the patient", async () => {
    const { token, itn } = await heldJourney();
    const pay = await ok(await t.call("POST", `/v1/itineraries/${itn.id}/payments`, { token }), 201);
    const declined = stripe.decline(pay.paymentIntentId, "Your card was declined.");
    expect((await ok(await webhook("payment_intent.payment_failed", declined))).outcome).toBe("payment_failed");
    const still = await getItn(itn.id, token);
    expect(still.status).toBe("held");
    expect(still.payments[0]).toMatchObject({ status: "failed" });
    const note = await t.handle.db
      .selectFrom("notifications")
      .select("kind")
      .where("subject_id", "=", itn.id)
      .where("kind", "=", "payment_failed")
      .execute();
    expect(note).toHaveLength(1);
  });

  it(
    "a payment arriving after the hold expired re-holds if it can; " + "otherwise refunds in full and says so",
    async () => {
      const a = await heldJourney();
      const payA = await ok(await t.call("POST", `/v1/itineraries/${a.itn.id}/payments`, { token: a.token }), 201);
      t.clock.advance(21 * 60_000);
      expect((await ok(await webhook("payment_intent.succeeded", stripe.succeed(payA.paymentIntentId)))).outcome).toBe(
        "reheld_and_confirmed",
      );
      expect((await getItn(a.itn.id, a.token)).status).toBe("confirmed");
      t.clock.set("2026-11-22T10:00:00.000Z");

      const b = await heldJourney();
      const payB = await ok(await t.call("POST", `/v1/itineraries/${b.itn.id}/payments`, { token: b.token }), 201);
      t.clock.advance(21 * 60_000);
      // Meanwhile the tour sells out.
      const tour = b.itn.components.find((c) => c.type === "tour")!;
      const depId = (tour.details as { departureId: string }).departureId;
      await t.call("GET", `/v1/itineraries/${b.itn.id}`, { token: b.token }); // releases the expired hold
      await t.handle.db
        .updateTable("tour_departures")
        .set((eb) => ({ capacity: eb.ref("reserved") }))
        .where("id", "=", depId)
        .execute();
      const res = await ok(await webhook("payment_intent.succeeded", stripe.succeed(payB.paymentIntentId)));
      expect(res.outcome).toBe("inventory_gone_after_hold_expired");
      const after = await getItn(b.itn.id, b.token);
      expect(after.status).toBe("draft");
      const refund = after.payments.find((p) => p.kind === "refund")!;
      expect(refund).toMatchObject({ method: "card", status: "succeeded", amount: payB.amount });
      const refunds = stripe.requests.filter(
        (r) =>
          r.path === "/v1/refunds" &&
          r.method === "POST" &&
          (r.body as { payment_intent?: string }).payment_intent === payB.paymentIntentId,
      );
      expect(refunds).toHaveLength(1);
      expect((refunds[0]!.body as { amount: string }).amount).toBe(String(payB.amount.amount));
      // Nothing of the itinerary is left held.
      const live = await t.handle.db
        .selectFrom("reservations")
        .select("id")
        .where("itinerary_id", "=", b.itn.id)
        .where("status", "!=", "released")
        .execute();
      expect(live).toEqual([]);
      t.clock.set("2026-11-22T10:00:00.000Z");
    },
  );

  it("cancellation after payment refunds exactly the quoted amount through Stripe, once, even if retried", async () => {
    const { token, itn } = await heldJourney();
    const pay = await ok(await t.call("POST", `/v1/itineraries/${itn.id}/payments`, { token }), 201);
    await ok(await webhook("payment_intent.succeeded", stripe.succeed(pay.paymentIntentId)));
    const confirmed = await getItn(itn.id, token);
    const q = CancellationQuoteSchema.parse(
      await ok(await t.call("POST", `/v1/itineraries/${itn.id}/cancellation-quotes`, { token: T.agent }), 201),
    );
    expect(q.totalRefund.amount).toBeGreaterThan(0);
    const req = {
      token: T.agent,
      headers: { "If-Match": `"${confirmed.version}"`, "Idempotency-Key": "cancel-1" },
      body: { cancellationQuoteId: q.id },
    };
    const first = await t.call("POST", `/v1/itineraries/${itn.id}/cancel`, req);
    const body = ItinerarySchema.parse(await ok(first));
    expect(body.status).toBe("cancelled");
    const replay = await t.call("POST", `/v1/itineraries/${itn.id}/cancel`, req);
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const noKey = await t.call("POST", `/v1/itineraries/${itn.id}/cancel`, {
      ...req,
      headers: { "If-Match": `"${body.version}"` },
    });
    expect(noKey.status).toBe(409);
    const refunds = stripe.requests.filter(
      (r) =>
        r.path === "/v1/refunds" &&
        r.method === "POST" &&
        (r.body as { payment_intent?: string }).payment_intent === pay.paymentIntentId,
    );
    expect(refunds).toHaveLength(1);
    expect((refunds[0]!.body as { amount: string }).amount).toBe(String(q.totalRefund.amount));
    const final = await getItn(itn.id, token);
    expect(final.payments.filter((p) => p.kind === "refund")).toEqual([
      expect.objectContaining({ status: "succeeded", amount: q.totalRefund }),
    ]);
    expect(final.balance.refunded).toEqual(q.totalRefund);
  });

  it("without a Stripe key card payment answers a clear problem and everything else works", async () => {
    const bare = await createTestApp();
    try {
      const res = await bare.call("POST", "/v1/itineraries/itn_whatever/payments", { token: T.alexander });
      expect(res.status).toBe(503);
      const p = (await res.json()) as { code: string; detail: string };
      expect(p.code).toBe("payments_unavailable");
      expect(p.detail).toMatch(/STRIPE_SECRET_KEY/);
      expect((await bare.app.request("/v1/webhooks/stripe", { method: "POST", body: "{}" })).status).toBe(503);
      expect((await bare.call("GET", "/v1/hospitals")).status).toBe(200);
    } finally {
      await bare.close();
    }
  });
});
