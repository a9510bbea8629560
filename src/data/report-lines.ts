/**
 * Where the parity report reads its lines: one interface, `ReportLineSource`, and what its sources
 * deliver. Its implementations: `keysetLineSource` (parity-lines-keyset.ts, every dialect, through
 * Kysely), `sqliteLineSource` (parity-lines-sqlite.ts, lines matched against the tariff inside
 * SQLite on a connection of the report's own) and `threadedLineSource` (parity-lines-threaded.ts,
 * the same read on a thread of its own: what the embedded default wires). Types and packing only,
 * no database library, so the reading thread loads nothing it does not use (importing kysely alone
 * takes a new thread about 0.1 s).
 */

/**
 * One medical line of the parity report as an array (positions in `LINE`): read in bulk, one
 * small array per line instead of an object. The quote's status and valid_until come along so
 * the report can tell an expired quote from an open one.
 */
export type MedicalLineTuple = [
  quoteId: string,
  lineNo: number,
  code: string,
  department: string,
  serviceClass: string,
  serviceDate: string,
  quantity: number,
  unitPrice: number,
  lineTotal: number,
  quoteStatus: string,
  quoteValidUntil: string,
];

export const LINE = {
  quoteId: 0,
  lineNo: 1,
  code: 2,
  department: 3,
  serviceClass: 4,
  serviceDate: 5,
  quantity: 6,
  unitPrice: 7,
  lineTotal: 8,
  quoteStatus: 9,
  quoteValidUntil: 10,
} as const;

/**
 * The tariff items a matched source compares stored lines with: item `i` of `items` is id `i`.
 * `entry` groups items by version; group `e` is in force from `inForceFrom[e]` (ascending) until a
 * later group starts, so the group in force on a date is `lastOnOrBefore(inForceFrom, date)` (-1:
 * none). Plain data: a source may hand the terms to another thread.
 */
export interface TariffTerms {
  items: readonly { entry: number; code: string; department: string; serviceClass: string; unitPrice: number }[];
  inForceFrom: readonly string[];
  /** The report's time (ISO): an open quote whose valid_until is before it shows as expired. */
  generatedAt: string;
}

/**
 * One batch of report lines, all on one service date, in report order. Most lines are stored
 * exactly at parity with an item of the version in force (code, department and class equal to it,
 * unit price equal to its price, line total equal to price × quantity, quantity and line number
 * small non-negative integers) and belong to a quote whose status is open, expired or withdrawn.
 * Such a line comes as one number (see `MATCHED`), and its quote id in `quoteIds`. Every
 * other line (any difference at all, or a value of an unexpected type) comes whole, as read, with
 * its quote's status, in `others` at its position; its number in `lines` is -1.
 */
export interface MatchedLineBatch {
  serviceDate: string;
  lines: number[] | Float64Array;
  /**
   * The quote id of each matched line (position as in `lines`). Empty when `quoteIdsText` holds
   * them (a batch from the reading thread, which sends one string rather than thousands): see
   * `quoteIdsOf`.
   */
  quoteIds: string[];
  /** Every one of `quoteIds` is ASCII. */
  quoteIdsAscii: boolean;
  /** Every one of `quoteIds` is printable ASCII but `"`, `,` and `\`: written as is in CSV and in a JSON string. */
  quoteIdsPlain?: boolean;
  /** When `quoteIdsPlain`: `quoteIds` joined by NUL, as read (so they can be encoded in one step). */
  quoteIdsText?: string;
  others: Map<number, MedicalLineTuple>;
}

/** A batch's quote ids, one per line. */
export const quoteIdsOf = (batch: MatchedLineBatch): string[] =>
  batch.quoteIds.length === 0 && batch.lines.length > 0 && batch.quoteIdsText !== undefined
    ? batch.quoteIdsText.split("\u0000")
    : batch.quoteIds;

/**
 * A batch of report lines in report order: whole lines (`rows`, judged by the report) or lines
 * matched against the tariff by the source (`matched`).
 */
export type LineBatch =
  | { rows: MedicalLineTuple[]; matched?: undefined }
  | { matched: MatchedLineBatch; rows?: undefined };

/** Where the parity report reads its lines from (see the module's comment). */
export interface ReportLineSource {
  /**
   * The hospital's medical lines with a service date in [from, to], in report order (service
   * date, quote id, line number), each with its quote's status and valid_until. `terms` are what
   * a source that matches lines itself compares them with; a source that does not ignores them.
   * A consumer that stops early calls `return()` on the iterator, which ends the source's read.
   */
  batches(hospitalId: string, from: string, to: string, terms: TariffTerms): AsyncIterable<LineBatch>;
}

/**
 * A matched line as one safe integer: (((lineNo × 2^14 + quantity) × items + item id) × 4 + status),
 * status 0 open, 1 expired (open past valid_until at the report's time), 2 withdrawn. Packed by the
 * SQLite reader's query (and its status bits by `QuoteStatuses`); unpacked by `MatchedFields` only.
 */
export const MATCHED = {
  lineNoMask: 2 ** 20 - 1,
  quantityMask: 2 ** 14 - 1,
  /** unit price < 2^39, so price × quantity < 2^53 */
  priceLimit: 2 ** 39,
  /** At most this many items, so the packed number stays below 2^53. */
  itemLimit: 2 ** 17 - 1,
  statuses: ["open", "expired", "withdrawn"] as const,
} as const;

const QUANTITY_BASE = MATCHED.quantityMask + 1;

/**
 * The fields of a matched line's number: `read(packed)` sets them, with no allocation per line (the
 * report's hot loop reads millions). `items` is the number of tariff items the lines were matched
 * with (at least 1).
 */
export class MatchedFields {
  status = 0;
  item = 0;
  quantity = 0;
  lineNo = 0;
  constructor(private readonly items: number) {}

  read(packed: number): this {
    const status = packed % 4;
    const rest = (packed - status) / 4;
    const item = rest % this.items;
    const lineQuantity = (rest - item) / this.items;
    const quantity = lineQuantity % QUANTITY_BASE;
    this.status = status;
    this.item = item;
    this.quantity = quantity;
    this.lineNo = (lineQuantity - quantity) / QUANTITY_BASE;
    return this;
  }
}

export const REPORT_BATCH = 4096;
