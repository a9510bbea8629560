import { describe, expect, it } from "vitest";
import { PROBLEM_CODES, problemsCsv } from "../../../src/domain/tariffs/csv-report";
import { TARIFF_CSV_MAX_BYTES, TARIFF_CSV_MAX_ROWS } from "../../../src/domain/tariffs/csv-rows";
import { type TariffCsvContext, validateTariffCsv } from "../../../src/domain/tariffs/tariff-csv";

const CTX: TariffCsvContext = {
  currency: "CNY",
  departments: ["cardiac_surgery", "neurology", "international_medical_center"],
  foreignDepartments: ["international_medical_center"],
  premiumClasses: ["vip"],
  effectiveFrom: "2026-12-01",
  today: "2026-11-22",
};

const HEAD = "code,name_en,kind,unit,unit_price,department,service_class";
const GOOD = "CARD-CABG,Bypass,procedure,per procedure,98000.00,cardiac_surgery,standard";
const file = (...rows: string[]) => `${[HEAD, ...rows].join("\n")}\n`;

type Case = [label: string, text: string, expected: { row: number | null; column: string | null; code: string }];

/** One file per problem kind, each found where it is. */
const CASES: Case[] = [
  [
    "missing column",
    "code,name_en,kind,unit_price,department\nA,B,procedure,1,neurology\n",
    {
      row: 1,
      column: "unit",
      code: "missing_column",
    },
  ],
  ["duplicate column", `${HEAD},Code\n${GOOD},CARD-CABG\n`, { row: 1, column: "Code", code: "duplicate_column" }],
  ["unknown column", `${HEAD},colour\n${GOOD},red\n`, { row: 1, column: "colour", code: "unknown_column" }],
  [
    "both price columns",
    `${HEAD},unit_price_minor\n${GOOD},9800000\n`,
    {
      row: 1,
      column: "unit_price",
      code: "ambiguous_price_column",
    },
  ],
  ["field count", file(`${GOOD},extra`), { row: 2, column: null, code: "field_count" }],
  [
    "required cell",
    file("CARD-CABG,Bypass,,per procedure,1,cardiac_surgery,standard"),
    {
      row: 2,
      column: "kind",
      code: "required",
    },
  ],
  [
    "no name",
    file("CARD-CABG,,procedure,per procedure,1,cardiac_surgery,standard"),
    {
      row: 2,
      column: "name_en",
      code: "required",
    },
  ],
  [
    "invalid code",
    file("card cabg,Bypass,procedure,per procedure,1,cardiac_surgery,standard"),
    {
      row: 2,
      column: "code",
      code: "invalid_code",
    },
  ],
  ["duplicate code", file(GOOD, GOOD), { row: 3, column: "code", code: "duplicate_code" }],
  [
    "non-numeric price",
    file("CARD-CABG,Bypass,procedure,per procedure,abc,cardiac_surgery,standard"),
    {
      row: 2,
      column: "unit_price",
      code: "invalid_price",
    },
  ],
  [
    "negative price",
    file("CARD-CABG,Bypass,procedure,per procedure,-5,cardiac_surgery,standard"),
    {
      row: 2,
      column: "unit_price",
      code: "negative_price",
    },
  ],
  [
    "too many decimals",
    file("CARD-CABG,Bypass,procedure,per procedure,1.234,cardiac_surgery,standard"),
    {
      row: 2,
      column: "unit_price",
      code: "too_many_decimals",
    },
  ],
  [
    "price too large",
    file("CARD-CABG,Bypass,procedure,per procedure,99999999999999,cardiac_surgery,standard"),
    {
      row: 2,
      column: "unit_price",
      code: "price_too_large",
    },
  ],
  [
    "zero price (warning)",
    file("CARD-CABG,Bypass,procedure,per procedure,0,cardiac_surgery,standard"),
    {
      row: 2,
      column: "unit_price",
      code: "zero_price",
    },
  ],
  [
    "unknown kind",
    file("CARD-CABG,Bypass,surgery,per procedure,1,cardiac_surgery,standard"),
    {
      row: 2,
      column: "kind",
      code: "unknown_kind",
    },
  ],
  [
    "unknown department",
    file("CARD-CABG,Bypass,procedure,per procedure,1,dentistry,standard"),
    {
      row: 2,
      column: "department",
      code: "unknown_department",
    },
  ],
  [
    "invalid class",
    file("CARD-CABG,Bypass,procedure,per procedure,1,cardiac_surgery,VIP!"),
    {
      row: 2,
      column: "service_class",
      code: "invalid_service_class",
    },
  ],
  [
    "undeclared class",
    file("CARD-CABG,Bypass,procedure,per procedure,1,cardiac_surgery,gold"),
    {
      row: 2,
      column: "service_class",
      code: "undeclared_class",
    },
  ],
  [
    "parity (foreign department dearer)",
    file(GOOD, "CARD-CABG,Bypass,procedure,per procedure,99000.00,international_medical_center,vip"),
    {
      row: 3,
      column: "unit_price",
      code: "parity",
    },
  ],
  [
    "too long",
    file(`CARD-CABG,${"x".repeat(301)},procedure,per procedure,1,cardiac_surgery,standard`),
    {
      row: 2,
      column: "name_en",
      code: "too_long",
    },
  ],
  ["currency", `${HEAD},currency\n${GOOD},USD\n`, { row: 2, column: "currency", code: "currency_mismatch" }],
  [
    "bad date in a row",
    `${HEAD},effective_from\n${GOOD},2026-13-01\n`,
    {
      row: 2,
      column: "effective_from",
      code: "invalid_date",
    },
  ],
  [
    "another date in a row (warning)",
    `${HEAD},effective_from\n${GOOD},2026-11-01\n`,
    {
      row: 2,
      column: "effective_from",
      code: "date_ignored",
    },
  ],
  ["malformed", `${HEAD}\n${GOOD}\n"unclosed,x\n`, { row: 3, column: null, code: "malformed_csv" }],
  ["empty file", "", { row: null, column: null, code: "empty_file" }],
  [
    "too many rows",
    file(...Array.from({ length: TARIFF_CSV_MAX_ROWS + 1 }, () => GOOD)),
    {
      row: null,
      column: null,
      code: "too_many_rows",
    },
  ],
  [
    "too large",
    file(`CARD-CABG,${"x".repeat(TARIFF_CSV_MAX_BYTES)},procedure,u,1,cardiac_surgery,standard`),
    {
      row: null,
      column: null,
      code: "file_too_large",
    },
  ],
];

