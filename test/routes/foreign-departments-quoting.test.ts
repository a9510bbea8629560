import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { QuoteSchema } from "../../src/routes/quotes/schemas";
import { PublishResultSchema } from "../../src/routes/tariffs/schemas";
import type { TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import {
  H,
  INTL,
  type ItemInput,
  ok,
  openForeignDepartmentsApp,
  PREMIUM,
  problem,
  V1_CABG,
  V2_CABG,
} from "./foreign-departments-fixtures";

/**
 * A quote that does not name a class gets the standard class; a quote naming a premium class gets
 * the premium line with the standard price beside it; a quote from a recommendation keeps a premium
 * class only when named.
 *  9. Quoting the international line of the legacy version (the 10× markup) → 422 naming the line.
 * An itinerary's treatment follows the same rules.
 */

let t: TestApp;
/** Version 2 of the demo tariff, as billing would send it again. */
let v2Items: ItemInput[];
beforeAll(async () => {
  ({ t, v2Items } = await openForeignDepartmentsApp());
  // Version 2 with its premium classes declared, from 2027-06-01 (as the publication tests accept it): quotes
  // dated after it are priced under a declared version, not under the legacy one.
  await ok(
    await t.call("POST", `/v1/hospitals/${H}/tariffs`, {
      token: T.billing,
      body: { effectiveFrom: "2027-06-01", items: v2Items, premiumClasses: PREMIUM },
    }),
    PublishResultSchema,
    201,
  );
});
afterAll(() => t.close());

const quoteCount = async () => (await t.handle.db.selectFrom("quotes").select("id").execute()).length;

/** A consultation of Alexander's, scheduled, with a recommendation naming the VIP and premium-ward classes. */
async function recommendedConsultation(): Promise<string> {
  const requested = await ok(
    await t.call("POST", "/v1/consultations", {
      token: T.alexander,
      body: {
        hospitalId: H,
        department: "cardiac_surgery",
        mode: "video",
        complaint: "Angina.",
        language: "ru",
        preferredTimes: [{ from: "2026-11-24T09:00:00+05:00", to: "2026-11-24T13:00:00+05:00" }],
      },
    }),
    { parse: (v: unknown) => v as { id: string } },
    201,
  );
  const slots = await ok(
    await t.call("GET", `/v1/hospitals/${H}/consultation-slots?department=cardiac_surgery&mode=video`),
    { parse: (v: unknown) => v as { data: { id: string }[] } },
  );
  await ok(
    await t.call("POST", `/v1/consultations/${requested.id}/schedule`, {
      token: T.clinician,
      body: { slotId: slots.data[0]!.id },
    }),
    { parse: (v: unknown) => v },
  );
  await ok(
    await t.call("POST", `/v1/consultations/${requested.id}/recommendation`, {
      token: T.clinician,
      body: {
        items: [
          { code: "CARD-CABG", quantity: 1, department: INTL, serviceClass: "vip" },
          { code: "BED-WARD", quantity: 5, department: "general_surgery", serviceClass: "premium_ward" },
        ],
        admissionDate: "2026-12-03",
        inpatientNights: 5,
        fitToFlyDays: 7,
        activityRestrictions: [],
        notes: "—",
      },
    }),
    { parse: (v: unknown) => v },
  );
  return requested.id;
}

describe("quoting", () => {
  const quote = (items: unknown[], serviceDate = "2026-12-10") =>
    t.call("POST", "/v1/quotes", { token: T.alexander, body: { hospitalId: H, serviceDate, items } });

  it("a quote that does not name a class gets the standard class, with no standard price beside it", async () => {
    const q = await ok(
      await quote([
        { code: "BED-WARD", quantity: 2 },
        { code: "CARD-CABG", quantity: 1 },
      ]),
      QuoteSchema,
      201,
    );
    expect(q.lines.map((l) => [l.serviceClass, l.department, l.unitPrice.amount, l.standardUnitPrice])).toEqual([
      ["standard", "general_surgery", 18_000, null],
      ["standard", "cardiac_surgery", V1_CABG, null],
    ]);
  });

  it("a quote naming a premium class gets it, with the standard price beside it, stored and read back", async () => {
    const q = await ok(
      await quote([
        { code: "BED-WARD", quantity: 2, serviceClass: "premium_ward" },
        { code: "CARD-CABG", quantity: 1, serviceClass: "vip", department: INTL },
      ]),
      QuoteSchema,
      201,
    );
    const expected = [
      {
        serviceClass: "premium_ward",
        unitPrice: { amount: 68_000, currency: "CNY" },
        standardUnitPrice: { amount: 18_000, currency: "CNY" },
      },
      {
        serviceClass: "vip",
        unitPrice: { amount: V1_CABG, currency: "CNY" },
        standardUnitPrice: { amount: V1_CABG, currency: "CNY" },
      },
    ];
    expect(q.lines).toMatchObject(expected);
    const reread = await ok(await t.call("GET", `/v1/quotes/${q.id}`, { token: T.alexander }), QuoteSchema);
    expect(reread.lines).toMatchObject(expected);
  });

  it("an itinerary built on that quote shows the standard price beside its premium treatment lines", async () => {
    const q = await ok(
      await quote([
        { code: "BED-WARD", quantity: 2, serviceClass: "premium_ward" },
        { code: "CONS-SPEC", quantity: 1 },
      ]),
      QuoteSchema,
      201,
    );
    const itn = await ok(
      await t.call("POST", "/v1/itineraries", {
        token: T.alexander,
        body: {
          quoteId: q.id,
          travelers: [{ fullName: "Alexander", role: "patient" }],
          components: [{ type: "treatment" }],
        },
      }),
      ItinerarySchema,
      201,
    );
    expect(
      itn.pricing.medicalLines.map((l) => [
        l.code,
        l.serviceClass,
        (l.unitPrice as { amount: number }).amount,
        l.standardUnitPrice,
      ]),
    ).toEqual([
      ["BED-WARD", "premium_ward", 68_000, { amount: 18_000, currency: "CNY" }],
      ["CONS-SPEC", "standard", 5_000, null],
    ]);
  });

  it("9. the international line of a version carrying the markup → 422 naming the line, nothing stored", async () => {
    const before = await quoteCount();
    const p = await problem(
      await quote(
        [
          { code: "CONS-SPEC", quantity: 1 },
          { code: "CARD-CABG", quantity: 1, serviceClass: "vip", department: INTL },
        ],
        "2027-03-05",
      ),
      422,
    );
    expect(p.errors!.map((e) => e.path)).toEqual(["body.items.1.department"]);
    expect(p.errors![0]!.message).toMatch(/^foreign_department_price: /);
    expect(await quoteCount()).toBe(before);
    // The standard line of the same code on the same date is the standard price.
    const std = await ok(await quote([{ code: "CARD-CABG", quantity: 1 }], "2027-03-05"), QuoteSchema, 201);
    expect(std.lines[0]!.unitPrice.amount).toBe(V2_CABG);
  });

  it(
    "a new version that moves only the standard price re-signs the premium line with " +
      "the new standard price beside it",
    async () => {
      const q = await ok(
        await quote([{ code: "BED-WARD", quantity: 3, serviceClass: "premium_ward" }], "2027-08-01"),
        QuoteSchema,
        201,
      );
      expect(q.lines[0]).toMatchObject({ unitPrice: { amount: 68_000 }, standardUnitPrice: { amount: 19_500 } });
      const items = v2Items.map((i) =>
        i.code === "BED-WARD" && i.serviceClass === "standard" ? { ...i, unitPrice: 20_000 } : i,
      );
      const published = await ok(
        await t.call("POST", `/v1/hospitals/${H}/tariffs`, {
          token: T.billing,
          body: { effectiveFrom: "2027-07-01", items, premiumClasses: PREMIUM },
        }),
        PublishResultSchema,
        201,
      );
      expect(published.repricedQuotes.find((r) => r.quoteId === q.id)).toMatchObject({
        before: 204_000,
        after: 204_000,
        withdrawn: false,
      });
      const reread = await ok(await t.call("GET", `/v1/quotes/${q.id}`, { token: T.alexander }), QuoteSchema);
      expect(reread.lines[0]).toMatchObject({
        unitPrice: { amount: 68_000 },
        standardUnitPrice: { amount: 20_000 },
        tariffVersion: { version: published.tariffVersion.version },
      });
    },
  );

  it("a recommendation's premium class is quoted only when the patient names it", async () => {
    const id = await recommendedConsultation();
    const plain = await ok(
      await t.call("POST", "/v1/quotes", { token: T.alexander, body: { consultationId: id } }),
      QuoteSchema,
      201,
    );
    expect(
      plain.lines.map((l) => [l.code, l.department, l.serviceClass, l.unitPrice.amount, l.standardUnitPrice]),
    ).toEqual([
      ["CARD-CABG", "cardiac_surgery", "standard", V1_CABG, null],
      ["BED-WARD", "general_surgery", "standard", 18_000, null],
    ]);
    const named = await ok(
      await t.call("POST", "/v1/quotes", {
        token: T.alexander,
        body: { consultationId: id, premiumClass: "premium_ward" },
      }),
      QuoteSchema,
      201,
    );
    // premiumClass names a class for a recommendation; with explicit items each item names its own.
    const p = await problem(
      await t.call("POST", "/v1/quotes", {
        token: T.alexander,
        body: {
          hospitalId: H,
          serviceDate: "2026-12-10",
          items: [{ code: "BED-WARD", quantity: 1 }],
          premiumClass: "premium_ward",
        },
      }),
      400,
    );
    expect(p.errors!.map((e) => e.path)).toEqual(["body.premiumClass"]);
    expect(
      named.lines.map((l) => [l.code, l.serviceClass, l.unitPrice.amount, l.standardUnitPrice?.amount ?? null]),
    ).toEqual([
      ["CARD-CABG", "standard", V1_CABG, null],
      ["BED-WARD", "premium_ward", 68_000, 18_000],
    ]);
  });
});

describe("an itinerary's treatment follows the same foreign-department rules", () => {
  const quote = (items: unknown[], serviceDate: string) =>
    t.call("POST", "/v1/quotes", { token: T.alexander, body: { hospitalId: H, serviceDate, items } });
  const itinerary = (quoteId: string, treatment: Record<string, unknown> = {}) =>
    t.call("POST", "/v1/itineraries", {
      token: T.alexander,
      body: {
        quoteId,
        travelers: [{ fullName: "Alexander", role: "patient" }],
        components: [{ type: "treatment", ...treatment }],
      },
    });

  it(
    "a treatment line in the marked department, admitted under the version carrying " +
      "the markup, is judged at the standard price → 422",
    async () => {
      const q = await ok(
        await quote([{ code: "CARD-CABG", quantity: 1, serviceClass: "vip", department: INTL }], "2027-02-15"),
        QuoteSchema,
        201,
      );
      expect(q.lines[0]!.unitPrice.amount).toBe(V2_CABG);
      const p = await problem(await itinerary(q.id, { admissionDate: "2027-03-05" }), 422);
      expect(p.code).toBe("parity_violation");
      expect(p.errors!.map((e) => e.path)).toEqual(["body.components.0.admissionDate"]);
      expect(p.errors![0]!.message).toMatch(
        /serves foreign patients and may only charge the standard-class domestic price/,
      );
    },
  );

  it("an itinerary re-priced after a new tariff version keeps the standard price beside its premium line", async () => {
    const q = await ok(
      await quote(
        [
          { code: "BED-WARD", quantity: 2, serviceClass: "premium_ward" },
          { code: "CARD-CABG", quantity: 1, serviceClass: "vip", department: INTL },
        ],
        "2027-10-10",
      ),
      QuoteSchema,
      201,
    );
    const created = await ok(await itinerary(q.id), ItinerarySchema, 201);
    const lines = (itn: typeof created) =>
      itn.pricing.medicalLines.map((l) => [
        l.code,
        l.serviceClass,
        (l.unitPrice as { amount: number }).amount,
        (l.standardUnitPrice as { amount: number } | null)?.amount ?? null,
      ]);
    expect(lines(created)).toEqual([
      ["BED-WARD", "premium_ward", 68_000, 20_000],
      ["CARD-CABG", "vip", V2_CABG, V2_CABG],
    ]);
    const items = v2Items.map((i) =>
      i.code === "BED-WARD" && i.serviceClass === "standard"
        ? { ...i, unitPrice: 21_000 }
        : i.code === "CARD-CABG" && (i.serviceClass === "standard" || i.department === INTL)
          ? { ...i, unitPrice: 10_500_000 }
          : i,
    );
    const published = await ok(
      await t.call("POST", `/v1/hospitals/${H}/tariffs`, {
        token: T.billing,
        body: { effectiveFrom: "2027-10-01", items, premiumClasses: PREMIUM },
      }),
      PublishResultSchema,
      201,
    );
    expect(published.repricedItineraries.find((r) => r.itineraryId === created.id)).toEqual({
      itineraryId: created.id,
      before: 136_000 + V2_CABG,
      after: 136_000 + 10_500_000,
    });
    const reread = await ok(
      await t.call("GET", `/v1/itineraries/${created.id}`, { token: T.alexander }),
      ItinerarySchema,
    );
    expect(lines(reread)).toEqual([
      ["BED-WARD", "premium_ward", 68_000, 21_000],
      ["CARD-CABG", "vip", 10_500_000, 10_500_000],
    ]);
  });
});
