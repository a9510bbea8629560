import { expect } from "vitest";

/** What the quote tests share: the hospital, its declared premium classes, the demo rates, a recommendation. */
export const H = "hsp_xjph";
/** The demo tariff's non-standard classes, declared as bought by domestic patients at their prices. */
export const PREMIUM_CLASSES = [
  { serviceClass: "premium_ward", domesticallyAvailable: true },
  { serviceClass: "vip", domesticallyAvailable: true },
];
export const RATES: Record<string, string> = { KZT: "70.85", KGS: "12.05", USD: "0.1388", JOD: "0.0984" };

export async function ok<T>(res: Response, schema: { parse: (v: unknown) => T }, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return schema.parse(JSON.parse(text));
}

export const recommendation = {
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
