import * as catalog from "../../data/catalog-repo";
import { medicalLineBatches } from "../../data/quotes-repo";
import {
  LINE,
  MATCHED,
  type MatchedLineBatch,
  type MedicalLineSource,
  type MedicalLineTuple,
  quoteIdsOf,
  type TariffTerms,
} from "../../data/report-lines";
import { foreignDepartmentCodes, loadTariffVersions } from "../../data/tariffs-repo";
import { parseAffirmation } from "../../domain/parity/affirmation";
import { csvLine, parseCsv } from "../../domain/parity/csv";
import { createParityIndex, type ParityIndexItem } from "../../domain/parity/parity-index";
import type { ChargedLine, ParityResult } from "../../domain/parity/verdict";
import { DEFAULT_SERVICE_CLASS, standardDomesticItem } from "../../domain/pricing/domestic";
import { isIsoDate } from "../../domain/pricing/iso-date";
import type { ServiceContext } from "../context";
import { notFound, validationError, type FieldError } from "../errors";
import { requireActor, requireBillingOf } from "../scope";

export type ReportVerdict = ParityResult["verdict"];

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

export interface ReportSummary {
  lines: number;
  parity: number;
  overcharge: number;
  undercharge: number;
  unknownCode: number;
  noTariffInForce: number;
  /** Lines in a premium (non-standard) class, whatever their verdict: counted apart from the standard class. */
  premiumClassLines: number;
  totalCharged: number;
  totalDomestic: number;
  totalDeviation: number;
  verdict: "parity" | "violations";
}

function emptySummary(): ReportSummary {
  return {
    lines: 0,
    parity: 0,
    overcharge: 0,
    undercharge: 0,
    unknownCode: 0,
    noTariffInForce: 0,
    premiumClassLines: 0,
    totalCharged: 0,
    totalDomestic: 0,
    totalDeviation: 0,
    verdict: "parity",
  };
}

function tally(
  s: ReportSummary,
  verdict: ReportVerdict,
  chargedLineTotal: number,
  domesticLineTotal: number | null,
  serviceClass: string,
) {
  s.lines++;
  if (serviceClass !== DEFAULT_SERVICE_CLASS) s.premiumClassLines++;
  s.totalCharged += chargedLineTotal;
  if (domesticLineTotal !== null) {
    s.totalDomestic += domesticLineTotal;
    s.totalDeviation += chargedLineTotal - domesticLineTotal;
  }
  if (verdict === "parity") s.parity++;
  else {
    s.verdict = "violations";
    if (verdict === "overcharge") s.overcharge++;
    else if (verdict === "undercharge") s.undercharge++;
    else if (verdict === "unknown_code") s.unknownCode++;
    else s.noTariffInForce++;
  }
}

/**
 * The verdict of a line whose domestic price is known. It looks at both the unit price and the
 * line total, so a total edited behind the engine's back is caught too.
 */
function pricedVerdict(
  unitPrice: number,
  lineTotal: number,
  domesticUnitPrice: number,
  domesticLineTotal: number,
): ReportVerdict {
  const unitDev = unitPrice - domesticUnitPrice;
  const totalDev = lineTotal - domesticLineTotal;
  return unitDev === 0 && totalDev === 0
    ? "parity"
    : unitDev > 0 || (unitDev === 0 && totalDev > 0)
      ? "overcharge"
      : "undercharge";
}

/** One charged line against the domestic tariff. */
function judge(
  index: ReturnType<typeof createParityIndex>,
  line: ChargedLine & { lineTotal: number; quantity: number },
) {
  const r = index.verdict(line);
  if (r.domesticUnitPrice === null) return { r, verdict: r.verdict, domesticLineTotal: null };
  const domesticLineTotal = r.domesticUnitPrice * line.quantity;
  return {
    r,
    verdict: pricedVerdict(line.unitPrice, line.lineTotal, r.domesticUnitPrice, domesticLineTotal),
    domesticLineTotal,
  };
}

