import { createPublicKey, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsultationSchema, SlotPageSchema } from "../../src/routes/consultations/schemas";
import { QuoteSchema, type Quote } from "../../src/routes/quotes/schemas";
import { TreatmentPageSchema } from "../../src/routes/catalog/schemas";
import { ParityKeysSchema, VerifyResultSchema } from "../../src/routes/parity/schemas";
import { convertHalfEven } from "../helpers/money";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { H, ok, RATES, recommendation } from "./quotes-fixtures";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Domestic prices straight from the public catalog: what a domestic patient is billed. */
async function domestic(date: string) {
  const p = await ok(await t.call("GET", `/v1/hospitals/${H}/treatments?date=${date}&limit=100`), TreatmentPageSchema);
  return new Map(p.data.map((i) => [`${i.code}|${i.department}|${i.serviceClass}`, i.unitPrice.amount]));
}

/** 1. The patient (Alexander, Astana) asks for a free video consultation. */
async function requestConsultation() {
  const requested = await ok(
    await t.call("POST", "/v1/consultations", {
      token: T.alexander,
      body: {
        hospitalId: H,
        department: "cardiac_surgery",
        mode: "video",
        complaint: "Angina; three-vessel disease on angiography at home.",
        language: "ru",
        preferredTimes: [{ from: "2026-11-24T09:00:00+05:00", to: "2026-11-24T13:00:00+05:00" }],
        records: [{ name: "angiography.pdf", kind: "imaging", mediaType: "application/pdf", sizeBytes: 2_400_000 }],
      },
    }),
    ConsultationSchema,
    201,
  );
  expect(requested.status).toBe("requested");
  expect(requested.price).toEqual({ amount: 0, currency: "CNY" });
  return requested;
}

/** 2. The clinician picks a free video slot and schedules it. */
async function scheduleFirstSlot(consultationId: string) {
  const slots = await ok(
    await t.call("GET", `/v1/hospitals/${H}/consultation-slots?department=cardiac_surgery&mode=video`),
    SlotPageSchema,
  );
  const slot = slots.data[0]!;
  expect(slot.startsAt.zone).toBe("Asia/Shanghai");
  const scheduled = await ok(
    await t.call("POST", `/v1/consultations/${consultationId}/schedule`, {
      token: T.clinician,
      body: { slotId: slot.id },
    }),
    ConsultationSchema,
  );
  expect(scheduled.status).toBe("scheduled");
  // Shown in the hospital's Beijing time and in the patient's own time (Astana keeps Asia/Almaty).
  expect(scheduled.slot!.startsAt.hospital.zone).toBe("Asia/Shanghai");
  expect(scheduled.slot!.startsAt.patient.zone).toBe("Asia/Almaty");
  expect(Date.parse(scheduled.slot!.startsAt.hospital.local)).toBe(Date.parse(scheduled.slot!.startsAt.patient.local));
  expect(scheduled.slot!.startsAt.hospital.local.slice(11, 16)).not.toBe(
    scheduled.slot!.startsAt.patient.local.slice(11, 16),
  );
}

/** 3. The clinician records the recommendation. */
async function recordRecommendation(consultationId: string) {
  const done = await ok(
    await t.call("POST", `/v1/consultations/${consultationId}/recommendation`, {
      token: T.clinician,
      body: recommendation,
    }),
    ConsultationSchema,
  );
  expect(done.status).toBe("completed");
  expect(done.recommendation?.inpatientNights).toBe(10);
  expect(done.price.amount).toBe(0);
}

/** Every line at the domestic price of its code, department and class on its date; totals in CNY and tenge. */
async function expectDomesticLines(quote: Quote) {
  const prices = await domestic("2026-12-03");
  expect(quote.lines).toHaveLength(5);
  let total = 0;
  for (const [i, line] of quote.lines.entries()) {
    const want = recommendation.items[i]!;
    expect(line.code).toBe(want.code);
    expect(line.quantity).toBe(want.quantity);
    expect(line.serviceDate).toBe("2026-12-03");
    expect(line.unitPrice.amount).toBe(prices.get(`${line.code}|${line.department}|${line.serviceClass}`));
    expect(line.unitPrice.currency).toBe("CNY");
    expect(line.lineTotal.amount).toBe(line.unitPrice.amount * line.quantity);
    expect(line.tariffVersion.version).toBe(1);
    total += line.lineTotal.amount;
  }
  expect(total).toBe(9_800_000 + 2 * 250_000 + 8 * 18_000 + 120_000 + 50_000);
  expect(quote.totals.medical).toEqual({ amount: total, currency: "CNY" });
  expect(quote.totals.payableAtHospital).toEqual({ amount: total, currency: "CNY" });
  expect(quote.totals.medicalInPatientCurrency).toEqual({
    amount: convertHalfEven(total, RATES.KZT!, 2, 2),
    currency: "KZT",
  });
  expect(quote.fx).toMatchObject({ from: "CNY", to: "KZT", rate: "70.85" });
  expect(quote.fx.source).toMatch(/Demo data/);
  expect(quote.status).toBe("open");
  expect(Date.parse(quote.validUntil)).toBeGreaterThan(t.clock.now().getTime());
}

