import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QuoteSchema } from "../../src/routes/quotes/schemas";
import { VerifyResultSchema } from "../../src/routes/parity/schemas";
import { PriceFileSchema, PublishResultSchema } from "../../src/routes/tariffs/schemas";
import { convertHalfEven } from "../helpers/money";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { H, ok, PREMIUM_CLASSES, RATES } from "./quotes-fixtures";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

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
