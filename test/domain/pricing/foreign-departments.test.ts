import { describe, expect, it } from "vitest";
import {
  type ChargedLine,
  createParityIndex,
  type PremiumClassDeclaration,
  parityVerdict,
  type TariffItemDraft,
  validateTariffDraft,
} from "../../../src/domain/parity";
import { priceMedicalLines, standardDomesticItem } from "../../../src/domain/pricing/medical";
import type { TariffItem, TariffVersion } from "../../../src/domain/pricing/tariff";

/** The pricing module alone: foreign-patient departments and premium classes (SPEC §6). */

const INTL = "international";
const FOREIGN = new Set([INTL]);
const item = (code: string, department: string, serviceClass: string, unitPrice: number): TariffItem => ({
  code,
  name: { en: code },
  department,
  serviceClass,
  kind: "procedure",
  unit: "each",
  unitPrice,
});

/** A version as it might have been stored before the rule: the international line at 10×, a code sold only there. */
const LEGACY: TariffVersion = {
  id: "tfv_legacy",
  version: 1,
  effectiveFrom: "2026-01-01",
  currency: "CNY",
  items: [
    item("CABG", "cardiac", "standard", 1_000_000),
    item("CABG", INTL, "vip", 10_000_000),
    item("WARD", "surgery", "standard", 18_000),
    item("WARD", "surgery", "premium_ward", 68_000),
    item("WARD", INTL, "vip", 18_000),
    item("INTL-ONLY", INTL, "vip", 500_000),
  ],
};

describe("validateTariffDraft: what may be published", () => {
  const BASE: TariffItemDraft[] = [
    { code: "CABG", department: "cardiac", serviceClass: "standard", unitPrice: 1_000_000 },
    { code: "CABG", department: INTL, serviceClass: "vip", unitPrice: 1_000_000 },
    { code: "WARD", department: "surgery", serviceClass: "standard", unitPrice: 18_000 },
    { code: "WARD", department: "surgery", serviceClass: "premium_ward", unitPrice: 68_000 },
  ];
  const DECLARED: PremiumClassDeclaration[] = [
    { serviceClass: "vip", domesticallyAvailable: true },
    { serviceClass: "premium_ward", domesticallyAvailable: true },
  ];
  const replace = (at: number, change: Partial<TariffItemDraft>) =>
    BASE.map((x, i) => (i === at ? { ...x, ...change } : x));

  const CASES: [string, TariffItemDraft[], PremiumClassDeclaration[], { path: string; code: string }[]][] = [
    ["the demo shape, declared", BASE, DECLARED, []],
    [
      "international line at 10×",
      replace(1, { unitPrice: 10_000_000 }),
      DECLARED,
      [{ path: "items.1.unitPrice", code: "foreign_department_price" }],
    ],
    [
      "international line one fen under",
      replace(1, { unitPrice: 999_999 }),
      DECLARED,
      [{ path: "items.1.unitPrice", code: "foreign_department_price" }],
    ],
    [
      "international line in the standard class at 10×, no other standard price",
      [BASE[0]!, { ...BASE[1]!, serviceClass: "standard", unitPrice: 10_000_000 }].slice(1),
      [],
      [{ path: "items.0.code", code: "no_standard_price" }],
    ],
    [
      "international code with no standard price",
      [...BASE, { code: "INTL-ONLY", department: INTL, serviceClass: "vip", unitPrice: 500_000 }],
      DECLARED,
      [{ path: "items.4.code", code: "no_standard_price" }],
    ],
    ["vip undeclared", BASE, [DECLARED[1]!], [{ path: "items.1.serviceClass", code: "class_not_domestic" }]],
    [
      "vip declared not domestic",
      BASE,
      [{ serviceClass: "vip", domesticallyAvailable: false }, DECLARED[1]!],
      [{ path: "items.1.serviceClass", code: "class_not_domestic" }],
    ],
    [
      "premium class without a standard price",
      [...BASE, { code: "SUITE", department: "surgery", serviceClass: "premium_ward", unitPrice: 90_000 }],
      DECLARED,
      [{ path: "items.4.code", code: "no_standard_price" }],
    ],
    [
      "standard declared as premium",
      BASE,
      [...DECLARED, { serviceClass: "standard", domesticallyAvailable: true }],
      [{ path: "premiumClasses.2.serviceClass", code: "invalid_premium_class" }],
    ],
    [
      "a class declared twice",
      BASE,
      [...DECLARED, DECLARED[0]!],
      [{ path: "premiumClasses.2.serviceClass", code: "invalid_premium_class" }],
    ],
    [
      "10× vip undeclared in the international department: both issues",
      replace(1, { unitPrice: 10_000_000 }),
      [DECLARED[1]!],
      [
        { path: "items.1.serviceClass", code: "class_not_domestic" },
        { path: "items.1.unitPrice", code: "foreign_department_price" },
      ],
    ],
  ];

  describe.each(CASES)("%s", (_name, items, premium, expected) => {
    it(expected.length === 0 ? "is accepted" : "is refused, naming each item", () => {
      const issues = validateTariffDraft(items, premium, { foreignDepartments: FOREIGN });
      expect(issues.map(({ path, code }) => ({ path, code }))).toEqual(expected);
    });
  });

  it("without the hospital's marking, a department is judged as a standard one", () => {
    expect(validateTariffDraft(replace(1, { unitPrice: 10_000_000 }), DECLARED)).toEqual([]);
  });
});