/** The patient was told, through the outbox. */
async function expectPatientNotified() {
  const kinds = (
    await t.handle.db.selectFrom("notifications").select("kind").where("user_id", "=", "usr_demo_alexander").execute()
  ).map((n) => n.kind);
  expect(kinds).toEqual(
    expect.arrayContaining([
      "consultation_requested",
      "consultation_scheduled",
      "consultation_completed",
      "quote_ready",
    ]),
  );
}

describe("patient → clinician → quote, over HTTP", () => {
  let quote: Quote;

  it("runs end to end with domestic prices in CNY and the patient's currency", async () => {
    const requested = await requestConsultation();
    await scheduleFirstSlot(requested.id);
    await recordRecommendation(requested.id);

    // 4. The patient asks for the quote from the recommendation, in tenge.
    quote = await ok(
      await t.call("POST", "/v1/quotes", {
        token: T.alexander,
        body: { consultationId: requested.id, currency: "KZT" },
      }),
      QuoteSchema,
      201,
    );
    await expectDomesticLines(quote);
    await expectPatientNotified();
  });

  it.each(["KGS", "USD", "JOD"])("quotes the same lines in %s with the dated rate, half-even", async (currency) => {
    const q = await ok(
      await t.call("POST", "/v1/quotes", {
        token: T.agent,
        body: {
          patientId: "pat_demo_alexander",
          hospitalId: H,
          serviceDate: "2026-12-03",
          currency,
          items: recommendation.items,
        },
      }),
      QuoteSchema,
      201,
    );
    expect(q.totals.medical).toEqual(quote.totals.medical);
    const exp = currency === "JOD" ? 3 : 2;
    expect(q.totals.medicalInPatientCurrency).toEqual({
      amount: convertHalfEven(q.totals.medical.amount, RATES[currency]!, 2, exp),
      currency,
    });
    expect(q.fx.rate).toBe(RATES[currency]);
  });

  it("prices each line on its own service date: a line after 2027-01-01 takes version 2", async () => {
    const q = await ok(
      await t.call("POST", "/v1/quotes", {
        token: T.alexander,
        body: {
          hospitalId: H,
          serviceDate: "2026-12-30",
          items: [
            { code: "CARD-CABG", quantity: 1 },
            { code: "CARD-CABG", quantity: 1, serviceDate: "2027-01-02" },
          ],
        },
      }),
      QuoteSchema,
      201,
    );
    expect(q.lines.map((l) => [l.unitPrice.amount, l.tariffVersion.version])).toEqual([
      [9_800_000, 1],
      [10_200_000, 2],
    ]);
    // The created quote answers exactly what reading it back from the database answers.
    const reread = await ok(await t.call("GET", `/v1/quotes/${q.id}`, { token: T.alexander }), QuoteSchema);
    expect(reread).toEqual(q);
  });

  it("a domestic premium class is sold at its domestic price; the VIP line only at the same price", async () => {
    const q = await ok(
      await t.call("POST", "/v1/quotes", {
        token: T.alexander,
        body: {
          hospitalId: H,
          serviceDate: "2026-12-03",
          items: [
            { code: "BED-WARD", quantity: 3, serviceClass: "premium_ward" },
            { code: "CARD-CABG", quantity: 1, department: "international_medical_center", serviceClass: "vip" },
          ],
        },
      }),
      QuoteSchema,
      201,
    );
    expect(q.lines[0]!.unitPrice.amount).toBe(68_000);
    expect(q.lines[1]!.unitPrice.amount).toBe(9_800_000); // the VIP line costs exactly the standard price
  });

  it("the parity affirmation verifies offline with only the public key, and one changed price breaks it", async () => {
    const keys = await ok(await t.call("GET", "/v1/parity/keys"), ParityKeysSchema);
    const jwk = keys.keys.find((k) => k.kid === quote.parityAffirmation.keyId)!;
    expect(jwk).toBeDefined();
    const publicKey = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: "jwk" });
    const { payload, signature } = quote.parityAffirmation;
    const sig = Buffer.from(signature, "base64url");
    expect(verify(null, Buffer.from(payload, "utf8"), publicKey, sig)).toBe(true);

    const doc = JSON.parse(payload);
    expect(doc.quoteId).toBe(quote.id);
    expect(doc.lines.map((l: { unitPrice: number }) => l.unitPrice)).toEqual(
      quote.lines.map((l) => l.unitPrice.amount),
    );
    doc.lines[0].unitPrice += 1;
    const tampered = JSON.stringify(doc);
    expect(verify(null, Buffer.from(tampered, "utf8"), publicKey, sig)).toBe(false);

    const good = await ok(
      await t.call("POST", "/v1/parity/verify", { body: quote.parityAffirmation }),
      VerifyResultSchema,
    );
    expect(good).toMatchObject({ valid: true, signatureValid: true, parity: { holds: true } });
    const bad = await ok(
      await t.call("POST", "/v1/parity/verify", { body: { ...quote.parityAffirmation, payload: tampered } }),
      VerifyResultSchema,
    );
    expect(bad.valid).toBe(false);
    expect(bad.signatureValid).toBe(false);
    expect(bad.parity?.lines[0]?.holds).toBe(false);
  });
});
