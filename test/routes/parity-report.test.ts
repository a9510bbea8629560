import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProblemSchema } from "../../src/http/problem";
import { QuoteSchema } from "../../src/routes/quotes/schemas";
import { ParityChecksResultSchema, ParityReportSchema } from "../../src/routes/parity/schemas";
import { createTestApp, TEST_NOW, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

/**
 * Parity report and parity checks on a data set with KNOWN violations: quotes are made
 * over HTTP (so every price comes from the engine and is right), then lines are edited
 * directly in the database behind the engine's back. Every expected number below is
 * computed in this file from the demo tariff, not read back from the engine.
 */

const H = "hsp_xjph";
const OTHER = "hsp_zju4";
const PATIENT = "pat_demo_alexander";
const V2_FROM = "2027-01-01";

/** The demo domestic tariff of hsp_xjph (CNY fen), per version, by code|department|class. */
const DOMESTIC: Record<1 | 2, Record<string, number>> = {
  1: {
    "CARD-CABG|cardiac_surgery|standard": 9_800_000,
    "CARD-CABG|international_medical_center|vip": 9_800_000,
    "BED-ICU|cardiac_surgery|standard": 250_000,
    "CARD-POSTOP-MED|cardiac_surgery|standard": 120_000,
    "BED-WARD|general_surgery|standard": 18_000,
    "BED-WARD|general_surgery|premium_ward": 68_000,
    "IMG-MRI-BRAIN|neurology|standard": 80_000,
    "CONS-SPEC|neurology|standard": 5_000,
    "CHK-EXEC|health_check|standard": 480_000,
    "SPIN-FUSION|spine_surgery|standard": 6_000_000,
    "GSUR-LCHOL|general_surgery|standard": 1_800_000,
  },
  2: {
    "CARD-CABG|cardiac_surgery|standard": 10_200_000,
    "CARD-CABG|international_medical_center|vip": 10_200_000,
    "BED-ICU|cardiac_surgery|standard": 250_000,
    "CARD-POSTOP-MED|cardiac_surgery|standard": 120_000,
    "BED-WARD|general_surgery|standard": 19_500,
    "BED-WARD|general_surgery|premium_ward": 68_000,
    "IMG-MRI-BRAIN|neurology|standard": 72_000,
    "CONS-SPEC|neurology|standard": 5_000,
    "CHK-EXEC|health_check|standard": 450_000,
    "SPIN-FUSION|spine_surgery|standard": 6_000_000,
    "GSUR-LCHOL|general_surgery|standard": 1_800_000,
  },
};
const versionOn = (date: string): 1 | 2 => (date >= V2_FROM ? 2 : 1);

interface Item {
  /** Test-local name of the line, e.g. "Q1.2". */
  ref: string;
  code: string;
  department: string;
  serviceClass: string;
  quantity: number;
  serviceDate: string;
}

/** Four quotes at hsp_xjph, lines on both sides of 2027-01-01. */
const QUOTES: { key: string; serviceDate: string; items: Item[] }[] = [
  {
    key: "Q1",
    serviceDate: "2026-12-01",
    items: [
      {
        ref: "Q1.1",
        code: "CARD-CABG",
        department: "cardiac_surgery",
        serviceClass: "standard",
        quantity: 1,
        serviceDate: "2026-12-01",
      },
      {
        ref: "Q1.2",
        code: "BED-ICU",
        department: "cardiac_surgery",
        serviceClass: "standard",
        quantity: 3,
        serviceDate: "2026-12-02",
      },
      {
        ref: "Q1.3",
        code: "CARD-POSTOP-MED",
        department: "cardiac_surgery",
        serviceClass: "standard",
        quantity: 1,
        serviceDate: "2026-12-05",
      },
    ],
  },
  {
    key: "Q2",
    serviceDate: "2026-12-20",
    items: [
      {
        ref: "Q2.1",
        code: "BED-WARD",
        department: "general_surgery",
        serviceClass: "premium_ward",
        quantity: 7,
        serviceDate: "2026-12-20",
      },
      {
        ref: "Q2.2",
        code: "IMG-MRI-BRAIN",
        department: "neurology",
        serviceClass: "standard",
        quantity: 1,
        serviceDate: "2026-12-31",
      },
      {
        ref: "Q2.3",
        code: "CONS-SPEC",
        department: "neurology",
        serviceClass: "standard",
        quantity: 2,
        serviceDate: "2026-12-20",
      },
    ],
  },
  {
    key: "Q3",
    serviceDate: "2027-01-05",
    items: [
      {
        ref: "Q3.1",
        code: "CARD-CABG",
        department: "international_medical_center",
        serviceClass: "vip",
        quantity: 1,
        serviceDate: "2027-01-05",
      },
      {
        ref: "Q3.2",
        code: "BED-WARD",
        department: "general_surgery",
        serviceClass: "standard",
        quantity: 10,
        serviceDate: "2027-01-06",
      },
      {
        ref: "Q3.3",
        code: "IMG-MRI-BRAIN",
        department: "neurology",
        serviceClass: "standard",
        quantity: 1,
        serviceDate: "2027-01-01",
      },
      {
        ref: "Q3.4",
        code: "CHK-EXEC",
        department: "health_check",
        serviceClass: "standard",
        quantity: 1,
        serviceDate: "2027-01-31",
      },
    ],
  },
  {
    key: "Q4",
    serviceDate: "2026-11-30",
    items: [
      {
        ref: "Q4.1",
        code: "SPIN-FUSION",
        department: "spine_surgery",
        serviceClass: "standard",
        quantity: 1,
        serviceDate: "2026-11-30",
      },
      {
        ref: "Q4.2",
        code: "GSUR-LCHOL",
        department: "general_surgery",
        serviceClass: "standard",
        quantity: 1,
        serviceDate: "2027-02-01",
      },
    ],
  },
];
const ITEMS = QUOTES.flatMap((q) => q.items);

/** The edits made behind the engine's back, and the verdict each must produce. */
const TAMPER = {
  /** BED-ICU ×3: unit 250,000 → 275,000 (total kept consistent). */
  overcharge: { ref: "Q1.2", unitPrice: 275_000, lineTotal: 825_000 },
  /** BED-WARD ×10 on a v2 date, billed at the old v1 price 18,000 instead of 19,500. */
  undercharge: { ref: "Q3.2", unitPrice: 18_000, lineTotal: 180_000 },
  /** CONS-SPEC ×2: unit price untouched, only the total raised 10,000 → 15,000. */
  totalOnly: { ref: "Q2.3", lineTotal: 15_000 },
  /** A code no tariff version has. */
  unknownCode: { ref: "Q1.3", code: "CARD-POSTOP-MEDX" },
} as const;
const EXPECTED_VIOLATIONS: Record<string, string> = {
  "Q1.2": "overcharge",
  "Q3.2": "undercharge",
  "Q2.3": "overcharge",
  "Q1.3": "unknown_code",
};

type Verdict = "parity" | "overcharge" | "undercharge" | "unknown_code" | "no_tariff_in_force";

interface ExpectedLine {
  ref: string;
  quoteId: string;
  lineNo: number;
  quoteStatus: string;
  serviceDate: string;
  code: string;
  department: string;
  serviceClass: string;
  quantity: number;
  chargedUnitPrice: number;
  domesticUnitPrice: number | null;
  deviation: number | null;
  chargedLineTotal: number;
  domesticLineTotal: number | null;
  verdict: Verdict;
  tariffVersion: number | null;
}

let t: TestApp;
/** ref → quote id and line number as stored. */
const where: Record<string, { quoteId: string; lineNo: number }> = {};
let reportBeforeEdits: ReturnType<typeof ParityReportSchema.parse>;
let csvBeforeEdits = "";

async function createQuote(body: unknown) {
  const res = await t.call("POST", "/v1/quotes", { token: T.admin, body });
  expect(res.status, await res.clone().text()).toBe(201);
  return QuoteSchema.parse(await res.json());
}

const reportPath = (from: string, to: string, hospital = H) =>
  `/v1/hospitals/${hospital}/parity-report?from=${from}&to=${to}`;

async function reportJson(from: string, to: string, token: string = T.billing) {
  const res = await t.call("GET", reportPath(from, to), { token });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return ParityReportSchema.parse(JSON.parse(await res.text()));
}

async function reportCsv(from: string, to: string, token: string = T.billing) {
  const res = await t.call("GET", reportPath(from, to), { token, headers: { Accept: "text/csv" } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
  return res.text();
}

async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return ProblemSchema.parse(await res.json());
}

/** The expected report line of an item, after the edits (or before, when `tampered` is false). */
function expectedLine(item: Item, tampered: boolean): ExpectedLine {
  const v = versionOn(item.serviceDate);
  const engineUnit = DOMESTIC[v][`${item.code}|${item.department}|${item.serviceClass}`]!;
  let code = item.code;
  let unit = engineUnit;
  let total = engineUnit * item.quantity;
  if (tampered) {
    if (item.ref === TAMPER.overcharge.ref) [unit, total] = [TAMPER.overcharge.unitPrice, TAMPER.overcharge.lineTotal];
    if (item.ref === TAMPER.undercharge.ref)
      [unit, total] = [TAMPER.undercharge.unitPrice, TAMPER.undercharge.lineTotal];
    if (item.ref === TAMPER.totalOnly.ref) total = TAMPER.totalOnly.lineTotal;
    if (item.ref === TAMPER.unknownCode.ref) code = TAMPER.unknownCode.code;
  }
  const domestic = DOMESTIC[v][`${code}|${item.department}|${item.serviceClass}`] ?? null;
  const domesticTotal = domestic === null ? null : domestic * item.quantity;
  let verdict: Verdict;
  if (domestic === null) verdict = "unknown_code";
  else if (unit > domestic || (unit === domestic && total > domesticTotal!)) verdict = "overcharge";
  else if (unit < domestic || total < domesticTotal!) verdict = "undercharge";
  else verdict = "parity";
  return {
    ref: item.ref,
    ...where[item.ref]!,
    quoteStatus: "open",
    serviceDate: item.serviceDate,
    code,
    department: item.department,
    serviceClass: item.serviceClass,
    quantity: item.quantity,
    chargedUnitPrice: unit,
    domesticUnitPrice: domestic,
    deviation: domestic === null ? null : unit - domestic,
    chargedLineTotal: total,
    domesticLineTotal: domesticTotal,
    verdict,
    tariffVersion: v,
  };
}

function expectedReport(from: string, to: string, tampered: boolean) {
  const lines = ITEMS.filter((i) => i.serviceDate >= from && i.serviceDate <= to)
    .map((i) => expectedLine(i, tampered))
    .sort((a, b) =>
      a.serviceDate < b.serviceDate
        ? -1
        : a.serviceDate > b.serviceDate
          ? 1
          : a.quoteId < b.quoteId
            ? -1
            : a.quoteId > b.quoteId
              ? 1
              : a.lineNo - b.lineNo,
    );
  const count = (v: Verdict) => lines.filter((l) => l.verdict === v).length;
  const judged = lines.filter((l) => l.domesticLineTotal !== null);
  const summary = {
    lines: lines.length,
    parity: count("parity"),
    overcharge: count("overcharge"),
    undercharge: count("undercharge"),
    unknownCode: count("unknown_code"),
    noTariffInForce: count("no_tariff_in_force"),
    premiumClassLines: lines.filter((l) => l.serviceClass !== "standard").length,
    totalCharged: lines.reduce((s, l) => s + l.chargedLineTotal, 0),
    totalDomestic: judged.reduce((s, l) => s + l.domesticLineTotal!, 0),
    totalDeviation: judged.reduce((s, l) => s + l.chargedLineTotal - l.domesticLineTotal!, 0),
    verdict: lines.every((l) => l.verdict === "parity") ? "parity" : "violations",
  };
  return { lines, summary };
}

const strip = ({ ref: _ref, ...rest }: ExpectedLine) => rest;

/**
 * A deliberately tiny CSV reader, independent of src: the report has no quoted cells. The report
 * has two sections separated by one empty line: the lines table, then the summary.
 */
function readCsvSections(text: string): { table: string[][]; summary: string[][] } {
  expect(text).not.toContain('"');
  expect(text.endsWith("\r\n")).toBe(true);
  const sections = text.slice(0, -2).split("\r\n\r\n");
  expect(sections).toHaveLength(2);
  const rows = (section: string) => section.split("\r\n").map((row) => row.split(","));
  return { table: rows(sections[0]!), summary: rows(sections[1]!) };
}
/** The lines table of a CSV report (header row first). */
const readCsv = (text: string): string[][] => readCsvSections(text).table;
/** RFC 4180 with quoted fields, for the one test that puts quotes, commas and CRLF in the data. */
function parseRfc4180(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      for (i++; i < text.length; i++) {
        if (text[i] === '"' && text[i + 1] === '"') (cell += '"'), i++;
        else if (text[i] === '"') break;
        else cell += text[i];
      }
      i++;
    } else if (text[i] === ",") row.push(cell), (cell = ""), i++;
    else if (text.startsWith("\r\n", i)) row.push(cell), rows.push(row), (row = []), (cell = ""), (i += 2);
    else (cell += text[i]), i++;
  }
  if (cell !== "" || row.length) rows.push([...row, cell]);
  return rows;
}
const CSV_SUMMARY_HEADER =
  "summary,lines,parity,overcharge,undercharge,unknown_code,no_tariff_in_force,premium_class_lines," +
  "total_charged,total_domestic,total_deviation,verdict";
