import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProblemSchema } from "../../src/http/problem";
import { QuoteSchema } from "../../src/routes/quotes/schemas";
import { PublishResultSchema } from "../../src/routes/tariffs/schemas";
import { createTestApp, TEST_NOW, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

/**
 * Quote refusals name the line and the field: a service date before the hospital's today, an
 * amount too large to hold (a line, the running total, or a line in the patient's currency), and
 * every message names its line once.
 */

let t: TestApp;
const H = "hsp_xjph";
/** 10^12 fen: the largest unit price a tariff item may have. */
const HUGE = 1_000_000_000_000;

beforeAll(async () => {
  t = await createTestApp();
  // A version in force from today: version 1's items plus one at the largest allowed price.
  const v1 = (await (await t.call("GET", `/v1/hospitals/${H}/tariffs/1`)).json()) as {
    premiumClasses: string[] | null;
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
  const items = v1.items.map((i) => ({
    code: i.code,
    name: i.name,
    department: i.department,
    serviceClass: i.serviceClass,
    kind: i.kind,
    unit: i.unit,
    unitPrice: i.unitPrice.amount,
  }));
  items.push({
    code: "HUGE-TEST",
    name: { en: "Largest price" },
    department: "cardiac_surgery",
    serviceClass: "standard",
    kind: "procedure",
    unit: "each",
    unitPrice: HUGE,
  });
  const res = await t.call("POST", `/v1/hospitals/${H}/tariffs`, {
    token: T.billing,
    body: {
      effectiveFrom: "2026-11-22",
      items,
      premiumClasses: (v1.premiumClasses ?? []).map((serviceClass) => ({ serviceClass, domesticallyAvailable: true })),
    },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  PublishResultSchema.parse(await res.json());
});
afterAll(() => t.close());

async function refused(body: Record<string, unknown>) {
  const res = await t.call("POST", "/v1/quotes", {
    token: T.alexander,
    body: { hospitalId: H, serviceDate: "2026-12-03", ...body },
  });
  const text = await res.text();
  expect(res.status, text).toBe(422);
  return ProblemSchema.parse(JSON.parse(text)) as {
    code: string;
    detail: string;
    errors?: { path: string; message: string }[];
  };
}

describe("a quote for a service date before the hospital's today is refused", () => {
  afterAll(() => t.clock.set(TEST_NOW));

  // TEST_NOW is 2026-11-22T10:00Z, 18:00 in Urumqi (Asia/Shanghai): the hospital's today is 2026-11-22.
  describe.each([
    [
      "the quote's service date yesterday",
      TEST_NOW,
      { serviceDate: "2026-11-21", items: [{ code: "CARD-CABG", quantity: 1 }] },
      ["body.serviceDate"],
    ],
    [
      "one line's own service date yesterday",
      TEST_NOW,
      {
        items: [
          { code: "CARD-CABG", quantity: 1 },
          { code: "BED-ICU", quantity: 1, serviceDate: "2026-11-21" },
        ],
      },
      ["body.items.1.serviceDate"],
    ],
    [
      "both, a year ago",
      TEST_NOW,
      { serviceDate: "2025-06-01", items: [{ code: "CARD-CABG", quantity: 1, serviceDate: "2025-06-02" }] },
      ["body.serviceDate", "body.items.0.serviceDate"],
    ],
    // 17:00Z on the 22nd is already 01:00 on the 23rd at the hospital: the 22nd is past there.
    [
      "the UTC date, already yesterday at the hospital",
      "2026-11-22T17:00:00.000Z",
      { serviceDate: "2026-11-22", items: [{ code: "CARD-CABG", quantity: 1 }] },
      ["body.serviceDate"],
    ],
  ] as const)("%s", (_name, now, body, paths) => {
    it("→ 422 service_date_in_past naming each past date, nothing stored", async () => {
      t.clock.set(now);
      const before = await t.handle.db
        .selectFrom("quotes")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      const p = await refused(body);
      expect(p.code).toBe("service_date_in_past");
      expect(p.errors?.map((e) => e.path)).toEqual(paths);
      expect(p.errors?.every((e) => /is before today \(2026-11-2[23], Asia\/Shanghai\)/.test(e.message))).toBe(true);
      const after = await t.handle.db
        .selectFrom("quotes")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });
  });

  it("today at the hospital is accepted, open", async () => {
    t.clock.set("2026-11-22T17:00:00.000Z");
    const res = await t.call("POST", "/v1/quotes", {
      token: T.alexander,
      body: { hospitalId: H, serviceDate: "2026-11-23", items: [{ code: "CARD-CABG", quantity: 1 }] },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(QuoteSchema.parse(await res.json()).status).toBe("open");
  });
});

describe("an amount too large to hold names its line", () => {
  describe.each([
    [
      "one line: 10,000 × 10^12 fen",
      { currency: "CNY" },
      [
        { code: "CARD-CABG", quantity: 1 },
        { code: "HUGE-TEST", quantity: 10_000 },
      ],
      "body.items.1.quantity",
      /^line 2: 10000 × 1000000000000 \("HUGE-TEST"\) is beyond/,
    ],
    [
      "the running total, at its second line",
      { currency: "CNY" },
      [
        { code: "HUGE-TEST", quantity: 5_000 },
        { code: "HUGE-TEST", quantity: 5_000 },
      ],
      "body.items.1",
      /^line 2: the medical total passes/,
    ],
    [
      "a line in the patient's currency (× 70.85 in tenge)",
      { currency: "KZT" },
      [{ code: "HUGE-TEST", quantity: 1_000 }],
      "body.items.0",
      /^line 1: its amount in KZT is beyond/,
    ],
  ] as const)("%s", (_name, extra, items, path, message) => {
    it("→ 422 amount_overflow with the line in errors[]", async () => {
      const p = await refused({ ...extra, items });
      expect(p.code).toBe("amount_overflow");
      expect(p.errors).toHaveLength(1);
      expect(p.errors![0]!.path).toBe(path);
      expect(p.errors![0]!.message).toMatch(new RegExp(`^amount_overflow: ${message.source.slice(1)}`));
      expect(p.detail).toMatch(/line \d+: /);
      expect(p.detail).not.toMatch(/line (\d+): line \1:/);
    });
  });
});

describe("every pricing refusal names its line once", () => {
  describe.each([
    [
      "a unit price",
      [
        { code: "CARD-CABG", quantity: 1 },
        { code: "BED-ICU", quantity: 1, unitPrice: 1 },
      ],
      "line 2: the unit price comes from the domestic tariff and cannot be set",
    ],
    [
      "an unknown code",
      [
        { code: "CARD-CABG", quantity: 1 },
        { code: "NOPE", quantity: 1 },
      ],
      'line 2: code "NOPE" is not in tariff version 3',
    ],
    [
      "an undeclared class",
      [{ code: "CARD-CABG", quantity: 1, serviceClass: "gold" }],
      'line 1: code "CARD-CABG" has no domestic price in class "gold"',
    ],
  ] as const)("%s", (_name, items, text) => {
    it('→ the detail and errors[] carry "line N:" once', async () => {
      const p = await refused({ items });
      expect(p.code).toBe("parity_violation");
      expect(p.detail).toContain(text);
      expect(p.detail).not.toMatch(/line (\d+): line \1:/);
      expect(p.errors!.some((e) => e.message.includes(text))).toBe(true);
      expect(p.errors!.every((e) => !/line (\d+): line \1:/.test(e.message))).toBe(true);
    });
  });
});