async function hospitalFor(ctx: ServiceContext, hospitalId: string) {
  const actor = requireActor(ctx);
  const hospital = await catalog.getHospital(ctx.db, hospitalId);
  if (!hospital) throw notFound("hospital", hospitalId);
  requireBillingOf(actor, hospital.id);
  return hospital;
}

/** The hospital's tariff as the parity verdicts read it: foreign-patient departments at the standard domestic price. */
async function parityIndexOf(ctx: ServiceContext, hospitalId: string) {
  const [versions, foreignDepartments] = await Promise.all([
    loadTariffVersions(ctx.db, hospitalId),
    foreignDepartmentCodes(ctx.db, hospitalId),
  ]);
  return createParityIndex(versions, { foreignDepartments });
}

export type ReportFormat = "csv" | "json";

/** A character that makes an RFC 4180 field need quotes. */
const CSV_SPECIAL = /[",\r\n]/;
/** A character JSON.stringify would escape in a string. */
const JSON_SPECIAL = /["\\\u0000-\u001f\ud800-\udfff]/;
const csvText = (s: string) => (CSV_SPECIAL.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const jsonText = (s: string) => (JSON_SPECIAL.test(s) ? JSON.stringify(s) : `"${s}"`);

/**
 * What the domestic tariff says for one (service date, code, department, class), with those four
 * fields already written as CSV and as JSON members. A report has few distinct ones (days × tariff
 * items), so each is looked up, escaped and written once, however many lines share it.
 */
interface Terms {
  domesticUnitPrice: number | null;
  tariffVersion: number | null;
  /** The verdict when there is no domestic price (unknown code, no tariff in force). */
  unpriced: ReportVerdict;
  csv: string;
  json: string;
}

/** date → code → department → class → Terms: nested maps, so a lookup builds no key string. */
function termsCache(index: ReturnType<typeof createParityIndex>) {
  const byDate = new Map<string, Map<string, Map<string, Map<string, Terms>>>>();
  return (serviceDate: string, code: string, department: string, serviceClass: string): Terms => {
    let byCode = byDate.get(serviceDate);
    if (byCode === undefined) byDate.set(serviceDate, (byCode = new Map()));
    let byDepartment = byCode.get(code);
    if (byDepartment === undefined) byCode.set(code, (byDepartment = new Map()));
    let byClass = byDepartment.get(department);
    if (byClass === undefined) byDepartment.set(department, (byClass = new Map()));
    let terms = byClass.get(serviceClass);
    if (terms === undefined) {
      const r = index.verdict({ code, department, serviceClass, serviceDate, unitPrice: 0 });
      terms = {
        domesticUnitPrice: r.domesticUnitPrice,
        tariffVersion: r.tariffVersion,
        unpriced: r.verdict,
        csv: `${csvText(serviceDate)},${csvText(code)},${csvText(department)},${csvText(serviceClass)}`,
        json: `"serviceDate":${jsonText(serviceDate)},"code":${jsonText(code)},"department":${jsonText(department)},"serviceClass":${jsonText(serviceClass)}`,
      };
      byClass.set(serviceClass, terms);
    }
    return terms;
  };
}

const KNOWN_STATUS = new Set(["open", "expired", "withdrawn"]);

/** A copy of `out`'s first `used` bytes in a buffer with room for `need` more. */
function grown(out: Uint8Array, used: number, need: number): Uint8Array {
  const bigger = allocBytes(Math.max(out.length * 2, used + need));
  bigger.set(out.subarray(0, used));
  return bigger;
}

/** Node's Buffer, when there is one: its allocUnsafe skips zero-filling bytes about to be written. */
const NodeBuffer = (globalThis as { Buffer?: { allocUnsafe(size: number): Uint8Array } }).Buffer;
const allocBytes = (size: number): Uint8Array =>
  NodeBuffer !== undefined ? NodeBuffer.allocUnsafe(size) : new Uint8Array(size);

const EMPTY_BYTES = new Uint8Array(0);
const COMMA_BYTES = new TextEncoder().encode(",");
const QUOTE_ID_JSON = new TextEncoder().encode('{"quoteId":"');
const LINE_NO_JSON = new TextEncoder().encode('","lineNo":');

/** Nothing but ASCII. */
const ASCII = /^[\u0000-\u007f]*$/;

/**
 * A batch of the report: as text (`ascii`: known to hold only ASCII, so its UTF-8 bytes are its
 * Latin-1 ones), or, from `pieces(format, { bytes: true })`, possibly as its UTF-8 bytes already.
 */
export type ReportPiece = { text: string; ascii: boolean; bytes?: undefined } | { bytes: Uint8Array; text?: undefined };

const te = new TextEncoder();

/**
 * Billing's parity report: every medical line with a service date in [from, to], charged vs
 * domestic unit price, deviation and verdict.
 *
 * `text(format)` streams it: each step reads one batch of lines (from `ctx.reportLines` when the
 * entry wired one, else keyset batches through `ctx.db`), judges it and yields it as one piece of
 * CSV rows or of comma-separated JSON objects (`ReportLine`). When the source can match lines
 * against the tariff itself (`reportLines.matched`, the embedded default), it is given the
 * index's items and the lines it finds stored exactly at parity come as numbers; every other line
 * is judged here as before, and the text is the same byte for byte. `pieces(format)` is `text`
 * with, per piece, whether it is known to be ASCII. `summary()` is complete once `text` is done.
 * The route writes the framing (header, `{…"lines":[`, `]…}`, the CSV summary section).
 */
export async function parityReport({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { hospitalId: string; from: string; to: string };
}) {
  if (input.to < input.from)
    throw validationError("`to` is before `from`.", [{ path: "query.to", message: "must be on or after from" }]);
  const hospital = await hospitalFor(ctx, input.hospitalId);
  const index = await parityIndexOf(ctx, hospital.id);
  const generatedAt = ctx.clock.now().toISOString();
  const source: MedicalLineSource = ctx.reportLines ?? ((h, from, to) => medicalLineBatches(ctx.db, h, from, to));
  const summary = emptySummary();
  const terms = termsCache(index);

  /** The slow, general path for a line whose numbers are not all safe integers: as before. */
  function oddLine(row: MedicalLineTuple, quoteStatus: string, csv: boolean): string {
    const { r, verdict, domesticLineTotal } = judge(index, {
      code: row[LINE.code],
      department: row[LINE.department],
      serviceClass: row[LINE.serviceClass],
      serviceDate: row[LINE.serviceDate],
      unitPrice: row[LINE.unitPrice],
      quantity: row[LINE.quantity],
      lineTotal: row[LINE.lineTotal],
    });
    const l: ReportLine = {
      quoteId: row[LINE.quoteId],
      lineNo: row[LINE.lineNo],
      quoteStatus,
      serviceDate: row[LINE.serviceDate],
      code: row[LINE.code],
      department: row[LINE.department],
      serviceClass: row[LINE.serviceClass],
      quantity: row[LINE.quantity],
      chargedUnitPrice: row[LINE.unitPrice],
      domesticUnitPrice: r.domesticUnitPrice,
      deviation: r.domesticUnitPrice === null ? null : row[LINE.unitPrice] - r.domesticUnitPrice,
      chargedLineTotal: row[LINE.lineTotal],
      domesticLineTotal,
      verdict,
      tariffVersion: r.tariffVersion,
    };
    tally(summary, verdict, l.chargedLineTotal, domesticLineTotal, l.serviceClass);
    return csv
      ? csvLine([
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
        ])
      : JSON.stringify(l);
  }

  /** One line as text, judged here: a CSV row (with its CRLF) or one JSON object. */
  function lineText(row: MedicalLineTuple, csv: boolean): string {
    const quoteId = row[LINE.quoteId];
    const lineNo = row[LINE.lineNo];
    const quantity = row[LINE.quantity];
    const unitPrice = row[LINE.unitPrice];
    const lineTotal = row[LINE.lineTotal];
    const stored = row[LINE.quoteStatus];
    // As the Quote API shows it: an open quote past valid_until has expired.
    const quoteStatus = stored === "open" && row[LINE.quoteValidUntil] < generatedAt ? "expired" : stored;
    if (
      !(
        Number.isSafeInteger(unitPrice) &&
        Number.isSafeInteger(lineTotal) &&
        Number.isSafeInteger(quantity) &&
        Number.isSafeInteger(lineNo)
      )
    ) {
      return oddLine(row, quoteStatus, csv);
    }
    const t = terms(row[LINE.serviceDate], row[LINE.code], row[LINE.department], row[LINE.serviceClass]);
    const domestic = t.domesticUnitPrice;
    let verdict: ReportVerdict;
    let deviation: number | null = null;
    let domesticLineTotal: number | null = null;
    if (domestic === null) verdict = t.unpriced;
    else {
      deviation = unitPrice - domestic;
      if (!Number.isSafeInteger(deviation)) return oddLine(row, quoteStatus, csv);
      domesticLineTotal = domestic * quantity;
      verdict = pricedVerdict(unitPrice, lineTotal, domestic, domesticLineTotal);
    }
    tally(summary, verdict, lineTotal, domesticLineTotal, row[LINE.serviceClass]);
    const known = KNOWN_STATUS.has(quoteStatus);
    return csv
      ? `${csvText(quoteId)},${lineNo},${known ? quoteStatus : csvText(quoteStatus)},${t.csv},${quantity},${unitPrice},${domestic ?? ""},${deviation ?? ""},${lineTotal},${domesticLineTotal ?? ""},${verdict},${t.tariffVersion ?? ""}\r\n`
      : `{"quoteId":${jsonText(quoteId)},"lineNo":${lineNo},"quoteStatus":${known ? `"${quoteStatus}"` : jsonText(quoteStatus)},${t.json},"quantity":${quantity},"chargedUnitPrice":${unitPrice},"domesticUnitPrice":${domestic ?? "null"},"deviation":${deviation ?? "null"},"chargedLineTotal":${lineTotal},"domesticLineTotal":${domesticLineTotal ?? "null"},"verdict":"${verdict}","tariffVersion":${t.tariffVersion ?? "null"}}`;
  }

  /** One batch as text: CSV rows (CRLF each), or JSON objects joined by commas. */
  function batchText(rows: readonly MedicalLineTuple[], csv: boolean): string {
    const out = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = lineText(rows[i]!, csv);
    return out.join(csv ? "" : ",");
  }

  // --- Lines matched against the tariff by the source (the embedded reader) ---------------------
  //
  // A matched line is stored exactly at parity with item `item` of `priced`, and its quote's status
  // is known: its text is `lineText`'s for that case (charged = domestic, deviation 0, verdict
  // parity), assembled from the quote id, the line number, the status and the rest, which depends
  // only on (day, item, quantity) and is written once per day for each. Other lines: `lineText`.
  const priced: ParityIndexItem[] = index.exactItems();
  const tariffTerms: TariffTerms = { items: priced, inForceFrom: index.effectiveDates(), generatedAt };
  const itemCount = Math.max(priced.length, 1);
  const QUANTITY_BASE = MATCHED.quantityMask + 1;
  const STATUS_CSV = MATCHED.statuses.map((st) => `,${st},`);
  const STATUS_JSON = MATCHED.statuses.map((st) => `,"quoteStatus":"${st}",`);

  /** A matched line's text after its status: it depends only on the day, the item and the quantity. */
  function tailText(
    serviceDate: string,
    item: ParityIndexItem,
    quantity: number,
    lineTotal: number,
    csv: boolean,
  ): string {
    const t = terms(serviceDate, item.code, item.department, item.serviceClass);
    return csv
      ? `${t.csv},${quantity},${item.unitPrice},${item.unitPrice},0,${lineTotal},${lineTotal},parity,${item.version}\r\n`
      : `${t.json},"quantity":${quantity},"chargedUnitPrice":${item.unitPrice},"domesticUnitPrice":${item.unitPrice},"deviation":0,"chargedLineTotal":${lineTotal},"domesticLineTotal":${lineTotal},"verdict":"parity","tariffVersion":${item.version}}`;
  }

  /** The batch's text, and whether every character of it is ASCII (so its UTF-8 is its Latin-1). */
  function matchedText(batch: MatchedLineBatch, csv: boolean): ReportPiece {
    const { lines, others, serviceDate } = batch;
    const quoteIds = quoteIdsOf(batch);
    /** (item, quantity) → the text after the status, for this day. */
    const tails = new Map<number, string>();
    const statusText = csv ? STATUS_CSV : STATUS_JSON;
    const plain = batch.quoteIdsPlain === true;
    let ascii = batch.quoteIdsAscii;
    let out = "";
    // The parity lines' count, added once for the batch (their totals are added in order, as `tally` does).
    let parityLines = 0;
    for (let i = 0; i < lines.length; i++) {
      const packed = lines[i]!;
      if (packed < 0) {
        const text = lineText(others.get(i)!, csv);
        if (ascii && !ASCII.test(text)) ascii = false;
        out += csv || i === 0 ? text : `,${text}`;
        continue;
      }
      // MATCHED.unpack, inline.
      const status = packed % 4;
      const rest = (packed - status) / 4;
      const id = rest % itemCount;
      const lineQuantity = (rest - id) / itemCount;
      const quantity = lineQuantity % QUANTITY_BASE;
      const lineNo = (lineQuantity - quantity) / QUANTITY_BASE;
      const item = priced[id]!;
      const lineTotal = item.unitPrice * quantity;
      parityLines++;
      if (item.serviceClass !== DEFAULT_SERVICE_CLASS) summary.premiumClassLines++;
      summary.totalCharged += lineTotal;
      summary.totalDomestic += lineTotal;
      const key = id * QUANTITY_BASE + quantity;
      let tail = tails.get(key);
      if (tail === undefined) {
        tail = tailText(serviceDate, item, quantity, lineTotal, csv);
        tails.set(key, tail);
        if (ascii && !ASCII.test(tail)) ascii = false;
      }
      const quoteId = quoteIds[i]!;
      out += csv
        ? `${plain ? quoteId : csvText(quoteId)},${lineNo}${statusText[status]}${tail}`
        : `${i === 0 ? "" : ","}{"quoteId":${plain ? `"${quoteId}"` : jsonText(quoteId)},"lineNo":${lineNo}${statusText[status]}${tail}`;
    }
    summary.lines += parityLines;
    summary.parity += parityLines;
    return { text: out, ascii };
  }

  /**
   * A matched batch whose quote ids need no escaping, written straight to its UTF-8 bytes: the
   * same bytes as `matchedText`'s text encoded, without building the text (for JSON, ~340 bytes a
   * line, building and then copying it costs more than the rest of the line's work). Each (item,
   * quantity)'s tail and each status are encoded once; a quote id (printable ASCII) and a line
   * number are written digit by digit; an other line's text (`lineText`) is encoded as UTF-8.
   */
  function matchedBytes(batch: MatchedLineBatch, csv: boolean): Uint8Array {
    const { lines, others, serviceDate } = batch;
    /** (item, quantity, status) → the bytes from the status on, for this day. */
    const tails = new Map<number, Uint8Array>();
    const statusText = csv ? STATUS_CSV : STATUS_JSON;
    const head = csv ? EMPTY_BYTES : QUOTE_ID_JSON;
    const afterId = csv ? COMMA_BYTES : LINE_NO_JSON;
    // The quote ids, NUL-separated, encoded in one step (printable ASCII, no NUL: one byte each);
    // id i starts at `at` and ends at the next NUL (or the end).
    const idBytes = te.encode(batch.quoteIdsText ?? batch.quoteIds.join("\u0000"));
    let at = 0;
    // `out` and `o` stay locals of this function (no closure over them): the hot loop writes bytes.
    let out = allocBytes(lines.length * (csv ? 128 : 384) + 64);
    let o = 0;
    let parityLines = 0;
    for (let i = 0; i < lines.length; i++) {
      const packed = lines[i]!;
      const idAt = at;
      while (at < idBytes.length && idBytes[at] !== 0) at++;
      const idLength = at - idAt;
      at++;
      if (packed < 0) {
        const text = lineText(others.get(i)!, csv);
        const encoded = te.encode(csv || i === 0 ? text : `,${text}`);
        if (o + encoded.length > out.length) out = grown(out, o, encoded.length);
        out.set(encoded, o);
        o += encoded.length;
        continue;
      }
      // MATCHED.unpack, inline.
      const status = packed % 4;
      const rest = (packed - status) / 4;
      const id = rest % itemCount;
      const lineQuantity = (rest - id) / itemCount;
      const quantity = lineQuantity % QUANTITY_BASE;
      let lineNo = (lineQuantity - quantity) / QUANTITY_BASE;
      const item = priced[id]!;
      const lineTotal = item.unitPrice * quantity;
      parityLines++;
      if (item.serviceClass !== DEFAULT_SERVICE_CLASS) summary.premiumClassLines++;
      summary.totalCharged += lineTotal;
      summary.totalDomestic += lineTotal;
      const key = (id * QUANTITY_BASE + quantity) * 4 + status;
      let tail = tails.get(key);
      if (tail === undefined) {
        tail = te.encode(statusText[status] + tailText(serviceDate, item, quantity, lineTotal, csv));
        tails.set(key, tail);
      }
      const need = idLength + tail.length + 32;
      if (o + need > out.length) out = grown(out, o, need);
      if (!csv && i > 0) out[o++] = 44; // ,
      for (let k = 0; k < head.length; k++) out[o++] = head[k]!;
      for (let k = idAt, end = idAt + idLength; k < end; k++) out[o++] = idBytes[k]!;
      for (let k = 0; k < afterId.length; k++) out[o++] = afterId[k]!;
      // The line number's decimal digits (a non-negative integer below 2^20).
      let digits = 1;
      for (let t = lineNo; t >= 10; t = (t - (t % 10)) / 10) digits++;
      for (let k = digits - 1; k >= 0; k--) {
        const d = lineNo % 10;
        out[o + k] = 48 + d;
        lineNo = (lineNo - d) / 10;
      }
      o += digits;
      out.set(tail, o);
      o += tail.length;
    }
    summary.lines += parityLines;
    summary.parity += parityLines;
    return out.subarray(0, o);
  }

  /**
   * The report's lines, one piece per batch; `ascii` is true only when the piece is known to be all
   * ASCII. With `bytes`, a matched batch whose quote ids need no escaping comes as its UTF-8 bytes.
   */
  async function* pieces(
    format: ReportFormat,
    opts: { bytes?: boolean } = {},
  ): AsyncGenerator<ReportPiece, void, undefined> {
    const csv = format === "csv";
    if (source.matched !== undefined) {
      for await (const batch of source.matched(hospital.id, input.from, input.to, tariffTerms)) {
        if (batch.lines.length === 0) continue;
        yield opts.bytes === true && batch.quoteIdsPlain === true
          ? { bytes: matchedBytes(batch, csv) }
          : matchedText(batch, csv);
      }
      return;
    }
    for await (const rows of source(hospital.id, input.from, input.to)) {
      if (rows.length > 0) yield { text: batchText(rows, csv), ascii: false };
    }
  }

  async function* text(format: ReportFormat): AsyncGenerator<string, void, undefined> {
    for await (const piece of pieces(format)) yield piece.text!;
  }

  return {
    meta: { hospitalId: hospital.id, currency: hospital.currency, from: input.from, to: input.to, generatedAt },
    text,
    pieces,
    summary: () => summary,
  };
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
  return `\r\n${csvLine(REPORT_CSV_SUMMARY_HEADER)}${csvLine(["total", s.lines, s.parity, s.overcharge, s.undercharge, s.unknownCode, s.noTariffInForce, s.premiumClassLines, s.totalCharged, s.totalDomestic, s.totalDeviation, s.verdict])}`;
}

export interface CheckLineInput {
  ref?: string;
  code: string;
  department?: string;
  serviceClass?: string;
  serviceDate: string;
  unitPrice: number;
  quantity?: number;
}

const CHECK_COLUMNS = ["ref", "code", "department", "serviceClass", "serviceDate", "unitPrice", "quantity"] as const;
export const MAX_CHECK_LINES = 50_000;

/** A cell of decimal digits as a number; anything else (`0x10`, `1e3`, `+5`, `-1`, `1.0`, "") is NaN. */
function digits(cell: string | undefined): number {
  return cell !== undefined && /^\d+$/.test(cell) ? Number(cell) : Number.NaN;
}

/** Lines from a CSV upload (header row required; columns by name, in any order). */
export function checkLinesFromCsv(text: string): CheckLineInput[] {
  const rows = parseCsv(text);
  const header = rows.shift();
  if (!header)
    throw validationError("The CSV is empty.", [{ path: "body", message: "expected a header row and lines" }]);
  const norm = (h: string) =>
    h
      .trim()
      .replace(/[_\s-]+(\w)/g, (_m, c: string) => c.toUpperCase())
      .replace(/^\w/, (c) => c.toLowerCase());
  const cols = header.map(norm);
  const missing = ["code", "serviceDate", "unitPrice"].filter((c) => !cols.includes(c));
  if (missing.length)
    throw validationError(
      "The CSV header is missing columns.",
      missing.map((m) => ({ path: `body.header.${m}`, message: "required column" })),
    );
  if (rows.length > MAX_CHECK_LINES)
    throw validationError(`At most ${MAX_CHECK_LINES} lines per check.`, [{ path: "body", message: "too many lines" }]);
  const errors: FieldError[] = [];
  const lines = rows.map((r, i) => {
    const get = (c: (typeof CHECK_COLUMNS)[number]) => {
      const at = cols.indexOf(c);
      return at === -1 ? undefined : (r[at] ?? "").trim() || undefined;
    };
    const unitPrice = digits(get("unitPrice"));
    const quantity = get("quantity") === undefined ? 1 : digits(get("quantity"));
    const date = get("serviceDate") ?? "";
    if (!get("code")) errors.push({ path: `body.lines.${i}.code`, message: "required" });
    if (!isIsoDate(date))
      errors.push({ path: `body.lines.${i}.serviceDate`, message: "expected a calendar date YYYY-MM-DD" });
    if (!Number.isSafeInteger(unitPrice) || unitPrice < 0)
      errors.push({ path: `body.lines.${i}.unitPrice`, message: "expected integer minor units" });
    if (!Number.isSafeInteger(quantity) || quantity < 1)
      errors.push({ path: `body.lines.${i}.quantity`, message: "expected a positive integer" });
    return {
      ref: get("ref"),
      code: get("code") ?? "",
      department: get("department"),
      serviceClass: get("serviceClass"),
      serviceDate: date,
      unitPrice,
      quantity,
    };
  });
  if (errors.length) throw validationError("Some CSV lines are invalid.", errors.slice(0, 100));
  return lines;
}

/** Billing sends lines from its own invoices; each gets its verdict against the domestic tariff. */
export async function parityChecks({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { hospitalId: string; lines: CheckLineInput[] };
}) {
  const hospital = await hospitalFor(ctx, input.hospitalId);
  const index = await parityIndexOf(ctx, hospital.id);
  const summary = emptySummary();
  const results = input.lines.map((l, i) => {
    const quantity = l.quantity ?? 1;
    const { r, verdict, domesticLineTotal } = judge(index, { ...l, quantity, lineTotal: l.unitPrice * quantity });
    const res = {
      lineNo: i + 1,
      ref: l.ref ?? null,
      code: l.code,
      department: r.department ?? l.department ?? null,
      serviceClass: r.serviceClass,
      serviceDate: l.serviceDate,
      quantity,
      chargedUnitPrice: l.unitPrice,
      domesticUnitPrice: r.domesticUnitPrice,
      deviation: r.domesticUnitPrice === null ? null : l.unitPrice - r.domesticUnitPrice,
      verdict,
      tariffVersion: r.tariffVersion,
    };
    tally(summary, verdict, l.unitPrice * quantity, domesticLineTotal, r.serviceClass);
    return res;
  });
  return {
    hospitalId: hospital.id,
    currency: hospital.currency,
    checkedAt: ctx.clock.now().toISOString(),
    results,
    summary,
  };
}

export function parityKeys({ ctx }: { ctx: ServiceContext }) {
  return { keys: [ctx.signer.publicJwk] };
}

/**
 * Verifies a parity affirmation: the Ed25519 signature over the exact payload bytes, and —
 * independently — that every line still equals the domestic price of the tariff version it names.
 */
export async function verifyAffirmation({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { payload: string; signature: string; keyId?: string };
}) {
  const keyKnown = input.keyId === undefined || input.keyId === ctx.signer.keyId;
  const signatureValid = keyKnown && (await ctx.signer.verify(input.payload, input.signature));
  const doc = parseAffirmation(input.payload);
  if (!doc) {
    return {
      signatureValid,
      keyId: ctx.signer.keyId,
      document: null,
      parity: null,
      valid: false,
      reasons: ["payload is not a Caravan parity affirmation"],
    };
  }
  const reasons: string[] = [];
  if (!keyKnown) reasons.push(`unknown key ${input.keyId}`);
  else if (!signatureValid) reasons.push("signature does not match the payload");
  const [versions, foreign] = await Promise.all([
    loadTariffVersions(ctx.db, doc.hospitalId),
    foreignDepartmentCodes(ctx.db, doc.hospitalId),
  ]);
  const lines = doc.lines.map((l) => {
    const v = versions.find((x) => x.id === l.tariffVersionId && x.version === l.tariffVersion);
    const item = v?.items.find(
      (i) => i.code === l.code && i.department === l.department && i.serviceClass === l.serviceClass,
    );
    // A foreign-patient department's only domestic price is the standard class's, whatever its own item says.
    const domestic =
      item === undefined
        ? null
        : foreign.has(item.department)
          ? (standardDomesticItem(v!, item.code, foreign)?.unitPrice ?? null)
          : item.unitPrice;
    const holds =
      domestic !== null &&
      domestic === l.unitPrice &&
      l.lineTotal === domestic * l.quantity &&
      !!v &&
      v.effectiveFrom <= l.serviceDate;
    if (!holds)
      reasons.push(`line ${l.lineNo} (${l.code}) does not match the domestic tariff version ${l.tariffVersion}`);
    return { lineNo: l.lineNo, code: l.code, unitPrice: l.unitPrice, domesticUnitPrice: domestic, holds };
  });
  const totalOk = doc.medicalTotal === doc.lines.reduce((s, l) => s + l.lineTotal, 0);
  if (!totalOk) reasons.push("medicalTotal is not the sum of the lines");
  const parityHolds = lines.every((l) => l.holds) && totalOk;
  return {
    valid: signatureValid && parityHolds,
    signatureValid,
    keyId: ctx.signer.keyId,
    document: doc,
    parity: { holds: parityHolds, lines },
    reasons,
  };
}