const csvSummaryRow = (s: ReturnType<typeof expectedReport>["summary"]) =>
  [
    "total",
    s.lines,
    s.parity,
    s.overcharge,
    s.undercharge,
    s.unknownCode,
    s.noTariffInForce,
    s.premiumClassLines,
    s.totalCharged,
    s.totalDomestic,
    s.totalDeviation,
    s.verdict,
  ].map(String);
const CSV_HEADER =
  "quote_id,line_no,quote_status,service_date,code,department,service_class,quantity," +
  "charged_unit_price,domestic_unit_price,deviation,charged_line_total,domestic_line_total," +
  "verdict,tariff_version";
const cell = (v: string | number | null) => (v === null ? "" : String(v));
const csvRow = (l: ExpectedLine) =>
  [
    l.quoteId,
    l.lineNo,
    l.quoteStatus,
    l.serviceDate,
    l.code,
    l.department,
    l.serviceClass,
    l.quantity,
    l.chargedUnitPrice,
    l.domesticUnitPrice,
    l.deviation,
    l.chargedLineTotal,
    l.domesticLineTotal,
    l.verdict,
    l.tariffVersion,
  ].map(cell);

beforeAll(async () => {
  t = await createTestApp();
  for (const q of QUOTES) {
    const quote = await createQuote({
      hospitalId: H,
      patientId: PATIENT,
      serviceDate: q.serviceDate,
      items: q.items.map(({ ref: _ref, ...i }) => i),
    });
    expect(quote.lines).toHaveLength(q.items.length);
    q.items.forEach((item, i) => {
      const line = quote.lines[i]!;
      // The engine priced it from the domestic tariff in force on that date.
      expect(line.unitPrice.amount).toBe(
        DOMESTIC[versionOn(item.serviceDate)][`${item.code}|${item.department}|${item.serviceClass}`],
      );
      expect(line.tariffVersion.version).toBe(versionOn(item.serviceDate));
      where[item.ref] = { quoteId: quote.id, lineNo: line.lineNo };
    });
  }
  // A quote at another hospital, in the same date range: never in xjph's report.
  const other = await createQuote({
    hospitalId: OTHER,
    patientId: PATIENT,
    serviceDate: "2026-12-10",
    items: [
      { code: "GSUR-LCHOL", quantity: 1 },
      { code: "BED-WARD", quantity: 4, serviceDate: "2027-01-03" },
    ],
  });
  expect(other.lines.map((l) => l.unitPrice.amount)).toEqual([1_850_000, 23_000]);

  // Snapshot before anything is edited: the API alone never produced a violation.
  reportBeforeEdits = await reportJson("2026-01-01", "2027-12-31");
  csvBeforeEdits = await reportCsv("2026-01-01", "2027-12-31");

  // Now behind the engine's back.
  const db = t.handle.db;
  const at = (ref: string) => where[ref]!;
  const edit = async (ref: string, set: { unit_price?: number; line_total?: number; code?: string }) => {
    const r = await db
      .updateTable("quote_lines")
      .set(set)
      .where("quote_id", "=", at(ref).quoteId)
      .where("line_no", "=", at(ref).lineNo)
      .executeTakeFirst();
    expect(Number(r.numUpdatedRows)).toBe(1);
  };
  await edit(TAMPER.overcharge.ref, {
    unit_price: TAMPER.overcharge.unitPrice,
    line_total: TAMPER.overcharge.lineTotal,
  });
  await edit(TAMPER.undercharge.ref, {
    unit_price: TAMPER.undercharge.unitPrice,
    line_total: TAMPER.undercharge.lineTotal,
  });
  await edit(TAMPER.totalOnly.ref, { line_total: TAMPER.totalOnly.lineTotal });
  await edit(TAMPER.unknownCode.ref, { code: TAMPER.unknownCode.code });
});
afterAll(() => t.close());

