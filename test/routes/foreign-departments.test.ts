import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { affirmationDocument, serializeAffirmation } from "../../src/domain/parity/affirmation";
import { ProblemSchema } from "../../src/http/problem";
import { HospitalSchema } from "../../src/routes/catalog/schemas";
import { ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { ParityChecksResultSchema, ParityReportSchema, VerifyResultSchema } from "../../src/routes/parity/schemas";
import { QuoteSchema } from "../../src/routes/quotes/schemas";
import { PublishResultSchema, TariffVersionSchema } from "../../src/routes/tariffs/schemas";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

/**
 * The "international / VIP department at ten times the price" loophole (SPEC §6), attempted every
 * way we could think of; each attempt is one test below.
 *
 * Publication (422 naming each offending item, nothing stored):
 *  1. the international department's VIP line at 10× the standard price;
 *  2. the same line below the standard price (any other price is refused, not only a markup);
 *  3. a VIP class at 10× in a standard department, not declared as a domestic premium class;
 *  4. the same, declared but as not domestically available;
 *  5. a code sold only in the international department (no standard-class domestic price);
 *  6. the standard class moved into the international department (no domestic standard price left);
 *  7. a premium class for a code with no standard price to show beside it;
 *  8. "standard" declared as a premium class.
 * Accepted: a premium class at the price domestic patients buy, declared as such; then a quote that
 * does not name it gets the standard class, a quote naming it gets the premium line with the
 * standard price beside it; a quote from a recommendation keeps a premium class only when named.
 * Behind the engine's back (a tariff version written straight into the database, as if published
 * before the rule, carrying the 10× line; quote lines edited in the database):
 *  9. quoting that version's international line → 422 naming the line;
 * 10. a stored international-department line at 10× under a correct tariff → overcharge;
 * 11. the same under the version that carries the markup → overcharge against the standard price,
 *     never parity; counted in the summary (JSON and CSV), parity checks agree;
 * 12. a signed affirmation over such a line → /v1/parity/verify says invalid.
 */

let t: TestApp;
const H = "hsp_xjph";
const INTL = "international_medical_center";
const V2_CABG = 10_200_000;
const V1_CABG = 9_800_000;
const LEGACY_ID = "tfv_xjph_legacy_markup";
const LEGACY_FROM = "2027-03-01";
const PREMIUM = [
  { serviceClass: "premium_ward", domesticallyAvailable: true },
  { serviceClass: "vip", domesticallyAvailable: true },
];

async function ok<S>(res: Response, schema: { parse: (v: unknown) => S }, status = 200): Promise<S> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return schema.parse(JSON.parse(text));
}

async function problem(res: Response, status: number) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return ProblemSchema.parse(JSON.parse(text));
}

type ItemInput = {
  code: string;
  name: Record<string, string>;
  department: string;
  serviceClass: string;
  kind: string;
  unit: string;
  unitPrice: number;
};
/** Version 2 of the demo tariff, as billing would send it again. */
let v2Items: ItemInput[];
const at = (code: string, department: string, serviceClass: string) =>
  v2Items.findIndex((i) => i.code === code && i.department === department && i.serviceClass === serviceClass);
const versionCount = async () =>
  (await t.handle.db.selectFrom("tariff_versions").select("id").where("hospital_id", "=", H).execute()).length;
const quoteCount = async () => (await t.handle.db.selectFrom("quotes").select("id").execute()).length;

beforeAll(async () => {
  t = await createTestApp();
  const v2 = await ok(await t.call("GET", `/v1/hospitals/${H}/tariffs/2`), TariffVersionSchema);
  v2Items = v2.items.map((i) => ({
    code: i.code,
    name: i.name,
    department: i.department,
    serviceClass: i.serviceClass,
    kind: i.kind,
    unit: i.unit,
    unitPrice: i.unitPrice.amount,
  }));
  expect(v2Items[at("CARD-CABG", INTL, "vip")]!.unitPrice).toBe(V2_CABG);

  // A version written straight into the database, as if published before the rule: version 2 with
  // the international VIP line at ten times the price.
  const db = t.handle.db;
  const items = await db.selectFrom("tariff_items").selectAll().where("tariff_version_id", "=", "tfv_xjph_2").execute();
  await db
    .insertInto("tariff_versions")
    .values({
      id: LEGACY_ID,
      hospital_id: H,
      version: 3,
      effective_from: LEGACY_FROM,
      currency: "CNY",
      published_at: "2026-11-01T00:00:00.000Z",
      published_by: null,
      note: "legacy",
      premium_classes: null,
    })
    .execute();
  await db
    .insertInto("tariff_items")
    .values(
      items.map((i) => ({
        ...i,
        id: `${i.id}_legacy`,
        tariff_version_id: LEGACY_ID,
        unit_price:
          i.code === "CARD-CABG" && i.department_code === INTL ? Number(i.unit_price) * 10 : Number(i.unit_price),
      })),
    )
    .execute();
});
afterAll(() => t.close());

