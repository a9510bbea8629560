/**
 * The parity report's two formats, CSV (RFC 4180, CRLF) and JSON: every piece of the report's text
 * is written here, from the head to the summary. `ReportWriter` (report-writer.ts) decides what to
 * write; a format decides how. Both write the same line identically whichever path judged it.
 */
import { csvLine } from "../../domain/parity/csv";
import type { ReportSummary } from "../../domain/parity/summary";
import type { ParityVerdict } from "../../domain/parity/verdict";

export type ReportFormat = "csv" | "json";
export type ReportVerdict = ParityVerdict;

export interface ReportLine {
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
  verdict: ReportVerdict;
  tariffVersion: number | null;
}

/** What the report is: the JSON members before `lines`, and the CSV file's name. */
export interface ReportMeta {
  hospitalId: string;
  currency: string;
  from: string;
  to: string;
  generatedAt: string;
}

export const REPORT_CSV_HEADER = [
  "quote_id",
  "line_no",
  "quote_status",
  "service_date",
  "code",
  "department",
  "service_class",
  "quantity",
  "charged_unit_price",
  "domestic_unit_price",
  "deviation",
  "charged_line_total",
  "domestic_line_total",
  "verdict",
  "tariff_version",
];

/** The CSV's second section, after an empty line: this header and one row of totals. */
export const REPORT_CSV_SUMMARY_HEADER = [
  "summary",
  "lines",
  "parity",
  "overcharge",
  "undercharge",
  "unknown_code",
  "no_tariff_in_force",
  "premium_class_lines",
  "total_charged",
  "total_domestic",
  "total_deviation",
  "verdict",
];

/** The CSV summary section: an empty line, `REPORT_CSV_SUMMARY_HEADER`, one row whose `summary` cell is `total`. */
export function reportSummaryCsv(s: ReportSummary): string {
  const totals = [s.totalCharged, s.totalDomestic, s.totalDeviation, s.verdict];
  const counts = [
    s.lines,
    s.parity,
    s.overcharge,
    s.undercharge,
    s.unknownCode,
    s.noTariffInForce,
    s.premiumClassLines,
  ];
  return `\r\n${csvLine(REPORT_CSV_SUMMARY_HEADER)}${csvLine(["total", ...counts, ...totals])}`;
}

/** A line's numbers, all safe integers, and its judgement; `terms` is its four terms' fields, written. */
export interface LineNumbers {
  quantity: number;
  unitPrice: number;
  domestic: number | null;
  deviation: number | null;
  lineTotal: number;
  domesticLineTotal: number | null;
  verdict: ReportVerdict;
  tariffVersion: number | null;
}

/** How one format writes each part of the report. */
export interface ReportFormatWriter {
  /** Before the lines: the CSV header row; the JSON object's members up to `"lines":[`. */
  head(meta: ReportMeta): string;
  /** After the lines: the CSV summary section; the JSON `],"summary":{…}}`. */
  foot(summary: ReportSummary): string;
  /** Between two lines, and two batches: nothing in CSV (a row ends in CRLF), a comma in JSON. */
  readonly separator: string;
  /** A line's service date, code, department and class (what its domestic terms depend on). */
  terms(serviceDate: string, code: string, department: string, serviceClass: string): string;
  /** A line from its values (`status` known to need no escaping when `knownStatus`). */
  line(quoteId: string, lineNo: number, status: string, knownStatus: boolean, terms: string, n: LineNumbers): string;
  /** Any line, from its object: the general writer, for numbers that are not all safe integers. */
  object(l: ReportLine): string;
  /** A line at parity up to its line number (`plain`: the quote id needs no escaping). */
  lineHead(quoteId: string, plain: boolean): string;
  /** lineHead's text before and after a plain quote id, as bytes. */
  readonly idPrefix: Uint8Array;
  readonly idSuffix: Uint8Array;
  /** A line at parity between its line number and its terms, by status (`MATCHED.statuses`). */
  status(status: string): string;
  /** Room to allocate per line when writing bytes (a little more than most lines take). */
  readonly bytesPerLine: number;
  /** A line at parity from its terms on: charged = domestic, deviation 0. */
  parityTail(terms: string, quantity: number, unitPrice: number, lineTotal: number, tariffVersion: number): string;
}