describe("parity report", () => {
  const FULL = ["2026-01-01", "2027-12-31"] as const;

  it("before the database is edited, every line made through the API is at parity", () => {
    const exp = expectedReport(...FULL, false);
    expect(reportBeforeEdits.lines).toEqual(exp.lines.map(strip));
    expect(reportBeforeEdits.summary).toEqual(exp.summary);
    expect(reportBeforeEdits.summary).toMatchObject({
      lines: ITEMS.length,
      parity: ITEMS.length,
      overcharge: 0,
      undercharge: 0,
      unknownCode: 0,
      totalDeviation: 0,
      verdict: "parity",
    });
    const rows = readCsv(csvBeforeEdits);
    expect(rows.slice(1).every((r) => r[13] === "parity")).toBe(true);
    expect(rows).toHaveLength(ITEMS.length + 1);
  });

  it(
    "JSON: every line in range once, with charged vs domestic, deviation and " + "verdict; the violations are caught",
    async () => {
      const report = await reportJson(...FULL);
      const exp = expectedReport(...FULL, true);
      expect(report).toMatchObject({
        hospitalId: H,
        currency: "CNY",
        from: FULL[0],
        to: FULL[1],
        generatedAt: "2026-11-22T10:00:00.000Z",
      });
      expect(report.lines).toEqual(exp.lines.map(strip));
      // Once each, and nothing from the other hospital's quote.
      const keys = report.lines.map((l) => `${l.quoteId}#${l.lineNo}`);
      expect(new Set(keys).size).toBe(ITEMS.length);
      expect(new Set(report.lines.map((l) => l.quoteId))).toEqual(new Set(Object.values(where).map((w) => w.quoteId)));

      // The violations, literally.
      const byRef = Object.fromEntries(exp.lines.map((e, i) => [e.ref, report.lines[i]!]));
      const violations = Object.fromEntries(
        Object.entries(byRef)
          .filter(([, l]) => l.verdict !== "parity")
          .map(([ref, l]) => [ref, l.verdict]),
      );
      expect(violations).toEqual(EXPECTED_VIOLATIONS);
      expect(byRef["Q1.2"]).toMatchObject({
        chargedUnitPrice: 275_000,
        domesticUnitPrice: 250_000,
        deviation: 25_000,
        chargedLineTotal: 825_000,
        domesticLineTotal: 750_000,
        tariffVersion: 1,
      });
      expect(byRef["Q3.2"]).toMatchObject({
        chargedUnitPrice: 18_000,
        domesticUnitPrice: 19_500,
        deviation: -1_500,
        chargedLineTotal: 180_000,
        domesticLineTotal: 195_000,
        tariffVersion: 2,
      });
      expect(byRef["Q2.3"]).toMatchObject({
        chargedUnitPrice: 5_000,
        domesticUnitPrice: 5_000,
        deviation: 0,
        chargedLineTotal: 15_000,
        domesticLineTotal: 10_000,
        verdict: "overcharge",
      });
      expect(byRef["Q1.3"]).toMatchObject({
        code: "CARD-POSTOP-MEDX",
        chargedUnitPrice: 120_000,
        domesticUnitPrice: null,
        deviation: null,
        domesticLineTotal: null,
        tariffVersion: 1,
      });

      // Summary: the numbers computed by hand from the edits.
      expect(report.summary).toEqual(exp.summary);
      expect(report.summary).toMatchObject({
        lines: 12,
        parity: 8,
        overcharge: 2,
        undercharge: 1,
        unknownCode: 1,
        noTariffInForce: 0,
        // +75,000 (ICU) − 15,000 (ward) + 5,000 (consultation total)
        totalDeviation: 65_000,
        verdict: "violations",
      });
      const engineTotal = ITEMS.reduce(
        (s, i) => s + DOMESTIC[versionOn(i.serviceDate)][`${i.code}|${i.department}|${i.serviceClass}`]! * i.quantity,
        0,
      );
      expect(report.summary.totalCharged).toBe(engineTotal + 75_000 - 15_000 + 5_000);
      expect(report.summary.totalDomestic).toBe(engineTotal - 120_000);
    },
  );

  it("a line on a v2 date is judged against v2 prices", async () => {
    const report = await reportJson(...FULL);
    const line = (ref: string) =>
      report.lines.find((l) => l.quoteId === where[ref]!.quoteId && l.lineNo === where[ref]!.lineNo)!;
    // IMG-MRI-BRAIN: 80,000 on 2026-12-31 (v1), 72,000 on 2027-01-01 (v2), both at parity.
    expect(line("Q2.2")).toMatchObject({
      serviceDate: "2026-12-31",
      chargedUnitPrice: 80_000,
      domesticUnitPrice: 80_000,
      tariffVersion: 1,
      verdict: "parity",
    });
    expect(line("Q3.3")).toMatchObject({
      serviceDate: "2027-01-01",
      chargedUnitPrice: 72_000,
      domesticUnitPrice: 72_000,
      tariffVersion: 2,
      verdict: "parity",
    });
    // The VIP line on a v2 date: the v2 standard price, no markup.
    expect(line("Q3.1")).toMatchObject({
      department: "international_medical_center",
      serviceClass: "vip",
      chargedUnitPrice: 10_200_000,
      domesticUnitPrice: 10_200_000,
      tariffVersion: 2,
      verdict: "parity",
    });
    // v1's BED-WARD price is right under v1 and an undercharge under v2.
    expect(line("Q3.2")).toMatchObject({
      chargedUnitPrice: DOMESTIC[1]["BED-WARD|general_surgery|standard"],
      domesticUnitPrice: 19_500,
      verdict: "undercharge",
    });
  });

  it("CSV: the same lines and values, row for row", async () => {
    const text = await reportCsv(...FULL);
    const [header, ...rows] = readCsv(text);
    expect(header!.join(",")).toBe(CSV_HEADER);
    const exp = expectedReport(...FULL, true);
    expect(rows).toEqual(exp.lines.map(csvRow));
    const verdicts = rows.map((r) => r[13]);
    expect(verdicts.filter((v) => v === "overcharge")).toHaveLength(2);
    expect(verdicts.filter((v) => v === "undercharge")).toHaveLength(1);
    expect(verdicts.filter((v) => v === "unknown_code")).toHaveLength(1);
    expect(verdicts.filter((v) => v === "parity")).toHaveLength(8);
    // Deviations in the CSV add up to the same totals.
    const totalDeviation = rows.filter((r) => r[12] !== "").reduce((s, r) => s + Number(r[11]) - Number(r[12]), 0);
    expect(totalDeviation).toBe(65_000);
  });

  it("from/to filter by service date, both ends inclusive", async () => {
    const [from, to] = ["2026-12-02", "2027-01-05"];
    const report = await reportJson(from, to);
    const exp = expectedReport(from, to, true);
    expect(exp.lines.map((l) => l.ref).sort()).toEqual(["Q1.2", "Q1.3", "Q2.1", "Q2.2", "Q2.3", "Q3.1", "Q3.3"]);
    expect(report.lines).toEqual(exp.lines.map(strip));
    expect(report.summary).toEqual(exp.summary);
    expect(report.summary).toMatchObject({
      lines: 7,
      parity: 4,
      overcharge: 2,
      undercharge: 0,
      unknownCode: 1,
      totalDeviation: 80_000,
    });
    expect(report.lines.map((l) => l.serviceDate)).toContain(from);
    expect(report.lines.map((l) => l.serviceDate)).toContain(to);
    const rows = readCsv(await reportCsv(from, to)).slice(1);
    expect(rows).toEqual(exp.lines.map(csvRow));

    // One day: exactly the lines of that day.
    const day = await reportJson("2026-12-20", "2026-12-20");
    expect(day.lines.map((l) => l.code).sort()).toEqual(["BED-WARD", "CONS-SPEC"]);
    // A range with nothing in it: an empty, valid report.
    const empty = await reportJson("2026-06-01", "2026-06-30");
    expect(empty.lines).toEqual([]);
    expect(empty.summary).toMatchObject({ lines: 0, totalCharged: 0, totalDeviation: 0, verdict: "parity" });
    expect(readCsv(await reportCsv("2026-06-01", "2026-06-30"))).toEqual([CSV_HEADER.split(",")]);
  });

  it("CSV: after the lines, an empty line and a summary section with the JSON summary's numbers", async () => {
    for (const [from, to] of [FULL, ["2026-12-02", "2027-01-05"], ["2026-06-01", "2026-06-30"]] as const) {
      const exp = expectedReport(from, to, true);
      const text = await reportCsv(from, to);
      const { table, summary } = readCsvSections(text);
      expect(table).toHaveLength(exp.lines.length + 1);
      expect(summary).toEqual([CSV_SUMMARY_HEADER.split(","), csvSummaryRow(exp.summary)]);
      // The same totals as the JSON report of the same range.
      expect(summary[1]).toEqual(csvSummaryRow((await reportJson(from, to)).summary));
    }
    const { summary } = readCsvSections(await reportCsv(...FULL));
    expect(Object.fromEntries(summary[0]!.map((h, i) => [h, summary[1]![i]]))).toMatchObject({
      summary: "total",
      lines: "12",
      parity: "8",
      overcharge: "2",
      undercharge: "1",
      unknown_code: "1",
      no_tariff_in_force: "0",
      total_deviation: "65000",
      verdict: "violations",
    });
  });

  it(
    "an open quote past its validUntil shows as expired, as the Quote API shows it; " +
      "a withdrawn one stays withdrawn",
    async () => {
      const q1 = where["Q1.1"]!.quoteId;
      const q2 = where["Q2.1"]!.quoteId;
      const quote = QuoteSchema.parse(await (await t.call("GET", `/v1/quotes/${q1}`, { token: T.admin })).json());
      expect(quote.status).toBe("open");
      const statuses = async () => {
        const report = await reportJson(...FULL);
        const csvRows = readCsv(await reportCsv(...FULL)).slice(1);
        // CSV and JSON agree line for line.
        expect(csvRows.map((r) => `${r[0]}#${r[1]}=${r[2]}`)).toEqual(
          report.lines.map((l) => `${l.quoteId}#${l.lineNo}=${l.quoteStatus}`),
        );
        return Object.fromEntries(report.lines.map((l) => [l.quoteId, l.quoteStatus]));
      };
      // At validUntil itself a quote is still open; a millisecond later it has expired.
      t.clock.set(quote.validUntil);
      try {
        expect(new Set(Object.values(await statuses()))).toEqual(new Set(["open"]));
        t.clock.set(new Date(Date.parse(quote.validUntil) + 1));
        const after = QuoteSchema.parse(await (await t.call("GET", `/v1/quotes/${q1}`, { token: T.admin })).json());
        expect(after.status).toBe("expired");
        const expired = await statuses();
        expect(expired[q1]).toBe("expired");
        expect(new Set(Object.values(expired))).toEqual(new Set(["expired"]));
        // Withdrawn is withdrawn, expired or not.
        await t.handle.db.updateTable("quotes").set({ status: "withdrawn" }).where("id", "=", q2).execute();
        const withdrawn = await statuses();
        expect(withdrawn[q2]).toBe("withdrawn");
        expect(withdrawn[q1]).toBe("expired");
      } finally {
        await t.handle.db.updateTable("quotes").set({ status: "open" }).where("id", "=", q2).execute();
        t.clock.set(TEST_NOW);
      }
    },
  );

  it(
    "JSON is byte for byte JSON.stringify of the report; text from the database is " + "escaped (RFC 4180 in CSV)",
    async () => {
      const raw = async (csv: boolean) =>
        (
          await t.call("GET", reportPath(...FULL), { token: T.billing, headers: csv ? { Accept: "text/csv" } : {} })
        ).text();
      const json = await raw(false);
      expect(json).toBe(JSON.stringify(JSON.parse(json)));
      expect(
        json.startsWith(
          `{"hospitalId":"${H}","currency":"CNY","from":"${FULL[0]}","to":"${FULL[1]}",` +
            `"generatedAt":"${TEST_NOW}","lines":[{"quoteId":`,
        ),
      ).toBe(true);

      // Behind the engine's back: text a CSV must quote, and a quantity that is not an integer.
      const at = where["Q2.1"]!;
      const line = () =>
        t.handle.db.updateTable("quote_lines").where("quote_id", "=", at.quoteId).where("line_no", "=", at.lineNo);
      // (PostgreSQL's integer column refuses 1.5 outright; there the odd quantity is a large one.)
      const qty = t.deps.dialect === "sqlite" ? 1.5 : 2_000_000_001;
      const weird = {
        code: 'BED,"WARD"',
        department_code: "general\r\nsurgery",
        service_class: "prémium ward \u2028",
        quantity: qty,
      };
      // …and on a line whose numbers are all integers (the common path).
      const at2 = where["Q2.2"]!;
      const line2 = () =>
        t.handle.db.updateTable("quote_lines").where("quote_id", "=", at2.quoteId).where("line_no", "=", at2.lineNo);
      const weird2 = { code: 'MRI "3T", brain', department_code: "neuro\\logy\u0001😀" };
      await line().set(weird).execute();
      await line2().set(weird2).execute();
      try {
        const text = await raw(false);
        expect(text).toBe(JSON.stringify(JSON.parse(text)));
        // Not the response schema: a quantity of 1.5 breaks its int on purpose.
        const report = JSON.parse(text) as { lines: { quoteId: string; lineNo: number }[] };
        const edited = report.lines.find((l) => l.quoteId === at.quoteId && l.lineNo === at.lineNo)!;
        expect(edited).toMatchObject({
          code: weird.code,
          department: weird.department_code,
          serviceClass: weird.service_class,
          quantity: qty,
          verdict: "unknown_code",
          domesticUnitPrice: null,
        });

        const csv = await raw(true);
        expect(csv).toContain(`"BED,""WARD""","general\r\nsurgery",prémium ward \u2028,${qty},`);
        // An RFC 4180 reader gets the values back, and the row still has 15 cells.
        const rows = parseRfc4180(csv.slice(0, csv.indexOf("\r\n\r\nsummary,")));
        const row = rows.find((r) => r[0] === at.quoteId && r[1] === String(at.lineNo))!;
        expect(row).toHaveLength(15);
        expect(row.slice(4, 8)).toEqual([weird.code, weird.department_code, weird.service_class, String(qty)]);
        expect(rows.every((r) => r.length === 15)).toBe(true);
        const edited2 = report.lines.find((l) => l.quoteId === at2.quoteId && l.lineNo === at2.lineNo)!;
        expect(edited2).toMatchObject({
          code: weird2.code,
          department: weird2.department_code,
          verdict: "unknown_code",
        });
        expect(csv).toContain(`,"MRI ""3T"", brain",neuro\\logy\u0001😀,standard,1,80000,,,80000,,unknown_code,1\r\n`);
        const row2 = rows.find((r) => r[0] === at2.quoteId && r[1] === String(at2.lineNo))!;
        expect(row2.slice(4, 6)).toEqual([weird2.code, weird2.department_code]);
      } finally {
        const item = QUOTES[1]!.items[0]!;
        await line()
          .set({
            code: item.code,
            department_code: item.department,
            service_class: item.serviceClass,
            quantity: item.quantity,
          })
          .execute();
        const item2 = QUOTES[1]!.items[1]!;
        await line2().set({ code: item2.code, department_code: item2.department }).execute();
      }
      expect(await raw(false)).toBe(json);
    },
  );

  it("only that hospital's billing and admin may see it", async () => {
    const admin = await reportJson(...FULL, T.admin);
    expect(admin.summary).toEqual(expectedReport(...FULL, true).summary);
    for (const token of [T.billingYiwu, T.clinician, T.agent, T.alexander]) {
      await problem(await t.call("GET", reportPath(...FULL), { token }), 403);
      await problem(await t.call("GET", reportPath(...FULL), { token, headers: { Accept: "text/csv" } }), 403);
    }
    await problem(await t.call("GET", reportPath(...FULL)), 401);
    // The other hospital's billing sees its own report, without xjph's lines.
    const res = await t.call("GET", reportPath(...FULL, OTHER), { token: T.billingYiwu });
    expect(res.status).toBe(200);
    const own = ParityReportSchema.parse(JSON.parse(await res.text()));
    expect(own.lines.map((l) => l.code)).toEqual(["GSUR-LCHOL", "BED-WARD"]);
    expect(own.summary).toMatchObject({ lines: 2, parity: 2, verdict: "parity" });
    // …and xjph's billing may not see Yiwu's.
    await problem(await t.call("GET", reportPath(...FULL, OTHER), { token: T.billing }), 403);
  });

  it("to before from → 400 naming query.to", async () => {
    const p = await problem(await t.call("GET", reportPath("2027-01-02", "2027-01-01"), { token: T.billing }), 400);
    expect(p.errors?.map((e) => e.path)).toEqual(["query.to"]);
    const p2 = await problem(
      await t.call("GET", `/v1/hospitals/${H}/parity-report?from=2027-01-01`, { token: T.billing }),
      400,
    );
    expect(p2.errors?.map((e) => e.path)).toContain("query.to");
  });
});

