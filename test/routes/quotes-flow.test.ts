import { createPublicKey, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsultationSchema, SlotPageSchema } from "../../src/routes/consultations/schemas";
import { QuoteSchema, type Quote } from "../../src/routes/quotes/schemas";
import { TreatmentPageSchema } from "../../src/routes/catalog/schemas";
import { ParityKeysSchema, VerifyResultSchema } from "../../src/routes/parity/schemas";
import { PriceFileSchema, PublishResultSchema } from "../../src/routes/tariffs/schemas";
import { convertHalfEven } from "../helpers/money";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const H = "hsp_xjph";
/** The demo tariff's non-standard classes, declared as bought by domestic patients at their prices. */
const PREMIUM_CLASSES = [
  { serviceClass: "premium_ward", domesticallyAvailable: true },
  { serviceClass: "vip", domesticallyAvailable: true },
];
const RATES: Record<string, string> = { KZT: "70.85", KGS: "12.05", USD: "0.1388", JOD: "0.0984" };

async function ok<T>(res: Response, schema: { parse: (v: unknown) => T }, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return schema.parse(JSON.parse(text));
}

/** Domestic prices straight from the public catalog: what a domestic patient is billed. */
async function domestic(date: string) {
  const p = await ok(await t.call("GET", `/v1/hospitals/${H}/treatments?date=${date}&limit=100`), TreatmentPageSchema);
  return new Map(p.data.map((i) => [`${i.code}|${i.department}|${i.serviceClass}`, i.unitPrice.amount]));
}

const recommendation = {
  items: [
    { code: "CARD-CABG", quantity: 1 },
    { code: "BED-ICU", quantity: 2 },
    { code: "BED-WARD", quantity: 8 },
    { code: "CARD-POSTOP-MED", quantity: 1 },
    { code: "IMG-CT-CHEST", quantity: 1 },
  ],
  admissionDate: "2026-12-03",
  inpatientNights: 10,
  fitToFlyDays: 7,
  activityRestrictions: [{ activity: "strenuous", days: 30 }],
  notes: "Triple bypass; cardiology follow-up at home after 6 weeks.",
};

