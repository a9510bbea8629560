import { describe, expect, it } from "vitest";
import {
  type MedicalLineRequest,
  type ParityViolationCode,
  type TariffItem,
  type TariffVersion,
  priceMedicalLines,
  versionInForce,
} from "../../../src/domain/pricing";
import { createParityIndex, parityVerdict } from "../../../src/domain/parity";

const item = (code: string, department: string, serviceClass: string, unitPrice: number): TariffItem => ({
  code,
  name: { en: `${code} (${department}, ${serviceClass})`, zh: code },
  department,
  serviceClass,
  kind: code === "BED-DAY" ? "bed-day" : "procedure",
  unit: code === "BED-DAY" ? "day" : "each",
  unitPrice,
});

// The hospital's domestic tariff, in CNY fen. VIP rooms are a class domestic patients can buy.
const v1: TariffVersion = {
  id: "tv_1",
  version: 1,
  effectiveFrom: "2026-01-01",
  currency: "CNY",
  items: [
    item("CT-CHEST", "radiology", "standard", 60000),
    item("CT-CHEST", "radiology", "vip", 90000),
    item("CONSULT", "oncology", "standard", 5000),
    item("CONSULT", "cardiology", "standard", 4500),
    item("BED-DAY", "ward", "standard", 30000),
    item("BED-DAY", "ward", "vip", 120000),
  ],
};
const v2: TariffVersion = {
  ...v1,
  id: "tv_2",
  version: 2,
  effectiveFrom: "2026-06-01",
  items: v1.items.map((i) => (i.code === "CT-CHEST" && i.serviceClass === "standard" ? { ...i, unitPrice: 65000 } : i)),
};
const v3: TariffVersion = { ...v2, id: "tv_3", version: 3, items: v2.items.filter((i) => i.code !== "CONSULT") };
const versions = [v2, v1];

describe("versionInForce", () => {
  it.each([
    ["2025-12-31", undefined], // the day before the first version
    ["2026-01-01", "tv_1"], // on its effective date
    ["2026-01-02", "tv_1"],
    ["2026-05-31", "tv_1"], // the day before v2
    ["2026-06-01", "tv_2"],
    ["2026-06-02", "tv_2"],
    ["2099-01-01", "tv_2"],
  ])("on %s → %s", (date, id) => {
    expect(versionInForce(versions, date)?.id).toBe(id);
  });

  it("same effective date: the highest version wins, whatever the order", () => {
    expect(versionInForce([v3, v2, v1], "2026-06-01")?.id).toBe("tv_3");
    expect(versionInForce([v1, v2, v3], "2026-06-01")?.id).toBe("tv_3");
    expect(versionInForce([v1, v2, v3], "2026-05-31")?.id).toBe("tv_1");
    expect(versionInForce([], "2026-06-01")).toBeUndefined();
  });
});

const line = (over: Partial<MedicalLineRequest> = {}): MedicalLineRequest => ({
  code: "CT-CHEST",
  quantity: 1,
  serviceDate: "2026-05-10",
  ...over,
});

