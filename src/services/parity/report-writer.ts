/**
 * The parity report's writer: each batch of lines judged against the domestic tariff, tallied into
 * the summary and written in the report's format (report-formats.ts), as text or UTF-8 bytes.
 *
 * Lines come two ways (see `LineBatch`, src/data/report-lines.ts). Whole lines (`rows`) are judged
 * here. Lines the source matched against the tariff itself are stored exactly at parity with an
 * item of `index.exactItems()`, and their quote's status is known: their text is what a whole line
 * at parity gives, assembled from the quote id, the line number, the status and the rest, which
 * depends only on (day, item, quantity) and is written once per day for each. The report is the
 * same byte for byte whichever way its lines came.
 */
import {
  LINE,
  MATCHED,
  MatchedFields,
  type MatchedLineBatch,
  type MedicalLineTuple,
  quoteIdsOf,
} from "../../data/report-lines";
import type { ParityIndex, ParityIndexItem } from "../../domain/parity/parity-index";
import { type ReportSummary, tally } from "../../domain/parity/summary";
import { judgeTotal, pricedVerdict } from "../../domain/parity/verdict";
import { DEFAULT_SERVICE_CLASS } from "../../domain/pricing/domestic";
import {
  type LineNumbers,
  REPORT_FORMATS,
  type ReportFormat,
  type ReportFormatWriter,
  type ReportLine,
  type ReportMeta,
  type ReportVerdict,
} from "./report-formats";

/**
 * A batch of the report: as text (`ascii`: known to hold only ASCII, so its UTF-8 bytes are its
 * Latin-1 ones), or as its UTF-8 bytes already.
 */
export type ReportPiece = { text: string; ascii: boolean; bytes?: undefined } | { bytes: Uint8Array; text?: undefined };

/**
 * What the domestic tariff says for one (service date, code, department, class), with those four
 * fields already written. A report has few distinct ones (days × tariff items), so each is looked
 * up, escaped and written once, however many lines share it.
 */
interface Terms {
  domesticUnitPrice: number | null;
  tariffVersion: number | null;
  /** The verdict when there is no domestic price (unknown code, no tariff in force). */
  unpriced: ReportVerdict;
  text: string;
}

const KNOWN_STATUS = new Set(["open", "expired", "withdrawn"]);
const QUANTITY_BASE = MATCHED.quantityMask + 1;
/** Nothing but ASCII. */
const ASCII = /^[\u0000-\u007f]*$/;
const te = new TextEncoder();

/** Node's Buffer, when there is one: its allocUnsafe skips zero-filling bytes about to be written. */
const NodeBuffer = (globalThis as { Buffer?: { allocUnsafe(size: number): Uint8Array } }).Buffer;
const allocBytes = (size: number): Uint8Array =>
  NodeBuffer !== undefined ? NodeBuffer.allocUnsafe(size) : new Uint8Array(size);

/** A copy of `out`'s first `used` bytes in a buffer with room for `need` more. */
function grown(out: Uint8Array, used: number, need: number): Uint8Array {
  const bigger = allocBytes(Math.max(out.length * 2, used + need));
  bigger.set(out.subarray(0, used));
  return bigger;
}

/** The decimal digits of `n` (a non-negative integer) written at `o`; returns the position after them. */
function writeDigits(out: Uint8Array, o: number, n: number): number {
  let digits = 1;
  for (let t = n; t >= 10; t = (t - (t % 10)) / 10) digits++;
  for (let k = digits - 1; k >= 0; k--) {
    const d = n % 10;
    out[o + k] = 48 + d;
    n = (n - d) / 10;
  }
  return o + digits;
}

/** `bytes` written at `o`, byte by byte (short runs: cheaper than `set`); returns the position after them. */
function writeBytes(out: Uint8Array, o: number, bytes: Uint8Array, from = 0, to = bytes.length): number {
  for (let k = from; k < to; k++) out[o++] = bytes[k]!;
  return o;
}

/**
 * Writes one report's batches in one format: each line judged (domain/parity), tallied into
 * `summary` and written (report-formats.ts). Matched lines are at parity with item `id` of `priced`.
 */