describe("validateTariffCsv: every problem kind found where it is", () => {
  it("covers every problem code but the ones only the context gives", () => {
    const covered = new Set(CASES.map(([, , e]) => e.code));
    expect(PROBLEM_CODES.filter((c) => !covered.has(c))).toEqual(
      ["invalid_date", "date_in_past"].filter((c) => !covered.has(c)),
    );
  });

  it.each(CASES)("%s", (_label, text, expected) => {
    const report = validateTariffCsv(text, CTX);
    expect(report.problems).toContainEqual(expect.objectContaining(expected));
    const found = report.problems.find((p) => p.code === expected.code)!;
    const warning = ["zero_price", "unknown_column", "date_ignored"].includes(expected.code);
    expect(found.severity).toBe(warning ? "warning" : "error");
    expect(report.items.length > 0).toBe(warning);
  });

  it("a past or invalid effective date is an error on the file", () => {
    expect(validateTariffCsv(file(GOOD), { ...CTX, effectiveFrom: "2026-11-01" }).problems).toEqual([
      expect.objectContaining({ row: null, column: "effective_from", code: "date_in_past", severity: "error" }),
    ]);
    expect(validateTariffCsv(file(GOOD), { ...CTX, effectiveFrom: "2026-02-30" }).problems[0]?.code).toBe(
      "invalid_date",
    );
  });
});

describe("many problems in one file", () => {
  const text = [
    "Code,Name,Kind,Unit,Unit Price,Department,Service Class",
    GOOD,
    "bad code,Thing,surgery,per day,-3,dentistry,standard",
    '"NEUR-MIGR","Migraine\nconsultation",consultation,visit,abc,neurology,gold',
    GOOD.replace("98000.00", "1.5"),
    "",
    "X1,,procedure,,1.001,neurology,standard",
  ].join("\r\n");
  const report = validateTariffCsv(text, CTX);

  it("reports each with its row (the line it starts on) and the header's column", () => {
    expect(report.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, "Code", "invalid_code"],
      [3, "Kind", "unknown_kind"],
      [3, "Department", "unknown_department"],
      [3, "Unit Price", "negative_price"],
      [4, "Service Class", "undeclared_class"],
      [4, "Unit Price", "invalid_price"],
      [6, "Code", "duplicate_code"],
      [8, "Unit", "required"],
      [8, "Name", "required"],
      [8, "Unit Price", "too_many_decimals"],
    ]);
    expect(report).toMatchObject({ rows: 5, errorCount: 10, warningCount: 0, items: [] });
  });

  it("downloads as CSV, one line per problem", () => {
    const csv = problemsCsv(report.problems);
    expect(csv.split("\r\n")[0]).toBe("severity,row,column,code,message");
    expect(csv.split("\r\n")).toHaveLength(report.problems.length + 2);
    expect(csv).toContain(
      'error,6,Code,duplicate_code,"""CARD-CABG"" (standard) is also on row 2: one price per version"',
    );
  });
});

describe("a good file", () => {
  it("gives the items in minor units, names by language, class standard by default", () => {
    const text = [
      "code,name_en,name_zh,kind,unit,unit_price_minor,department,service_class",
      "CARD-CABG,Bypass,冠状动脉旁路移植术,procedure,per procedure,9800000,cardiac_surgery,",
      "CARD-CABG,Bypass,,procedure,per procedure,9800000,international_medical_center,vip",
    ].join("\n");
    const report = validateTariffCsv(text, CTX);
    expect(report.problems).toEqual([]);
    expect(report.items).toEqual([
      {
        code: "CARD-CABG",
        name: { en: "Bypass", zh: "冠状动脉旁路移植术" },
        department: "cardiac_surgery",
        serviceClass: "standard",
        kind: "procedure",
        unit: "per procedure",
        unitPrice: 9_800_000,
        row: 2,
      },
      expect.objectContaining({ department: "international_medical_center", serviceClass: "vip", row: 3 }),
    ]);
  });

  it("reads major units with the currency's decimals (JPY has none)", () => {
    const report = validateTariffCsv(file(GOOD.replace("98000.00", "98000")), { ...CTX, currency: "JPY" });
    expect(report.items[0]?.unitPrice).toBe(98_000);
    expect(validateTariffCsv(file(GOOD), CTX).items[0]?.unitPrice).toBe(9_800_000);
  });
});
