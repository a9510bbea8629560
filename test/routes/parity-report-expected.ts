import { expect } from "vitest";
import { DOMESTIC, ITEMS, type Item, TAMPER, versionOn, type Where } from "./parity-report-fixtures";

/** What the parity report of the data set must say, computed from the tariff and the edits; and CSV readers. */

export type Verdict = "parity" | "overcharge" | "undercharge" | "unknown_code" | "no_tariff_in_force";

export interface ExpectedLine {
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

/** The expected report line of an item, after the edits (or before, when `tampered` is false). */
function expectedLine(where: Where, item: Item, tampered: boolean): ExpectedLine {
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

export function expectedReport(where: Where, from: string, to: string, tampered: boolean) {
  const lines = ITEMS.filter((i) => i.serviceDate >= from && i.serviceDate <= to)
    .map((i) => expectedLine(where, i, tampered))
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

export const strip = ({ ref: _ref, ...rest }: ExpectedLine) => rest;

/**
 * A deliberately tiny CSV reader, independent of src: the report has no quoted cells. The report
 * has two sections separated by one empty line: the lines table, then the summary.
 */
export function readCsvSections(text: string): { table: string[][]; summary: string[][] } {
  expect(text).not.toContain('"');
  expect(text.endsWith("\r\n")).toBe(true);
  const sections = text.slice(0, -2).split("\r\n\r\n");
  expect(sections).toHaveLength(2);
  const rows = (section: string) => section.split("\r\n").map((row) => row.split(","));
  return { table: rows(sections[0]!), summary: rows(sections[1]!) };
}
/** The lines table of a CSV report (header row first). */
export const readCsv = (text: string): string[][] => readCsvSections(text).table;
/** RFC 4180 with quoted fields, for the one test that puts quotes, commas and CRLF in the data. */
export function parseRfc4180(text: string): string[][] {
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
export const CSV_SUMMARY_HEADER =
  "summary,lines,parity,overcharge,undercharge,unknown_code,no_tariff_in_force,premium_class_lines," +
  "total_charged,total_domestic,total_deviation,verdict";
export const csvSummaryRow = (s: ReturnType<typeof expectedReport>["summary"]) =>
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
export const CSV_HEADER =
  "quote_id,line_no,quote_status,service_date,code,department,service_class,quantity," +
  "charged_unit_price,domestic_unit_price,deviation,charged_line_total,domestic_line_total," +
  "verdict,tariff_version";
const cell = (v: string | number | null) => (v === null ? "" : String(v));
export const csvRow = (l: ExpectedLine) =>
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