/** A character that makes an RFC 4180 field need quotes. */
const CSV_SPECIAL = /[",\r\n]/;
/** A character JSON.stringify would escape in a string. */
const JSON_SPECIAL = /["\\\u0000-\u001f\ud800-\udfff]/;
const csvText = (s: string) => (CSV_SPECIAL.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const jsonText = (s: string) => (JSON_SPECIAL.test(s) ? JSON.stringify(s) : `"${s}"`);
const te = new TextEncoder();

const csv: ReportFormatWriter = {
  head: () => csvLine(REPORT_CSV_HEADER),
  foot: reportSummaryCsv,
  separator: "",
  terms: (serviceDate, code, department, serviceClass) =>
    `${csvText(serviceDate)},${csvText(code)},${csvText(department)},${csvText(serviceClass)}`,
  line: (quoteId, lineNo, status, knownStatus, terms, n) =>
    `${csvText(quoteId)},${lineNo},${knownStatus ? status : csvText(status)},${terms},${n.quantity},${n.unitPrice},` +
    `${n.domestic ?? ""},${n.deviation ?? ""},${n.lineTotal},${n.domesticLineTotal ?? ""},${n.verdict},` +
    `${n.tariffVersion ?? ""}\r\n`,
  object: (l) =>
    csvLine([
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
    ]),
  lineHead: (quoteId, plain) => `${plain ? quoteId : csvText(quoteId)},`,
  idPrefix: new Uint8Array(0),
  idSuffix: te.encode(","),
  status: (status) => `,${status},`,
  bytesPerLine: 128,
  parityTail: (terms, quantity, unitPrice, lineTotal, tariffVersion) =>
    `${terms},${quantity},${unitPrice},${unitPrice},0,${lineTotal},${lineTotal},parity,${tariffVersion}\r\n`,
};

const json: ReportFormatWriter = {
  head: (meta) => `${JSON.stringify(meta).slice(0, -1)},"lines":[`,
  foot: (summary) => `],"summary":${JSON.stringify(summary)}}`,
  separator: ",",
  terms: (serviceDate, code, department, serviceClass) =>
    `"serviceDate":${jsonText(serviceDate)},"code":${jsonText(code)},"department":${jsonText(department)},` +
    `"serviceClass":${jsonText(serviceClass)}`,
  line: (quoteId, lineNo, status, knownStatus, terms, n) =>
    `{"quoteId":${jsonText(quoteId)},"lineNo":${lineNo},` +
    `"quoteStatus":${knownStatus ? `"${status}"` : jsonText(status)},` +
    `${terms},"quantity":${n.quantity},"chargedUnitPrice":${n.unitPrice},"domesticUnitPrice":${n.domestic ?? "null"},` +
    `"deviation":${n.deviation ?? "null"},"chargedLineTotal":${n.lineTotal},` +
    `"domesticLineTotal":${n.domesticLineTotal ?? "null"},"verdict":"${n.verdict}",` +
    `"tariffVersion":${n.tariffVersion ?? "null"}}`,
  object: (l) => JSON.stringify(l),
  lineHead: (quoteId, plain) => `{"quoteId":${plain ? `"${quoteId}"` : jsonText(quoteId)},"lineNo":`,
  idPrefix: te.encode('{"quoteId":"'),
  idSuffix: te.encode('","lineNo":'),
  status: (status) => `,"quoteStatus":"${status}",`,
  bytesPerLine: 384,
  parityTail: (terms, quantity, unitPrice, lineTotal, tariffVersion) =>
    `${terms},"quantity":${quantity},"chargedUnitPrice":${unitPrice},"domesticUnitPrice":${unitPrice},` +
    `"deviation":0,"chargedLineTotal":${lineTotal},"domesticLineTotal":${lineTotal},"verdict":"parity",` +
    `"tariffVersion":${tariffVersion}}`,
};

export const REPORT_FORMATS: Readonly<Record<ReportFormat, ReportFormatWriter>> = { csv, json };
