import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsultationSchema } from "../../src/routes/consultations/schemas";
import { QuoteSchema } from "../../src/routes/quotes/schemas";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { H, ok, recommendation } from "./quotes-fixtures";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

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
    const body = { hospitalId: H, department: "cardiac_surgery", mode: "video", complaint: "x", language: "ru" };
    const res = await t.call("POST", "/v1/consultations", {
      token: T.alexander,
      body: { ...body, price: { amount: 100, currency: "CNY" } },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/price/);
    // A consultation of this test's own, so the check needs no other test's rows.
    const c = await ok(
      await t.call("POST", "/v1/consultations", { token: T.alexander, body }),
      ConsultationSchema,
      201,
    );
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