export class ReportWriter {
  private readonly format: ReportFormatWriter;
  /** date → code → department → class → Terms: nested maps, so a lookup builds no key string. */
  private readonly termsByDate = new Map<string, Map<string, Map<string, Map<string, Terms>>>>();
  /** The items matched lines name by id, and what unpacks a matched line's number. */
  private readonly priced: ParityIndexItem[];
  private readonly fields: MatchedFields;
  /** Each matched status's text, by its number in a matched line. */
  private readonly statusTexts: string[];
  private readonly separatorBytes: Uint8Array;
  /** Reused for each line's numbers: `format.line` reads them. */
  private readonly numbers: LineNumbers = {
    quantity: 0,
    unitPrice: 0,
    domestic: null,
    deviation: null,
    lineTotal: 0,
    domesticLineTotal: null,
    verdict: "parity",
    tariffVersion: null,
  };

  constructor(
    format: ReportFormat,
    private readonly index: ParityIndex,
    /** The report's time: an open quote whose valid_until is before it shows as expired. */
    private readonly generatedAt: string,
    private readonly summary: ReportSummary,
    priced: ParityIndexItem[] = index.exactItems(),
    /** Sees every line whose verdict is not parity, once judged (the web's report page keeps a bounded view). */
    private readonly observe?: (line: ReportLine) => void,
  ) {
    this.format = REPORT_FORMATS[format];
    this.priced = priced;
    this.fields = new MatchedFields(Math.max(priced.length, 1));
    this.statusTexts = MATCHED.statuses.map((status) => this.format.status(status));
    this.separatorBytes = te.encode(this.format.separator);
  }

  /** Whole lines, judged here: one piece of text. */
  rows(rows: readonly MedicalLineTuple[]): ReportPiece {
    const out = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.lineText(rows[i]!);
    return { text: out.join(this.format.separator), ascii: false };
  }

  private terms(serviceDate: string, code: string, department: string, serviceClass: string): Terms {
    let byCode = this.termsByDate.get(serviceDate);
    if (byCode === undefined) this.termsByDate.set(serviceDate, (byCode = new Map()));
    let byDepartment = byCode.get(code);
    if (byDepartment === undefined) byCode.set(code, (byDepartment = new Map()));
    let byClass = byDepartment.get(department);
    if (byClass === undefined) byDepartment.set(department, (byClass = new Map()));
    let terms = byClass.get(serviceClass);
    if (terms === undefined) {
      const r = this.index.verdict({ code, department, serviceClass, serviceDate, unitPrice: 0 });
      terms = {
        domesticUnitPrice: r.domesticUnitPrice,
        tariffVersion: r.tariffVersion,
        unpriced: r.verdict,
        text: this.format.terms(serviceDate, code, department, serviceClass),
      };
      byClass.set(serviceClass, terms);
    }
    return terms;
  }