describe("the hospital marks its foreign-patient departments", () => {
  it("the demo's international medical center is marked, the standard departments are not", async () => {
    const h = await ok(await t.call("GET", `/v1/hospitals/${H}`), HospitalSchema);
    expect(h.departments.filter((d) => d.servesForeignPatients).map((d) => d.code)).toEqual([INTL]);
    expect(h.departments.find((d) => d.code === "cardiac_surgery")?.servesForeignPatients).toBe(false);
  });
});

describe("publishing a tariff version", () => {
  const publish = (body: unknown) => t.call("POST", `/v1/hospitals/${H}/tariffs`, { token: T.billing, body });
  const withItem = (extra: Partial<ItemInput>) => [
    ...v2Items,
    { ...v2Items[at("CARD-CABG", "cardiac_surgery", "standard")]!, ...extra },
  ];

  /** Each attempt: the body, and every path the 422 must name. */
  const ATTEMPTS: [string, () => { items: ItemInput[]; premiumClasses: unknown[] }, () => string[]][] = [
    [
      "1. the international department's VIP line at 10× the standard price",
      () => ({
        items: v2Items.map((i, n) => (n === at("CARD-CABG", INTL, "vip") ? { ...i, unitPrice: V2_CABG * 10 } : i)),
        premiumClasses: PREMIUM,
      }),
      () => [`body.items.${at("CARD-CABG", INTL, "vip")}.unitPrice`],
    ],
    [
      "2. the international department's VIP line below the standard price",
      () => ({
        items: v2Items.map((i, n) => (n === at("CARD-CABG", INTL, "vip") ? { ...i, unitPrice: V2_CABG - 1 } : i)),
        premiumClasses: PREMIUM,
      }),
      () => [`body.items.${at("CARD-CABG", INTL, "vip")}.unitPrice`],
    ],
    [
      "3. a VIP class at 10× in a standard department, not declared as a domestic premium class",
      () => ({ items: withItem({ serviceClass: "vip_suite", unitPrice: V2_CABG * 10 }), premiumClasses: PREMIUM }),
      () => [`body.items.${v2Items.length}.serviceClass`],
    ],
    [
      "4. the same class declared, but as not available to domestic patients",
      () => ({
        items: withItem({ serviceClass: "vip_suite", unitPrice: V2_CABG * 10 }),
        premiumClasses: [...PREMIUM, { serviceClass: "vip_suite", domesticallyAvailable: false }],
      }),
      () => [`body.items.${v2Items.length}.serviceClass`],
    ],
    [
      "5. a code sold only in the international department",
      () => ({
        items: withItem({ code: "INTL-CHECKUP", department: INTL, serviceClass: "vip", unitPrice: 900_000 }),
        premiumClasses: PREMIUM,
      }),
      () => [`body.items.${v2Items.length}.code`],
    ],
    [
      "6. the standard class moved into the international department",
      () => ({
        items: v2Items.map((i, n) =>
          n === at("CARD-CABG", "cardiac_surgery", "standard") ? { ...i, department: INTL } : i,
        ),
        premiumClasses: PREMIUM,
      }),
      () =>
        [
          `body.items.${at("CARD-CABG", "cardiac_surgery", "standard")}.code`,
          `body.items.${at("CARD-CABG", INTL, "vip")}.code`,
        ].sort(),
    ],
    [
      "7. a premium class for a code with no standard price",
      () => ({
        items: withItem({
          code: "SUITE-ONLY",
          department: "general_surgery",
          serviceClass: "premium_ward",
          unitPrice: 90_000,
        }),
        premiumClasses: PREMIUM,
      }),
      () => [`body.items.${v2Items.length}.code`],
    ],
    [
      "8. the standard class declared as a premium class",
      () => ({
        items: v2Items,
        premiumClasses: [...PREMIUM, { serviceClass: "standard", domesticallyAvailable: true }],
      }),
      () => ["body.premiumClasses.2.serviceClass"],
    ],
  ];

  describe.each(ATTEMPTS)("%s", (_name, body, paths) => {
    it("→ 422 naming each offending item; nothing is published", async () => {
      const before = await versionCount();
      const p = await problem(await publish({ effectiveFrom: "2027-06-01", ...body() }), 422);
      expect(p.code).toBe("parity_violation");
      expect(p.errors!.map((e) => e.path).sort()).toEqual(paths());
      expect(await versionCount()).toBe(before);
    });
  });

  it("without declaring its premium classes, the demo tariff itself is refused: each premium item named", async () => {
    const p = await problem(await publish({ effectiveFrom: "2027-06-01", items: v2Items }), 422);
    const premium = v2Items.flatMap((i, n) => (i.serviceClass === "standard" ? [] : [`body.items.${n}.serviceClass`]));
    expect(premium.length).toBe(4);
    expect(p.errors!.map((e) => e.path)).toEqual(premium);
  });

  it(
    "a premium class at the price domestic patients buy, declared as such, is " +
      "published and shown with the version",
    async () => {
      const published = await ok(
        await publish({ effectiveFrom: "2027-06-01", items: v2Items, premiumClasses: PREMIUM }),
        PublishResultSchema,
        201,
      );
      const version = await ok(
        await t.call("GET", `/v1/hospitals/${H}/tariffs/${published.tariffVersion.version}`),
        TariffVersionSchema,
      );
      expect(version.premiumClasses).toEqual(["premium_ward", "vip"]);
      expect(
        version.items.find((i) => i.code === "BED-WARD" && i.serviceClass === "premium_ward")?.unitPrice.amount,
      ).toBe(68_000);
      // The demo versions carry the same declaration; the inserted legacy one none.
      expect(
        (await ok(await t.call("GET", `/v1/hospitals/${H}/tariffs/1`), TariffVersionSchema)).premiumClasses,
      ).toEqual(["premium_ward", "vip"]);
      expect(
        (await ok(await t.call("GET", `/v1/hospitals/${H}/tariffs/3`), TariffVersionSchema)).premiumClasses,
      ).toBeNull();
    },
  );
});

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
    const plain = await ok(
      await t.call("POST", "/v1/quotes", { token: T.alexander, body: { consultationId: requested.id } }),
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
        body: { consultationId: requested.id, premiumClass: "premium_ward" },
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

describe("lines edited behind the engine's back", () => {
  const FROM = "2027-01-01";
  const TO = "2027-05-31";
  /** Each tampered line: the date it is moved to, the version it claims, and the verdict it must get. */
  const TAMPERED = [
    {
      name: "10. an international-department line at 10× under a correct tariff",
      serviceDate: "2027-01-10",
      versionId: "tfv_xjph_2",
      version: 2,
    },
    {
      name: "11. an international-department line at 10× under the version carrying the markup",
      serviceDate: "2027-03-05",
      versionId: LEGACY_ID,
      version: 3,
    },
  ] as const;
  const lineOf: Record<string, { quoteId: string; lineNo: number }> = {};
  let premiumLinesInRange = 0;

  beforeAll(async () => {
    for (const v of TAMPERED) {
      const q = await ok(
        await t.call("POST", "/v1/quotes", {
          token: T.alexander,
          body: {
            hospitalId: H,
            serviceDate: "2027-01-10",
            items: [
              { code: "CARD-CABG", quantity: 1, serviceClass: "vip", department: INTL },
              { code: "CONS-SPEC", quantity: 1 },
            ],
          },
        }),
        QuoteSchema,
        201,
      );
      expect(q.lines[0]!.unitPrice.amount).toBe(V2_CABG);
      lineOf[v.name] = { quoteId: q.id, lineNo: 1 };
      const r = await t.handle.db
        .updateTable("quote_lines")
        .set({
          service_date: v.serviceDate,
          tariff_version_id: v.versionId,
          tariff_version: v.version,
          unit_price: V2_CABG * 10,
          line_total: V2_CABG * 10,
        })
        .where("quote_id", "=", q.id)
        .where("line_no", "=", 1)
        .executeTakeFirst();
      expect(Number(r.numUpdatedRows)).toBe(1);
    }
    // Every non-standard line with a service date in range, counted from the database independently.
    const rows = await t.handle.db
      .selectFrom("quote_lines")
      .select(["service_class"])
      .where("hospital_id", "=", H)
      .where("service_date", ">=", FROM)
      .where("service_date", "<=", TO)
      .execute();
    premiumLinesInRange = rows.filter((r) => r.service_class !== "standard").length;
  });

  describe.each(TAMPERED)("$name", (v) => {
    it("the report calls it an overcharge against the standard domestic price, never parity", async () => {
      const report = await ok(
        await t.call("GET", `/v1/hospitals/${H}/parity-report?from=${FROM}&to=${TO}`, { token: T.billing }),
        ParityReportSchema,
      );
      const line = report.lines.find((l) => l.quoteId === lineOf[v.name]!.quoteId && l.lineNo === 1)!;
      expect(line).toMatchObject({
        department: INTL,
        serviceClass: "vip",
        serviceDate: v.serviceDate,
        chargedUnitPrice: V2_CABG * 10,
        domesticUnitPrice: V2_CABG,
        deviation: V2_CABG * 9,
        verdict: "overcharge",
        tariffVersion: v.version,
      });
    });

    it("parity checks agree: the international line at 10× is an overcharge", async () => {
      const r = await ok(
        await t.call("POST", `/v1/hospitals/${H}/parity-checks`, {
          token: T.billing,
          body: {
            lines: [
              {
                code: "CARD-CABG",
                department: INTL,
                serviceClass: "vip",
                serviceDate: v.serviceDate,
                unitPrice: V2_CABG * 10,
              },
            ],
          },
        }),
        ParityChecksResultSchema,
      );
      expect(r.results[0]).toMatchObject({
        domesticUnitPrice: V2_CABG,
        verdict: "overcharge",
        tariffVersion: v.version,
      });
    });

    it(
      "12. an affirmation signed over it is refused by /v1/parity/verify; the same " +
        "line at the standard price verifies",
      async () => {
        const affirm = async (unitPrice: number) => {
          const payload = serializeAffirmation(
            affirmationDocument({
              quoteId: "quo_crafted",
              revision: 1,
              hospitalId: H,
              currency: "CNY",
              issuedAt: "2026-11-22T10:00:00.000Z",
              lines: [
                {
                  lineNo: 1,
                  code: "CARD-CABG",
                  department: INTL,
                  serviceClass: "vip",
                  quantity: 1,
                  serviceDate: v.serviceDate,
                  unitPrice,
                  lineTotal: unitPrice,
                  tariffVersionId: v.versionId,
                  tariffVersion: v.version,
                },
              ],
            }),
          );
          const body = { payload, signature: await t.deps.signer.sign(payload), keyId: t.deps.signer.keyId };
          return ok(await t.call("POST", "/v1/parity/verify", { body }), VerifyResultSchema);
        };
        const marked = await affirm(V2_CABG * 10);
        expect(marked.signatureValid).toBe(true);
        expect(marked.valid).toBe(false);
        expect(marked.parity).toMatchObject({
          holds: false,
          lines: [{ lineNo: 1, unitPrice: V2_CABG * 10, domesticUnitPrice: V2_CABG, holds: false }],
        });
        expect(marked.reasons).toEqual([`line 1 (CARD-CABG) does not match the domestic tariff version ${v.version}`]);
        const fair = await affirm(V2_CABG);
        expect(fair).toMatchObject({ valid: true, signatureValid: true, reasons: [] });
      },
    );
  });

  it(
    "the summary counts the tampered lines as violations and the premium-class lines " + "apart, in JSON and CSV",
    async () => {
      const report = await ok(
        await t.call("GET", `/v1/hospitals/${H}/parity-report?from=${FROM}&to=${TO}`, { token: T.billing }),
        ParityReportSchema,
      );
      expect(report.summary).toMatchObject({
        overcharge: 2,
        undercharge: 0,
        unknownCode: 0,
        verdict: "violations",
        totalDeviation: 2 * 9 * V2_CABG,
      });
      expect(report.summary.parity).toBe(report.summary.lines - 2);
      // The two VIP lines; nothing else in range is in a premium class.
      expect(premiumLinesInRange).toBe(2);
      expect(report.summary.premiumClassLines).toBe(premiumLinesInRange);
      const csv = await (
        await t.call("GET", `/v1/hospitals/${H}/parity-report?from=${FROM}&to=${TO}`, {
          token: T.billing,
          headers: { Accept: "text/csv" },
        })
      ).text();
      const [header, row] = csv
        .trimEnd()
        .split("\r\n\r\n")[1]!
        .split("\r\n")
        .map((r) => r.split(","));
      expect(row![header!.indexOf("premium_class_lines")]).toBe(String(premiumLinesInRange));
      expect(row![header!.indexOf("overcharge")]).toBe("2");
    },
  );
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
