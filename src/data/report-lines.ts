/**
 * The parity report's lines as its sources deliver them (keyset batches on every dialect, the
 * embedded reader on a SQLite file, its reading thread): types and packing only, no database
 * library, so the reading thread loads nothing it does not use (importing kysely alone takes a
 * new thread about 0.1 s).
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
 * Where the parity report reads its lines from: batches in report order (see `medicalLineBatches`).
 * A source may also read them pre-matched against the tariff (`matched`, see `MatchedLineBatch`).
 */
export type MedicalLineSource = ((
  hospitalId: string,
  from: string,
  to: string,
) => AsyncIterable<MedicalLineTuple[]>) & {
  matched?: MatchedLineSource;
};

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
  /** Every one of `quoteIds` is printable ASCII without `"`, `,` or `\`: written as is in CSV and in a JSON string. */
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

export type MatchedLineSource = (
  hospitalId: string,
  from: string,
  to: string,
  terms: TariffTerms,
) => AsyncIterable<MatchedLineBatch>;

/**
 * A matched line as one safe integer: (((lineNo × 2^14 + quantity) × items + item id) × 4 + status),
 * status 0 open, 1 expired (open past valid_until at the report's time), 2 withdrawn.
 */
export const MATCHED = {
  lineNoMask: 2 ** 20 - 1,
  quantityMask: 2 ** 14 - 1,
  /** unit price < 2^39, so price × quantity < 2^53 */
  priceLimit: 2 ** 39,
  /** At most this many items, so the packed number stays below 2^53. */
  itemLimit: 2 ** 17 - 1,
  statuses: ["open", "expired", "withdrawn"] as const,
  unpack(packed: number, items: number) {
    const status = packed % 4;
    const rest = (packed - status) / 4;
    const item = rest % items;
    const lineQuantity = (rest - item) / items;
    const quantity = lineQuantity % 16_384;
    return { status, item, quantity, lineNo: (lineQuantity - quantity) / 16_384 };
  },
} as const;

export const REPORT_BATCH = 4096;