describe("priceMedicalLines", () => {
  it("prices at the domestic unit price of the version in force on each service date", () => {
    const { lines, violations } = priceMedicalLines(
      [
        line({ serviceDate: "2026-05-31" }),
        line({ serviceDate: "2026-06-01", quantity: 2 }),
        line({ code: "BED-DAY", quantity: 5 }),
        line({ code: "CONSULT", department: "cardiology" }),
        line({ code: "BED-DAY", serviceClass: "vip", department: "ward", quantity: 10_000 }),
      ],
      versions,
    );
    expect(violations).toEqual([]);
    expect(
      lines.map((l) => [
        l.lineNo,
        l.code,
        l.department,
        l.serviceClass,
        l.unitPrice,
        l.quantity,
        l.lineTotal,
        l.tariffVersionId,
      ]),
    ).toEqual([
      [1, "CT-CHEST", "radiology", "standard", 60000, 1, 60000, "tv_1"],
      [2, "CT-CHEST", "radiology", "standard", 65000, 2, 130000, "tv_2"],
      [3, "BED-DAY", "ward", "standard", 30000, 5, 150000, "tv_1"],
      [4, "CONSULT", "cardiology", "standard", 4500, 1, 4500, "tv_1"],
      [5, "BED-DAY", "ward", "vip", 120000, 10_000, 1_200_000_000, "tv_1"],
    ]);
    expect(lines[0]).toEqual({
      lineNo: 1,
      code: "CT-CHEST",
      name: { en: "CT-CHEST (radiology, standard)", zh: "CT-CHEST" },
      department: "radiology",
      serviceClass: "standard",
      kind: "procedure",
      unit: "each",
      quantity: 1,
      serviceDate: "2026-05-31",
      unitPrice: 60000,
      lineTotal: 60000,
      currency: "CNY",
      tariffVersionId: "tv_1",
      tariffVersion: 1,
    });
  });

  it.each<[string, Partial<MedicalLineRequest>, string, ParityViolationCode]>([
    ["a unit price ten times the domestic one", { unitPrice: 600000 }, "unitPrice", "price_not_allowed"],
    ["even exactly the domestic unit price", { unitPrice: 60000 }, "unitPrice", "price_not_allowed"],
    ["a zero unit price", { unitPrice: 0 }, "unitPrice", "price_not_allowed"],
    ["a null unit price", { unitPrice: null }, "unitPrice", "price_not_allowed"],
    ["a currency", { currency: "USD" }, "currency", "currency_not_allowed"],
    ["the tariff's own currency", { currency: "CNY" }, "currency", "currency_not_allowed"],
    ["a date before any tariff", { serviceDate: "2025-12-31" }, "serviceDate", "no_tariff_in_force"],
    ["a malformed date", { serviceDate: "2026-02-30" }, "serviceDate", "no_tariff_in_force"],
    ["an unknown code", { code: "PET-CT" }, "code", "unknown_code"],
    ["an 'international' class", { serviceClass: "international" }, "serviceClass", "class_not_domestic"],
    [
      "a VIP class the code does not have",
      { code: "CONSULT", department: "oncology", serviceClass: "vip" },
      "serviceClass",
      "class_not_domestic",
    ],
    [
      "an 'International Medical Center' department",
      { department: "International Medical Center" },
      "department",
      "department_mismatch",
    ],
    [
      "the international department in VIP class",
      { department: "international", serviceClass: "vip" },
      "department",
      "department_mismatch",
    ],
    ["another department's code", { department: "oncology" }, "department", "department_mismatch"],
    ["an ambiguous code without a department", { code: "CONSULT" }, "department", "department_mismatch"],
    ["quantity 0", { quantity: 0 }, "quantity", "invalid_quantity"],
    ["a negative quantity", { quantity: -1 }, "quantity", "invalid_quantity"],
    ["a fractional quantity", { quantity: 1.5 }, "quantity", "invalid_quantity"],
    ["quantity NaN", { quantity: Number.NaN }, "quantity", "invalid_quantity"],
    ["quantity above 10000", { quantity: 10_001 }, "quantity", "invalid_quantity"],
  ])("refuses %s", (_why, over, field, code) => {
    const { lines, violations } = priceMedicalLines([line(), line(over), line({ code: "BED-DAY" })], versions);
    expect(violations).toEqual([{ lineNo: 2, field, code, message: expect.stringContaining("line 2") }]);
    expect(lines.map((l) => l.lineNo)).toEqual([1, 3]);
  });

  it("the VIP/international loophole: a class is priced only at its own domestic price, never from the request", () => {
    // A foreign patient who chooses the VIP class domestic patients can buy pays the domestic VIP price.
    const vip = priceMedicalLines([line({ serviceClass: "vip", department: "radiology" })], versions);
    expect(vip.violations).toEqual([]);
    expect(vip.lines[0]?.unitPrice).toBe(90000);
    // An "international" department billing ten times the standard price does not exist domestically.
    const intl = priceMedicalLines(
      [
        line({ department: "international", unitPrice: 600000 }),
        line({ serviceClass: "international" }),
        line({ serviceClass: "vip", unitPrice: 900000, currency: "USD" }),
      ],
      versions,
    );
    expect(intl.lines).toEqual([]);
    expect(intl.violations.map((v) => [v.lineNo, v.field, v.code])).toEqual([
      [1, "unitPrice", "price_not_allowed"],
      [1, "department", "department_mismatch"],
      [2, "serviceClass", "class_not_domestic"],
      [3, "unitPrice", "price_not_allowed"],
      [3, "currency", "currency_not_allowed"],
    ]);
  });

  it("a code the version in force dropped is unknown, though an older version had it", () => {
    const request = line({ code: "CONSULT", department: "oncology" });
    expect(priceMedicalLines([request], [v1, v3]).lines[0]?.unitPrice).toBe(5000);
    expect(priceMedicalLines([{ ...request, serviceDate: "2026-06-01" }], [v1, v3]).violations).toEqual([
      { lineNo: 1, field: "code", code: "unknown_code", message: expect.stringContaining("version 3") },
    ]);
  });

  it("reports every violation of a line, not just the first", () => {
    const { lines, violations } = priceMedicalLines(
      [line({ code: "PET-CT", unitPrice: 1, currency: "EUR", quantity: 0 })],
      versions,
    );
    expect(lines).toEqual([]);
    expect(violations.map((v) => [v.lineNo, v.field, v.code])).toEqual([
      [1, "unitPrice", "price_not_allowed"],
      [1, "currency", "currency_not_allowed"],
      [1, "quantity", "invalid_quantity"],
      [1, "code", "unknown_code"],
    ]);
  });

  it("names the departments when a code is ambiguous", () => {
    const { violations } = priceMedicalLines([line({ code: "CONSULT" })], versions);
    expect(violations[0]?.message).toContain('"cardiology", "oncology"');
  });
});