describe("patient → clinician → quote, over HTTP", () => {
  let quote: Quote;

  it("runs end to end with domestic prices in CNY and the patient's currency", async () => {
    // 1. The patient (Alexander, Astana) asks for a free video consultation.
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

    // 2. The clinician picks a free video slot and schedules it.
    const slots = await ok(
      await t.call("GET", `/v1/hospitals/${H}/consultation-slots?department=cardiac_surgery&mode=video`),
      SlotPageSchema,
    );
    const slot = slots.data[0]!;
    expect(slot.startsAt.zone).toBe("Asia/Shanghai");
    const scheduled = await ok(
      await t.call("POST", `/v1/consultations/${requested.id}/schedule`, {
        token: T.clinician,
        body: { slotId: slot.id },
      }),
      ConsultationSchema,
    );
    expect(scheduled.status).toBe("scheduled");
    // Shown in the hospital's Beijing time and in the patient's own time (Astana keeps Asia/Almaty).
    expect(scheduled.slot!.startsAt.hospital.zone).toBe("Asia/Shanghai");
    expect(scheduled.slot!.startsAt.patient.zone).toBe("Asia/Almaty");
    expect(Date.parse(scheduled.slot!.startsAt.hospital.local)).toBe(
      Date.parse(scheduled.slot!.startsAt.patient.local),
    );
    expect(scheduled.slot!.startsAt.hospital.local.slice(11, 16)).not.toBe(
      scheduled.slot!.startsAt.patient.local.slice(11, 16),
    );

    // 3. The clinician records the recommendation.
    const done = await ok(
      await t.call("POST", `/v1/consultations/${requested.id}/recommendation`, {
        token: T.clinician,
        body: recommendation,
      }),
      ConsultationSchema,
    );
    expect(done.status).toBe("completed");
    expect(done.recommendation?.inpatientNights).toBe(10);
    expect(done.price.amount).toBe(0);

    // 4. The patient asks for the quote from the recommendation, in tenge.
    quote = await ok(
      await t.call("POST", "/v1/quotes", {
        token: T.alexander,
        body: { consultationId: requested.id, currency: "KZT" },
      }),
      QuoteSchema,
      201,
    );
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

    // The patient was told, through the outbox.
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

describe("no price but the domestic one, whoever asks", () => {
  const base = { patientId: "pat_demo_alexander", hospitalId: H, serviceDate: "2026-12-03" };
  const attempts: [string, Record<string, unknown>, string][] = [
    [
      "a unit price on a line",
      {
        items: [
          { code: "CARD-CABG", quantity: 1 },
          { code: "BED-ICU", quantity: 1, unitPrice: 2_500_000 },
        ],
      },
      "body.items.1.unitPrice",
    ],
    [
      "the domestic price sent anyway",
      { items: [{ code: "CARD-CABG", quantity: 1, unitPrice: 9_800_000 }] },
      "body.items.0.unitPrice",
    ],
    ["a currency on a line", { items: [{ code: "CARD-CABG", quantity: 1, currency: "USD" }] }, "body.items.0.currency"],
    [
      "the hospital currency swapped",
      { hospitalCurrency: "USD", items: [{ code: "CARD-CABG", quantity: 1 }] },
      "body.hospitalCurrency",
    ],
    [
      "a class domestic patients cannot buy",
      { items: [{ code: "CARD-CABG", quantity: 1, serviceClass: "international" }] },
      "body.items.0.serviceClass",
    ],
    [
      "the VIP class in the standard department",
      { items: [{ code: "CARD-CABG", quantity: 1, serviceClass: "vip", department: "cardiac_surgery" }] },
      "body.items.0",
    ],
    [
      "the international department in the standard class",
      { items: [{ code: "CARD-CABG", quantity: 1, department: "international_medical_center" }] },
      "body.items.0",
    ],
    ["a code that does not exist", { items: [{ code: "CARD-CABG-INTL", quantity: 1 }] }, "body.items.0.code"],
  ];

  it.each(attempts)("%s → 422 naming the line, nothing stored", async (_name, extra, path) => {
    const before = await t.handle.db
      .selectFrom("quotes")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const tariffBefore = await t.handle.db
      .selectFrom("tariff_items")
      .select(["id", "unit_price"])
      .orderBy("id")
      .execute();
    const res = await t.call("POST", "/v1/quotes", { token: T.agent, body: { ...base, ...extra } });
    expect(res.status, await res.clone().text()).toBe(422);
    const p = (await res.json()) as { code: string; errors: { path: string }[] };
    expect(p.code).toBe("parity_violation");
    expect(p.errors.some((e) => e.path.startsWith(path))).toBe(true);
    const after = await t.handle.db
      .selectFrom("quotes")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await t.handle.db.selectFrom("tariff_items").select(["id", "unit_price"]).orderBy("id").execute()).toEqual(
      tariffBefore,
    );
  });

  it("a consultation has no price to set: the schema refuses one, and the database pins it to zero", async () => {
    const res = await t.call("POST", "/v1/consultations", {
      token: T.alexander,
      body: {
        hospitalId: H,
        department: "cardiac_surgery",
        mode: "video",
        complaint: "x",
        language: "ru",
        price: { amount: 100, currency: "CNY" },
      },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/price/);
    const c = await t.handle.db.selectFrom("consultations").select("id").limit(1).executeTakeFirstOrThrow();
    await expect(
      t.handle.db.updateTable("consultations").set({ price_amount: 1 }).where("id", "=", c.id).execute(),
    ).rejects.toThrow();
  });

  it("nationality never selects a price: a Kazakh and a Chinese-resident patient get the same lines", async () => {
    const signUp = await t.call("POST", "/v1/patients", {
      body: {
        fullName: "Li Wei",
        email: "li.wei@example.cn",
        nationality: "CN",
        homeCity: "Urumqi",
        language: "zh",
        currency: "CNY",
      },
    });
    const { token } = (await signUp.json()) as { token: string };
    const items = recommendation.items;
    const cn = await ok(
      await t.call("POST", "/v1/quotes", { token, body: { hospitalId: H, serviceDate: "2026-12-03", items } }),
      QuoteSchema,
      201,
    );
    const kz = await ok(
      await t.call("POST", "/v1/quotes", {
        token: T.alexander,
        body: { hospitalId: H, serviceDate: "2026-12-03", items },
      }),
      QuoteSchema,
      201,
    );
    expect(cn.lines.map((l) => l.unitPrice)).toEqual(kz.lines.map((l) => l.unitPrice));
    expect(cn.totals.medical).toEqual(kz.totals.medical);
  });
});

describe("tariff versions and re-pricing", () => {
  it("publishing re-prices open quotes it covers, up or down, re-signs them and tells the patient", async () => {
    const mk = (serviceDate: string) =>
      t.call("POST", "/v1/quotes", {
        token: T.alexander,
        body: {
          hospitalId: H,
          serviceDate,
          items: [
            { code: "CARD-CABG", quantity: 1 },
            { code: "BED-ICU", quantity: 3 },
          ],
        },
      });
    const early = await ok(await mk("2026-12-10"), QuoteSchema, 201);
    const late = await ok(await mk("2027-02-10"), QuoteSchema, 201);
    expect(late.lines[0]!.unitPrice.amount).toBe(10_200_000);

    const v2 = (await t.call("GET", `/v1/hospitals/${H}/tariffs/2`).then((r) => r.json())) as {
      items: {
        code: string;
        name: Record<string, string>;
        department: string;
        serviceClass: string;
        kind: string;
        unit: string;
        unitPrice: { amount: number };
      }[];
    };
    const items = v2.items.map((i) => ({
      code: i.code,
      name: i.name,
      department: i.department,
      serviceClass: i.serviceClass,
      kind: i.kind,
      unit: i.unit,
      unitPrice: i.code === "CARD-CABG" ? 9_900_000 : i.code === "BED-ICU" ? 260_000 : i.unitPrice.amount,
    }));
    const published = await ok(
      await t.call("POST", `/v1/hospitals/${H}/tariffs`, {
        token: T.billing,
        body: { effectiveFrom: "2027-01-15", note: "Provincial price review", items, premiumClasses: PREMIUM_CLASSES },
      }),
      PublishResultSchema,
      201,
    );
    expect(published.tariffVersion).toMatchObject({ version: 3, effectiveFrom: "2027-01-15", status: "scheduled" });
    const mine = published.repricedQuotes.find((r) => r.quoteId === late.id)!;
    expect(mine).toMatchObject({
      before: 10_200_000 + 3 * 250_000,
      after: 9_900_000 + 3 * 260_000,
      withdrawn: false,
      revision: 2,
    });
    expect(published.repricedQuotes.some((r) => r.quoteId === early.id)).toBe(false);

    const reread = await ok(await t.call("GET", `/v1/quotes/${late.id}`, { token: T.alexander }), QuoteSchema);
    expect(reread.revision).toBe(2);
    expect(reread.lines.map((l) => [l.unitPrice.amount, l.tariffVersion.version])).toEqual([
      [9_900_000, 3],
      [260_000, 3],
    ]);
    expect(reread.totals.medicalInPatientCurrency.amount).toBe(
      convertHalfEven(9_900_000 + 3 * 260_000, RATES.KZT!, 2, 2),
    );
    const verified = await ok(
      await t.call("POST", "/v1/parity/verify", { body: reread.parityAffirmation }),
      VerifyResultSchema,
    );
    expect(verified.valid).toBe(true);
    const untouched = await ok(await t.call("GET", `/v1/quotes/${early.id}`, { token: T.alexander }), QuoteSchema);
    expect(untouched).toEqual(early);

    const note = await t.handle.db
      .selectFrom("notifications")
      .selectAll()
      .where("kind", "=", "quote_repriced")
      .where("subject_id", "=", late.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(note.payload)).toMatchObject({ before: { amount: 10_950_000 }, after: { amount: 10_680_000 } });
  });

  it("refuses a version that would rewrite history, and anyone but that hospital's billing", async () => {
    const body = {
      effectiveFrom: "2026-11-21",
      items: [
        {
          code: "CARD-CABG",
          name: { en: "CABG" },
          department: "cardiac_surgery",
          kind: "procedure",
          unit: "per procedure",
          unitPrice: 1,
        },
      ],
    };
    const past = await t.call("POST", `/v1/hospitals/${H}/tariffs`, { token: T.billing, body });
    expect(past.status).toBe(422);
    expect(((await past.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe("body.effectiveFrom");
    const future = { ...body, effectiveFrom: "2027-03-01" };
    expect((await t.call("POST", `/v1/hospitals/${H}/tariffs`, { token: T.billingYiwu, body: future })).status).toBe(
      403,
    );
    expect((await t.call("POST", `/v1/hospitals/${H}/tariffs`, { token: T.clinician, body: future })).status).toBe(403);
    const badDept = await t.call("POST", `/v1/hospitals/${H}/tariffs`, {
      token: T.billing,
      body: { ...future, items: [{ ...future.items[0], department: "foreign_patients" }] },
    });
    expect(badDept.status).toBe(400);
    expect(((await badDept.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe("body.items.0.department");
  });

  it("serves the price file in JSON and CSV with version and last update", async () => {
    const file = await ok(await t.call("GET", `/v1/hospitals/${H}/price-file?date=2026-12-01`), PriceFileSchema);
    expect(file.tariffVersion?.version).toBe(1);
    expect(file.items.find((i) => i.code === "CARD-CABG" && i.serviceClass === "standard")?.unitPrice).toEqual({
      amount: 9_800_000,
      currency: "CNY",
    });
    expect(file.upcomingVersions.map((v) => v.version)).toEqual(expect.arrayContaining([2]));
    expect(file.lastUpdated).not.toBeNull();
    const csv = await t.call("GET", `/v1/hospitals/${H}/price-file?date=2026-12-01`, {
      headers: { Accept: "text/csv" },
    });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const rows = (await csv.text()).trim().split("\r\n");
    expect(rows[0]).toMatch(/^hospital_id,tariff_version,effective_from,code/);
    expect(rows).toHaveLength(file.items.length + 1);
    expect(rows.some((r) => r.includes(",CARD-CABG,") && r.includes(",9800000,CNY"))).toBe(true);
  });
});
