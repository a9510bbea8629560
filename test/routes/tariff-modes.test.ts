import type { TariffItem } from "../../src/domain/pricing/tariff";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProblemSchema } from "../../src/http/problem";
import { QuoteSchema, type Quote } from "../../src/routes/quotes/schemas";
import {
  PriceFileSchema,
  PublishResultSchema,
  TariffVersionListSchema,
  TariffVersionSchema,
} from "../../src/routes/tariffs/schemas";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

/**
 * A tariff version is complete unless published as an amendment of the one in force (SPEC §6):
 * `mode: "replace"` (default) publishes exactly `items`; `mode: "amend"` publishes the version in
 * force with `items` added or changed. Either way, a version that no longer prices a code open quotes
 * use is refused unless `acknowledgeRemoved` lists it.
 */

const H = "hsp_xjph";
const EFFECTIVE = "2026-11-25";
const PREMIUM_CLASSES = [
  { serviceClass: "premium_ward", domesticallyAvailable: true },
  { serviceClass: "vip", domesticallyAvailable: true },
];

type ItemInput = TariffItem;

/** A fresh app with an open quote for 2026-12-03 using CARD-CABG ×1 and BED-ICU ×2 (both in cardiac_surgery). */
async function setUp() {
  const t = await createTestApp();
  const v1 = TariffVersionSchema.parse(await (await t.call("GET", `/v1/hospitals/${H}/tariffs/1`)).json());
  const items: ItemInput[] = v1.items.map((i) => ({
    code: i.code,
    name: i.name,
    department: i.department,
    serviceClass: i.serviceClass,
    kind: i.kind,
    unit: i.unit,
    unitPrice: i.unitPrice.amount,
  }));
  const res = await t.call("POST", "/v1/quotes", {
    token: T.alexander,
    body: {
      hospitalId: H,
      serviceDate: "2026-12-03",
      items: [
        { code: "CARD-CABG", quantity: 1 },
        { code: "BED-ICU", quantity: 2 },
      ],
    },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const quote = QuoteSchema.parse(await res.json());
  return { t, v1Items: items, quote };
}

const versionCount = async (t: TestApp) =>
  TariffVersionListSchema.parse(await (await t.call("GET", `/v1/hospitals/${H}/tariffs`)).json()).data.length;
const bedIcu = (items: ItemInput[]) => items.find((i) => i.code === "BED-ICU")!;

type Mode = "replace" | "amend";
/** The request's items: unchanged codes (BED-ICU dearer), or BED-ICU no longer priced as quoted. */
function itemsFor(mode: Mode, drops: boolean, v1: ItemInput[]): ItemInput[] {
  if (mode === "replace")
    return drops
      ? v1.filter((i) => i.code !== "BED-ICU")
      : v1.map((i) => (i.code === "BED-ICU" ? { ...i, unitPrice: 260_000 } : i));
  // Amend: BED-ICU dearer in place, or moved to another department (the quoted line's department no longer prices it).
  return [drops ? { ...bedIcu(v1), department: "general_surgery" } : { ...bedIcu(v1), unitPrice: 260_000 }];
}

describe.each([
  ["replace", false, false],
  ["replace", false, true],
  ["replace", true, false],
  ["replace", true, true],
  ["amend", false, false],
  ["amend", false, true],
  ["amend", true, false],
  ["amend", true, true],
] as const)("mode %s, drops a quoted code: %s, acknowledged: %s", (mode, drops, acknowledged) => {
  let t: TestApp;
  let v1Items: ItemInput[];
  let quote: Quote;
  beforeAll(async () => {
    ({ t, v1Items, quote } = await setUp());
  });
  afterAll(() => t.close());

  it(
    drops && !acknowledged
      ? "→ 422 removal_not_acknowledged naming BED-ICU, nothing stored"
      : "→ 201, the version complete, the open quote re-priced or withdrawn",
    async () => {
      const before = await versionCount(t);
      const res = await t.call("POST", `/v1/hospitals/${H}/tariffs`, {
        token: T.billing,
        body: {
          effectiveFrom: EFFECTIVE,
          mode,
          items: itemsFor(mode, drops, v1Items),
          premiumClasses: PREMIUM_CLASSES,
          ...(acknowledged ? { acknowledgeRemoved: ["BED-ICU"] } : {}),
        },
      });
      const text = await res.text();
      const reread = QuoteSchema.parse(
        await (await t.call("GET", `/v1/quotes/${quote.id}`, { token: T.alexander })).json(),
      );

      if (drops && !acknowledged) {
        expect(res.status, text).toBe(422);
        const p = ProblemSchema.parse(JSON.parse(text)) as {
          code: string;
          errors?: { path: string; message: string }[];
        };
        expect(p.code).toBe("removal_not_acknowledged");
        expect(p.errors).toEqual([
          {
            path: "body.acknowledgeRemoved",
            message: expect.stringContaining(`"BED-ICU" is used by 1 open quote(s) (${quote.id})`),
          },
        ]);
        expect(await versionCount(t)).toBe(before);
        expect(reread).toEqual(quote);
        return;
      }

      expect(res.status, text).toBe(201);
      const published = PublishResultSchema.parse(JSON.parse(text));
      expect(published.mode).toBe(mode);
      expect(published.amendedVersion).toBe(mode === "amend" ? 1 : null);
      expect(published.tariffVersion).toMatchObject({
        version: 3,
        effectiveFrom: EFFECTIVE,
        itemCount: mode === "replace" && drops ? v1Items.length - 1 : v1Items.length,
      });

      // The price file on that date lists the whole version: every v1 code and class, BED-ICU as published.
      const file = PriceFileSchema.parse(
        await (await t.call("GET", `/v1/hospitals/${H}/price-file?date=${EFFECTIVE}`)).json(),
      );
      expect(file.tariffVersion?.version).toBe(3);
      const expected =
        mode === "replace"
          ? itemsFor(mode, drops, v1Items)
          : v1Items.map((i) => (i.code === "BED-ICU" ? itemsFor(mode, drops, v1Items)[0]! : i));
      const shown = (xs: { code: string; department: string; serviceClass: string; unitPrice: number }[]) =>
        xs.map((i) => `${i.code}|${i.department}|${i.serviceClass}|${i.unitPrice}`).sort();
      expect(shown(file.items.map((i) => ({ ...i, unitPrice: i.unitPrice.amount })))).toEqual(shown(expected));

      const mine = published.repricedQuotes.find((r) => r.quoteId === quote.id);
      if (drops) {
        expect(mine).toMatchObject({ withdrawn: true });
        expect(reread.status).toBe("withdrawn");
        expect(reread.withdrawnReason).toMatch(/^Re-pricing after tariff version 3: line 2: /);
      } else {
        expect(mine).toMatchObject({
          withdrawn: false,
          before: quote.totals.medical.amount,
          after: quote.totals.medical.amount + 2 * 10_000,
        });
        expect(reread.lines.map((l) => [l.code, l.unitPrice.amount, l.tariffVersion.version])).toEqual([
          ["CARD-CABG", 9_800_000, 3],
          ["BED-ICU", 260_000, 3],
        ]);
      }
    },
  );
});

describe("the reported correction and the publication rules", () => {
  let t: TestApp;
  let v1Items: ItemInput[];
  let quote: Quote;
  beforeAll(async () => {
    ({ t, v1Items, quote } = await setUp());
  });
  afterAll(() => t.close());

  it('a one-item "correction" without a mode is a complete version: refused while it drops quoted codes', async () => {
    const cabg = v1Items.find((i) => i.code === "CARD-CABG" && i.serviceClass === "standard")!;
    const res = await t.call("POST", `/v1/hospitals/${H}/tariffs`, {
      token: T.billing,
      body: { effectiveFrom: EFFECTIVE, items: [{ ...cabg, unitPrice: 9_900_000 }] },
    });
    expect(res.status).toBe(422);
    const p = (await res.json()) as { code: string; errors: { path: string; message: string }[] };
    expect(p.code).toBe("removal_not_acknowledged");
    expect(p.errors.every((e) => e.path === "body.acknowledgeRemoved")).toBe(true);
    expect(p.errors.find((e) => e.message.startsWith('"BED-ICU"'))?.message).toContain(quote.id);
    expect(p.errors.some((e) => e.message.startsWith('"CARD-CABG"'))).toBe(false);
    expect(await versionCount(t)).toBe(2);
  });

  it(
    "an amendment must still pass the rules: a kept foreign-department item at the " + "old standard price is named",
    async () => {
      const cabg = v1Items.find((i) => i.code === "CARD-CABG" && i.serviceClass === "standard")!;
      const res = await t.call("POST", `/v1/hospitals/${H}/tariffs`, {
        token: T.billing,
        body: { effectiveFrom: EFFECTIVE, mode: "amend", items: [{ ...cabg, unitPrice: 9_900_000 }] },
      });
      expect(res.status).toBe(422);
      const p = (await res.json()) as { code: string; errors: { path: string; message: string }[] };
      expect(p.code).toBe("parity_violation");
      expect(p.errors).toEqual([
        {
          path: "body.items",
          message:
            'foreign_department_price: "CARD-CABG" (vip), kept from version 1: ' +
            'department "international_medical_center" serves foreign patients: ' +
            '"CARD-CABG" must cost the standard-class domestic price 9900000, not 9800000',
        },
      ]);
      expect(await versionCount(t)).toBe(2);
    },
  );

  it("amending both lines publishes, keeping every other item and the declared premium classes", async () => {
    const cabg = v1Items.filter((i) => i.code === "CARD-CABG").map((i) => ({ ...i, unitPrice: 9_900_000 }));
    const res = await t.call("POST", `/v1/hospitals/${H}/tariffs`, {
      token: T.billing,
      body: { effectiveFrom: EFFECTIVE, mode: "amend", items: cabg },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const v3 = TariffVersionSchema.parse(await (await t.call("GET", `/v1/hospitals/${H}/tariffs/3`)).json());
    expect(v3.items).toHaveLength(v1Items.length);
    expect(v3.premiumClasses?.slice().sort()).toEqual(["premium_ward", "vip"]);
    expect(v3.items.filter((i) => i.code === "CARD-CABG").map((i) => i.unitPrice.amount)).toEqual([
      9_900_000, 9_900_000,
    ]);
    expect(v3.items.find((i) => i.code === "BED-ICU")?.unitPrice.amount).toBe(250_000);
  });
});
