import { expect } from "vitest";
import { ProblemSchema } from "../../src/http/problem";
import { TariffVersionSchema } from "../../src/routes/tariffs/schemas";
import { createTestApp, type TestApp } from "../helpers/test-app";

/**
 * The "international / VIP department at ten times the price" loophole (SPEC §6), attempted every
 * way we could think of, over three files: publication (1–8), quoting (9) and lines edited behind
 * the engine's back (10–12). What they share: the demo hospital, its prices, and a tariff version
 * written straight into the database, as if published before the rule, carrying the 10× line.
 */

export const H = "hsp_xjph";
export const INTL = "international_medical_center";
export const V2_CABG = 10_200_000;
export const V1_CABG = 9_800_000;
export const LEGACY_ID = "tfv_xjph_legacy_markup";
export const LEGACY_FROM = "2027-03-01";
export const PREMIUM = [
  { serviceClass: "premium_ward", domesticallyAvailable: true },
  { serviceClass: "vip", domesticallyAvailable: true },
];

export async function ok<S>(res: Response, schema: { parse: (v: unknown) => S }, status = 200): Promise<S> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return schema.parse(JSON.parse(text));
}

export async function problem(res: Response, status: number) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return ProblemSchema.parse(JSON.parse(text));
}

export type ItemInput = {
  code: string;
  name: Record<string, string>;
  department: string;
  serviceClass: string;
  kind: string;
  unit: string;
  unitPrice: number;
};

/** Where an item of the given code, department and class is in `items`. */
export const itemAt = (items: ItemInput[], code: string, department: string, serviceClass: string) =>
  items.findIndex((i) => i.code === code && i.department === department && i.serviceClass === serviceClass);

/**
 * A fresh app, version 2 of the demo tariff as billing would send it again, and the legacy version
 * (version 3, from LEGACY_FROM): version 2 with the international VIP line at ten times the price.
 */
export async function openForeignDepartmentsApp(): Promise<{ t: TestApp; v2Items: ItemInput[] }> {
  const t = await createTestApp();
  const v2 = await ok(await t.call("GET", `/v1/hospitals/${H}/tariffs/2`), TariffVersionSchema);
  const v2Items = v2.items.map((i) => ({
    code: i.code,
    name: i.name,
    department: i.department,
    serviceClass: i.serviceClass,
    kind: i.kind,
    unit: i.unit,
    unitPrice: i.unitPrice.amount,
  }));
  expect(v2Items[itemAt(v2Items, "CARD-CABG", INTL, "vip")]!.unitPrice).toBe(V2_CABG);

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
  return { t, v2Items };
}
