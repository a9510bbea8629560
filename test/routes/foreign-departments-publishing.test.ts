import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HospitalSchema } from "../../src/routes/catalog/schemas";
import { PublishResultSchema, TariffVersionSchema } from "../../src/routes/tariffs/schemas";
import type { TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import {
  H,
  INTL,
  type ItemInput,
  itemAt,
  ok,
  openForeignDepartmentsApp,
  PREMIUM,
  problem,
  V2_CABG,
} from "./foreign-departments-fixtures";

/**
 * Publication (422 naming each offending item, nothing stored):
 *  1. the international department's VIP line at 10× the standard price;
 *  2. the same line below the standard price (any other price is refused, not only a markup);
 *  3. a VIP class at 10× in a standard department, not declared as a domestic premium class;
 *  4. the same, declared but as not domestically available;
 *  5. a code sold only in the international department (no standard-class domestic price);
 *  6. the standard class moved into the international department (no domestic standard price left);
 *  7. a premium class for a code with no standard price to show beside it;
 *  8. "standard" declared as a premium class.
 * Accepted: a premium class at the price domestic patients buy, declared as such, published and shown
 * with the version.
 */

let t: TestApp;
/** Version 2 of the demo tariff, as billing would send it again. */
let v2Items: ItemInput[];
beforeAll(async () => {
  ({ t, v2Items } = await openForeignDepartmentsApp());
});
afterAll(() => t.close());

const at = (code: string, department: string, serviceClass: string) => itemAt(v2Items, code, department, serviceClass);
const versionCount = async () =>
  (await t.handle.db.selectFrom("tariff_versions").select("id").where("hospital_id", "=", H).execute()).length;

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