describe("parity checks", () => {
  const path = `/v1/hospitals/${H}/parity-checks`;
  /** Invoice lines with known verdicts, and what each must get back. */
  const CASES = [
    {
      line: {
        ref: "INV-1",
        code: "CARD-CABG",
        department: "cardiac_surgery",
        serviceClass: "standard",
        serviceDate: "2026-12-03",
        unitPrice: 9_800_000,
        quantity: 1,
      },
      domestic: 9_800_000,
      verdict: "parity",
      version: 1,
    },
    {
      line: {
        ref: "INV-2",
        code: "BED-ICU",
        department: "cardiac_surgery",
        serviceClass: "standard",
        serviceDate: "2026-12-04",
        unitPrice: 300_000,
        quantity: 3,
      },
      domestic: 250_000,
      verdict: "overcharge",
      version: 1,
    },
    {
      line: {
        ref: "INV-3",
        code: "BED-WARD",
        department: "general_surgery",
        serviceClass: "premium_ward",
        serviceDate: "2026-12-05",
        unitPrice: 60_000,
        quantity: 2,
      },
      domestic: 68_000,
      verdict: "undercharge",
      version: 1,
    },
    {
      line: {
        ref: "INV-4",
        code: "XRAY-NOPE",
        department: "neurology",
        serviceClass: "standard",
        serviceDate: "2026-12-06",
        unitPrice: 10_000,
        quantity: 1,
      },
      domestic: null,
      verdict: "unknown_code",
      version: 1,
    },
    {
      line: {
        ref: "INV-5",
        code: "CARD-CABG",
        department: "cardiac_surgery",
        serviceClass: "standard",
        serviceDate: "2025-12-31",
        unitPrice: 9_800_000,
        quantity: 1,
      },
      domestic: null,
      verdict: "no_tariff_in_force",
      version: null,
    },
    // v1's price on a v2 date: the v2 price (72,000) is the domestic one.
    {
      line: {
        ref: "INV-6",
        code: "IMG-MRI-BRAIN",
        department: "neurology",
        serviceClass: "standard",
        serviceDate: "2027-01-10",
        unitPrice: 80_000,
        quantity: 1,
      },
      domestic: 72_000,
      verdict: "overcharge",
      version: 2,
    },
    {
      line: {
        ref: "INV-7",
        code: "CARD-CABG",
        department: "cardiac_surgery",
        serviceClass: "standard",
        serviceDate: "2027-01-01",
        unitPrice: 10_200_000,
        quantity: 1,
      },
      domestic: 10_200_000,
      verdict: "parity",
      version: 2,
    },
    // The loophole: the VIP line billed at ten times the price.
    {
      line: {
        ref: "INV-8",
        code: "CARD-CABG",
        department: "international_medical_center",
        serviceClass: "vip",
        serviceDate: "2026-12-10",
        unitPrice: 98_000_000,
        quantity: 1,
      },
      domestic: 9_800_000,
      verdict: "overcharge",
      version: 1,
    },
  ] as const;
  const LINES = CASES.map((c) => c.line);

  function expectedResults() {
    return CASES.map((c, i) => ({
      lineNo: i + 1,
      ref: c.line.ref,
      code: c.line.code,
      department: c.line.department,
      serviceClass: c.line.serviceClass,
      serviceDate: c.line.serviceDate,
      quantity: c.line.quantity,
      chargedUnitPrice: c.line.unitPrice,
      domesticUnitPrice: c.domestic,
      deviation: c.domestic === null ? null : c.line.unitPrice - c.domestic,
      verdict: c.verdict,
      tariffVersion: c.version,
    }));
  }
  const EXPECTED_SUMMARY = {
    lines: 8,
    parity: 2,
    overcharge: 3,
    undercharge: 1,
    unknownCode: 1,
    noTariffInForce: 1,
    // INV-3 (premium ward) and INV-8 (VIP line)
    premiumClassLines: 2,
    totalCharged: 9_800_000 + 900_000 + 120_000 + 10_000 + 9_800_000 + 80_000 + 10_200_000 + 98_000_000,
    totalDomestic: 9_800_000 + 750_000 + 136_000 + 72_000 + 10_200_000 + 9_800_000,
    // +150,000 (ICU) − 16,000 (premium ward) + 8,000 (MRI on v2) + 88,200,000 (VIP loophole)
    totalDeviation: 150_000 - 16_000 + 8_000 + 88_200_000,
    verdict: "violations",
  };

  async function check(init: { body?: unknown; rawBody?: string; headers?: Record<string, string>; token?: string }) {
    const res = await t.call("POST", path, { token: T.billing, ...init });
    expect(res.status, await res.clone().text()).toBe(200);
    return ParityChecksResultSchema.parse(await res.json());
  }

  const toCsv = (cols: string[], lines: readonly Record<string, string | number>[]) =>
    `${cols.join(",")}\r\n${lines.map((l) => cols.map((c) => String(l[c] ?? "")).join(",")).join("\r\n")}\r\n`;

  it("JSON lines: each one's domestic price, deviation and verdict, and the summary", async () => {
    const r = await check({ body: { lines: LINES } });
    expect(r).toMatchObject({ hospitalId: H, currency: "CNY", checkedAt: "2026-11-22T10:00:00.000Z" });
    expect(r.results).toEqual(expectedResults());
    expect(r.summary).toEqual(EXPECTED_SUMMARY);
    expect(EXPECTED_SUMMARY.totalDeviation).toBe(88_342_000);
  });

  it("the same lines as a CSV upload, in either column order, give identical results", async () => {
    const json = await check({ body: { lines: LINES } });
    const cols = ["ref", "code", "department", "serviceClass", "serviceDate", "unitPrice", "quantity"];
    const a = await check({ rawBody: toCsv(cols, LINES), headers: { "Content-Type": "text/csv" } });
    expect(a).toEqual(json);
    const shuffled = ["unitPrice", "serviceDate", "quantity", "code", "ref", "serviceClass", "department"];
    const b = await check({ rawBody: toCsv(shuffled, LINES), headers: { "Content-Type": "text/csv; charset=utf-8" } });
    expect(b).toEqual(json);
    expect(b.results.map((x) => x.verdict)).toEqual(CASES.map((c) => c.verdict));
  });

  it("a CSV with a bad unitPrice → 400 naming body.lines.N.unitPrice", async () => {
    const cols = ["ref", "code", "department", "serviceClass", "serviceDate", "unitPrice", "quantity"];
    const lines = LINES.map((l, i) => (i === 2 ? { ...l, unitPrice: "60000.50" } : l));
    const p = await problem(
      await t.call("POST", path, {
        token: T.billing,
        rawBody: toCsv(cols, lines),
        headers: { "Content-Type": "text/csv" },
      }),
      400,
    );
    expect(p.errors?.map((e) => e.path)).toEqual(["body.lines.2.unitPrice"]);
    const p2 = await problem(
      await t.call("POST", path, {
        token: T.billing,
        rawBody: "code,serviceDate,unitPrice\r\nCARD-CABG,2026-12-03,abc\r\n",
        headers: { "Content-Type": "text/csv" },
      }),
      400,
    );
    expect(p2.errors?.map((e) => e.path)).toEqual(["body.lines.0.unitPrice"]);
  });

  it("CSV numbers are plain decimal digits and dates real calendar days", async () => {
    const csv = (rows: string[]) => `code,serviceDate,unitPrice,quantity\r\n${rows.join("\r\n")}\r\n`;
    const send = (rows: string[]) =>
      t.call("POST", path, { token: T.billing, rawBody: csv(rows), headers: { "Content-Type": "text/csv" } });
    const p = await problem(
      await send([
        "CARD-CABG,2026-12-03,0x10,1",
        "CARD-CABG,2026-12-03,1e3,1",
        "CARD-CABG,2026-12-03,+5,1",
        "CARD-CABG,2026-12-03,9800000,0x1",
        "CARD-CABG,2026-12-03,9800000,1e1",
        "CARD-CABG,2026-12-03,9800000,+2",
        "CARD-CABG,2026-02-31,9800000,1",
        "CARD-CABG,2026-13-01,9800000,1",
        "CARD-CABG,2026-12-03,-5,1",
        "CARD-CABG,2026-12-03,9800000,0",
        "CARD-CABG,2026-12-03,9800000.0,1",
      ]),
      400,
    );
    expect(p.errors?.map((e) => e.path)).toEqual([
      "body.lines.0.unitPrice",
      "body.lines.1.unitPrice",
      "body.lines.2.unitPrice",
      "body.lines.3.quantity",
      "body.lines.4.quantity",
      "body.lines.5.quantity",
      "body.lines.6.serviceDate",
      "body.lines.7.serviceDate",
      "body.lines.8.unitPrice",
      "body.lines.9.quantity",
      "body.lines.10.unitPrice",
    ]);
    // What is right still passes: leading zeros are digits, 2028-02-29 is a day, quantity defaults to 1.
    const ok = await check({
      rawBody:
        "code,serviceDate,unitPrice,quantity\r\nCARD-CABG,2026-12-03,09800000,01\r\nCARD-CABG,2028-02-29,10200000,\r\n",
      headers: { "Content-Type": "text/csv" },
    });
    expect(ok.results.map((r) => [r.serviceDate, r.chargedUnitPrice, r.quantity, r.verdict])).toEqual([
      ["2026-12-03", 9_800_000, 1, "parity"],
      ["2028-02-29", 10_200_000, 1, "parity"],
    ]);
  });

  it("a CSV without the code column → 400", async () => {
    const p = await problem(
      await t.call("POST", path, {
        token: T.billing,
        rawBody: "ref,serviceDate,unitPrice\r\nINV-1,2026-12-03,9800000\r\n",
        headers: { "Content-Type": "text/csv" },
      }),
      400,
    );
    expect(p.errors?.map((e) => e.path)).toEqual(["body.header.code"]);
  });

  it("neither JSON nor CSV → refused, nothing judged", async () => {
    // No content type at all: the handler's own 400 naming the header.
    const p = await problem(await t.call("POST", path, { token: T.billing }), 400);
    expect(p.errors?.map((e) => e.path)).toEqual(["header.content-type"]);
    // A body of another media type is stopped earlier, by @hono/zod-openapi's content-type
    // check: 415, as a problem naming the header like the 400 above.
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/xml"]) {
      const res = await t.call("POST", path, {
        token: T.billing,
        rawBody: "code=CARD-CABG&unitPrice=1",
        headers: { "Content-Type": type },
      });
      const body = await problem(res, 415);
      expect(body).toMatchObject({
        code: "unsupported_media_type",
        type: "urn:caravan:problem:unsupported_media_type",
        status: 415,
      });
      expect(body.errors).toEqual([{ path: "header.content-type", message: "expected application/json or text/csv" }]);
    }
    // A route that takes JSON only names JSON only.
    const json = await problem(
      await t.call("POST", "/v1/quotes", {
        token: T.admin,
        rawBody: "hospitalId=hsp_xjph",
        headers: { "Content-Type": "text/plain" },
      }),
      415,
    );
    expect(json).toMatchObject({
      code: "unsupported_media_type",
      errors: [{ path: "header.content-type", message: "expected application/json" }],
    });
  });

  it("refused to anyone but that hospital's billing and admin", async () => {
    const admin = await check({ body: { lines: LINES }, token: T.admin });
    expect(admin.summary).toEqual(EXPECTED_SUMMARY);
    for (const token of [T.billingYiwu, T.clinician, T.agent, T.alexander]) {
      await problem(await t.call("POST", path, { token, body: { lines: LINES } }), 403);
    }
    await problem(
      await t.call("POST", path, {
        token: T.billingYiwu,
        rawBody: "code,serviceDate,unitPrice\r\nCARD-CABG,2026-12-03,9800000\r\n",
        headers: { "Content-Type": "text/csv" },
      }),
      403,
    );
    await problem(await t.call("POST", path, { body: { lines: LINES } }), 401);
  });
});