describe("parityVerdict", () => {
  const index = createParityIndex(versions);
  it.each([
    [
      "parity",
      { code: "CT-CHEST", serviceDate: "2026-05-10", unitPrice: 60000 },
      {
        verdict: "parity",
        domesticUnitPrice: 60000,
        deviation: 0,
        tariffVersion: 1,
        tariffVersionId: "tv_1",
        department: "radiology",
        serviceClass: "standard",
      },
    ],
    [
      "the international tenfold",
      { code: "CT-CHEST", department: "radiology", serviceDate: "2026-05-10", unitPrice: 600000 },
      {
        verdict: "overcharge",
        domesticUnitPrice: 60000,
        deviation: 540000,
        tariffVersion: 1,
        tariffVersionId: "tv_1",
        department: "radiology",
        serviceClass: "standard",
      },
    ],
    [
      "a new version in force",
      { code: "CT-CHEST", serviceDate: "2026-06-01", unitPrice: 60000 },
      {
        verdict: "undercharge",
        domesticUnitPrice: 65000,
        deviation: -5000,
        tariffVersion: 2,
        tariffVersionId: "tv_2",
        department: "radiology",
        serviceClass: "standard",
      },
    ],
    [
      "a domestic VIP class",
      { code: "BED-DAY", serviceClass: "vip", serviceDate: "2026-06-01", unitPrice: 120000, quantity: 3 },
      {
        verdict: "parity",
        domesticUnitPrice: 120000,
        deviation: 0,
        tariffVersion: 2,
        tariffVersionId: "tv_2",
        department: "ward",
        serviceClass: "vip",
      },
    ],
    [
      "no department: first by department",
      { code: "CONSULT", serviceDate: "2026-05-10", unitPrice: 5000 },
      {
        verdict: "overcharge",
        domesticUnitPrice: 4500,
        deviation: 500,
        tariffVersion: 1,
        tariffVersionId: "tv_1",
        department: "cardiology",
        serviceClass: "standard",
      },
    ],
    [
      "an unknown code",
      { code: "PET-CT", serviceDate: "2026-05-10", unitPrice: 1 },
      {
        verdict: "unknown_code",
        domesticUnitPrice: null,
        deviation: null,
        tariffVersion: 1,
        tariffVersionId: "tv_1",
        department: null,
        serviceClass: "standard",
      },
    ],
    [
      "a class the code lacks",
      { code: "CONSULT", serviceClass: "vip", serviceDate: "2026-05-10", unitPrice: 1 },
      {
        verdict: "unknown_code",
        domesticUnitPrice: null,
        deviation: null,
        tariffVersion: 1,
        tariffVersionId: "tv_1",
        department: null,
        serviceClass: "vip",
      },
    ],
    [
      "an international department",
      { code: "CT-CHEST", department: "international", serviceDate: "2026-05-10", unitPrice: 600000 },
      {
        verdict: "unknown_code",
        domesticUnitPrice: null,
        deviation: null,
        tariffVersion: 1,
        tariffVersionId: "tv_1",
        department: "international",
        serviceClass: "standard",
      },
    ],
    [
      "a date before any tariff",
      { code: "CT-CHEST", serviceDate: "2025-12-31", unitPrice: 60000 },
      {
        verdict: "no_tariff_in_force",
        domesticUnitPrice: null,
        deviation: null,
        tariffVersion: null,
        tariffVersionId: null,
        department: null,
        serviceClass: "standard",
      },
    ],
  ] as const)("%s", (_why, charged, expected) => {
    expect(parityVerdict(charged, versions)).toEqual(expected);
    expect(index.verdict(charged)).toEqual(expected);
  });

  it("refuses a charged price that is not integer minor units", () => {
    expect(() => parityVerdict({ code: "CT-CHEST", serviceDate: "2026-05-10", unitPrice: 600.5 }, versions)).toThrow(
      /safe integer/,
    );
    expect(() => index.verdict({ code: "CT-CHEST", serviceDate: "2026-05-10", unitPrice: 600.5 })).toThrow(
      /safe integer/,
    );
  });
});