describe("priceMedicalLines: foreign-patient departments and premium classes", () => {
  const opts = { foreignDepartments: FOREIGN };
  const line = (code: string, serviceClass?: string, department?: string) => ({
    code,
    quantity: 2,
    serviceDate: "2026-06-01",
    serviceClass,
    department,
  });

  it("the international line of a version carrying a markup is refused, naming the line", () => {
    const { lines, violations } = priceMedicalLines(
      [line("WARD"), line("CABG", "vip", INTL), line("INTL-ONLY", "vip")],
      [LEGACY],
      opts,
    );
    expect(lines.map((l) => l.lineNo)).toEqual([1]);
    expect(violations.map((v) => [v.lineNo, v.field, v.code])).toEqual([
      [2, "department", "foreign_department_price"],
      [3, "department", "foreign_department_price"],
    ]);
  });

  it("a line at the standard price in the international department is priced, the standard price beside it", () => {
    const { lines, violations } = priceMedicalLines([line("WARD", "vip", INTL)], [LEGACY], opts);
    expect(violations).toEqual([]);
    expect(lines[0]).toMatchObject({
      serviceClass: "vip",
      unitPrice: 18_000,
      lineTotal: 36_000,
      standardUnitPrice: 18_000,
    });
  });

  it("a premium class only when named, with the standard price beside it; the standard class carries none", () => {
    const { lines } = priceMedicalLines([line("WARD"), line("WARD", "premium_ward")], [LEGACY], opts);
    expect(lines.map((l) => [l.serviceClass, l.unitPrice, l.standardUnitPrice])).toEqual([
      ["standard", 18_000, undefined],
      ["premium_ward", 68_000, 18_000],
    ]);
  });

  it("standardDomesticItem ignores a standard-class item in a foreign-patient department", () => {
    const v: TariffVersion = { ...LEGACY, items: [item("X", INTL, "standard", 5)] };
    expect(standardDomesticItem(v, "X")?.unitPrice).toBe(5);
    expect(standardDomesticItem(v, "X", FOREIGN)).toBeUndefined();
  });
});

describe("parity verdicts in a foreign-patient department: against the standard domestic price", () => {
  const CASES: [string, ChargedLine, { verdict: string; domesticUnitPrice: number | null }][] = [
    [
      "international line at 10×, matching its own stored item",
      { code: "CABG", department: INTL, serviceClass: "vip", serviceDate: "2026-06-01", unitPrice: 10_000_000 },
      { verdict: "overcharge", domesticUnitPrice: 1_000_000 },
    ],
    [
      "international line at the standard price",
      { code: "CABG", department: INTL, serviceClass: "vip", serviceDate: "2026-06-01", unitPrice: 1_000_000 },
      { verdict: "parity", domesticUnitPrice: 1_000_000 },
    ],
    [
      "international line with no department named",
      { code: "CABG", serviceClass: "vip", serviceDate: "2026-06-01", unitPrice: 10_000_000 },
      { verdict: "overcharge", domesticUnitPrice: 1_000_000 },
    ],
    [
      "international-only code: no domestic price",
      { code: "INTL-ONLY", department: INTL, serviceClass: "vip", serviceDate: "2026-06-01", unitPrice: 500_000 },
      { verdict: "unknown_code", domesticUnitPrice: null },
    ],
    [
      "domestic premium class at its own price",
      {
        code: "WARD",
        department: "surgery",
        serviceClass: "premium_ward",
        serviceDate: "2026-06-01",
        unitPrice: 68_000,
      },
      { verdict: "parity", domesticUnitPrice: 68_000 },
    ],
  ];
  const index = createParityIndex([LEGACY], { foreignDepartments: FOREIGN });

  describe.each(CASES)("%s", (_name, charged, expected) => {
    it("parityVerdict and the index agree", () => {
      expect(parityVerdict(charged, [LEGACY], { foreignDepartments: FOREIGN })).toMatchObject(expected);
      expect(index.verdict(charged)).toEqual(parityVerdict(charged, [LEGACY], { foreignDepartments: FOREIGN }));
    });
  });

  it(
    "the index's exact items (what the embedded reader matches stored lines with) " +
      "carry the standard price; a code without one is absent",
    () => {
      const intl = index.exactItems().filter((i) => i.department === INTL);
      expect(intl.map((i) => [i.code, i.unitPrice])).toEqual([
        ["CABG", 1_000_000],
        ["WARD", 18_000],
      ]);
      // Without the marking, the stored 10× item is the reference (the loophole).
      expect(createParityIndex([LEGACY]).verdict(CASES[0]![1]).verdict).toBe("parity");
    },
  );
});