  /** The general path, for a line whose numbers are not all safe integers. */
  private oddLine(row: MedicalLineTuple, quoteStatus: string): string {
    const unitPrice = row[LINE.unitPrice];
    const { r, verdict, domesticLineTotal } = judgeTotal(this.index, {
      code: row[LINE.code],
      department: row[LINE.department],
      serviceClass: row[LINE.serviceClass],
      serviceDate: row[LINE.serviceDate],
      unitPrice,
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
      chargedUnitPrice: unitPrice,
      domesticUnitPrice: r.domesticUnitPrice,
      deviation: r.domesticUnitPrice === null ? null : unitPrice - r.domesticUnitPrice,
      chargedLineTotal: row[LINE.lineTotal],
      domesticLineTotal,
      verdict,
      tariffVersion: r.tariffVersion,
    };
    tally(this.summary, verdict, l.chargedLineTotal, domesticLineTotal, l.serviceClass);
    if (verdict !== "parity") this.observe?.(l);
    return this.format.object(l);
  }

  /** One whole line, judged here and tallied: a CSV row (with its CRLF) or one JSON object. */
  private lineText(row: MedicalLineTuple): string {
    const lineNo = row[LINE.lineNo];
    const quantity = row[LINE.quantity];
    const unitPrice = row[LINE.unitPrice];
    const lineTotal = row[LINE.lineTotal];
    const stored = row[LINE.quoteStatus];
    // As the Quote API shows it: an open quote past valid_until has expired.
    const quoteStatus = stored === "open" && row[LINE.quoteValidUntil] < this.generatedAt ? "expired" : stored;
    const safe =
      Number.isSafeInteger(unitPrice) &&
      Number.isSafeInteger(lineTotal) &&
      Number.isSafeInteger(quantity) &&
      Number.isSafeInteger(lineNo);
    if (!safe) return this.oddLine(row, quoteStatus);
    const t = this.terms(row[LINE.serviceDate], row[LINE.code], row[LINE.department], row[LINE.serviceClass]);
    const n = this.numbers;
    n.domestic = t.domesticUnitPrice;
    n.deviation = null;
    n.domesticLineTotal = null;
    if (n.domestic === null) n.verdict = t.unpriced;
    else {
      n.deviation = unitPrice - n.domestic;
      if (!Number.isSafeInteger(n.deviation)) return this.oddLine(row, quoteStatus);
      n.domesticLineTotal = n.domestic * quantity;
      n.verdict = pricedVerdict(unitPrice, lineTotal, n.domestic, n.domesticLineTotal);
    }
    tally(this.summary, n.verdict, lineTotal, n.domesticLineTotal, row[LINE.serviceClass]);
    n.quantity = quantity;
    n.unitPrice = unitPrice;
    n.lineTotal = lineTotal;
    n.tariffVersion = t.tariffVersion;
    if (n.verdict !== "parity" && this.observe !== undefined) this.observe(this.observed(row, quoteStatus, n));
    const known = KNOWN_STATUS.has(quoteStatus);
    return this.format.line(row[LINE.quoteId], lineNo, quoteStatus, known, t.text, n);
  }

  /** A judged line that is not at parity, whole, for `observe`. */
  private observed(row: MedicalLineTuple, quoteStatus: string, n: LineNumbers): ReportLine {
    return {
      quoteId: row[LINE.quoteId],
      lineNo: row[LINE.lineNo],
      quoteStatus,
      serviceDate: row[LINE.serviceDate],
      code: row[LINE.code],
      department: row[LINE.department],
      serviceClass: row[LINE.serviceClass],
      quantity: n.quantity,
      chargedUnitPrice: n.unitPrice,
      domesticUnitPrice: n.domestic,
      deviation: n.deviation,
      chargedLineTotal: n.lineTotal,
      domesticLineTotal: n.domesticLineTotal,
      verdict: n.verdict,
      tariffVersion: n.tariffVersion,
    };
  }

  /** The batch's text, and whether every character of it is ASCII (so its UTF-8 is its Latin-1). */
  matchedText(batch: MatchedLineBatch): ReportPiece {
    const { lines, others, serviceDate } = batch;
    const { format, fields, priced, statusTexts, summary } = this;
    const quoteIds = quoteIdsOf(batch);
    /** (item, quantity, status) → the text from the status on, for this day. */
    const tails = new Map<number, string>();
    const plain = batch.quoteIdsPlain === true;
    let ascii = batch.quoteIdsAscii;
    let out = "";
    // The parity lines' count, added once for the batch (their totals are added in order, as `tally` does).
    let parityLines = 0;
    for (let i = 0; i < lines.length; i++) {
      const packed = lines[i]!;
      const sep = i === 0 ? "" : format.separator;
      if (packed < 0) {
        const text = this.lineText(others.get(i)!);
        if (ascii && !ASCII.test(text)) ascii = false;
        out += sep + text;
        continue;
      }
      const { status, item: id, quantity, lineNo } = fields.read(packed);
      const item = priced[id]!;
      const lineTotal = item.unitPrice * quantity;
      parityLines++;
      if (item.serviceClass !== DEFAULT_SERVICE_CLASS) summary.premiumClassLines++;
      summary.totalCharged += lineTotal;
      summary.totalDomestic += lineTotal;
      const key = (id * QUANTITY_BASE + quantity) * 4 + status;
      let tail = tails.get(key);
      if (tail === undefined) {
        tail = statusTexts[status] + this.tailText(serviceDate, item, quantity, lineTotal);
        tails.set(key, tail);
        if (ascii && !ASCII.test(tail)) ascii = false;
      }
      out += `${sep}${format.lineHead(quoteIds[i]!, plain)}${lineNo}${tail}`;
    }
    summary.lines += parityLines;
    summary.parity += parityLines;
    return { text: out, ascii };
  }

  /**
   * A matched batch whose quote ids need no escaping, written straight to its UTF-8 bytes: the
   * same bytes as `matchedText`'s text encoded, without building the text (for JSON, ~340 bytes a
   * line, building and then copying it costs more than the rest of the line's work). Each (item,
   * quantity, status)'s tail is encoded once; a quote id (printable ASCII) and a line number are
   * written byte by byte; an other line's text (`lineText`) is encoded as UTF-8.
   */
  matchedBytes(batch: MatchedLineBatch): Uint8Array {
    const { lines, others, serviceDate } = batch;
    const { format, fields, priced, statusTexts, summary, separatorBytes } = this;
    const tails = new Map<number, Uint8Array>();
    const head = format.idPrefix;
    const afterId = format.idSuffix;
    // The quote ids, NUL-separated, encoded in one step (printable ASCII, no NUL: one byte each);
    // id i starts at `at` and ends at the next NUL (or the end).
    const idBytes = te.encode(batch.quoteIdsText ?? batch.quoteIds.join("\u0000"));
    let at = 0;
    // `out` and `o` stay locals of this function (no closure over them): the hot loop writes bytes.
    let out = allocBytes(lines.length * format.bytesPerLine + 64);
    let o = 0;
    let parityLines = 0;
    for (let i = 0; i < lines.length; i++) {
      const packed = lines[i]!;
      const idAt = at;
      while (at < idBytes.length && idBytes[at] !== 0) at++;
      const idEnd = at;
      at++;
      if (packed < 0) {
        const text = this.lineText(others.get(i)!);
        const encoded = te.encode(i === 0 ? text : format.separator + text);
        if (o + encoded.length > out.length) out = grown(out, o, encoded.length);
        out.set(encoded, o);
        o += encoded.length;
        continue;
      }
      const { status, item: id, quantity, lineNo } = fields.read(packed);
      const item = priced[id]!;
      const lineTotal = item.unitPrice * quantity;
      parityLines++;
      if (item.serviceClass !== DEFAULT_SERVICE_CLASS) summary.premiumClassLines++;
      summary.totalCharged += lineTotal;
      summary.totalDomestic += lineTotal;
      const key = (id * QUANTITY_BASE + quantity) * 4 + status;
      let tail = tails.get(key);
      if (tail === undefined) {
        tail = te.encode(statusTexts[status] + this.tailText(serviceDate, item, quantity, lineTotal));
        tails.set(key, tail);
      }
      const need = idEnd - idAt + tail.length + 32;
      if (o + need > out.length) out = grown(out, o, need);
      if (i > 0) o = writeBytes(out, o, separatorBytes);
      o = writeBytes(out, o, head);
      o = writeBytes(out, o, idBytes, idAt, idEnd);
      o = writeBytes(out, o, afterId);
      o = writeDigits(out, o, lineNo);
      out.set(tail, o);
      o += tail.length;
    }
    summary.lines += parityLines;
    summary.parity += parityLines;
    return out.subarray(0, o);
  }

  /** A matched line's text after its status: it depends only on the day, the item and the quantity. */
  private tailText(serviceDate: string, item: ParityIndexItem, quantity: number, lineTotal: number): string {
    const t = this.terms(serviceDate, item.code, item.department, item.serviceClass);
    return this.format.parityTail(t.text, quantity, item.unitPrice, lineTotal, item.version);
  }
}

/** Text known to be all ASCII is its own UTF-8 as Latin-1 bytes: Node's Buffer copies those without encoding. */
const Latin1 = (globalThis as { Buffer?: { from(text: string, encoding: "latin1"): Uint8Array } }).Buffer;
const bytesOf = (text: string, ascii: boolean): Uint8Array =>
  ascii && Latin1 !== undefined ? Latin1.from(text, "latin1") : te.encode(text);

/** What `reportBytes` writes: a report's head, its pieces of lines and, once they are done, its summary. */
export interface WritableReport {
  meta: ReportMeta;
  pieces(format: ReportFormat, opts?: { bytes?: boolean }): AsyncGenerator<ReportPiece, void, undefined>;
  summary(): ReportSummary;
}

/**
 * The whole report in `format` as UTF-8 chunks: the head at once, then one chunk per batch of lines
 * (and a separator between two), then the summary. `return()` ends the source's read.
 */
export async function* reportBytes(report: WritableReport, format: ReportFormat): AsyncGenerator<Uint8Array> {
  const f = REPORT_FORMATS[format];
  const separator = te.encode(f.separator);
  yield te.encode(f.head(report.meta));
  let first = true;
  for await (const piece of report.pieces(format, { bytes: true })) {
    if (piece.bytes !== undefined) {
      if (!first && separator.length > 0) yield separator;
      yield piece.bytes;
    } else yield bytesOf(first ? piece.text : f.separator + piece.text, piece.ascii);
    first = false;
  }
  yield te.encode(f.foot(report.summary()));
}
