import SQLite from "better-sqlite3";
import { lastOnOrBefore } from "../domain/parity/parity-index";
import {
  LINE,
  MATCHED,
  type MatchedLineBatch,
  type MedicalLineTuple,
  quoteIdsOf,
  REPORT_BATCH,
  type TariffTerms,
} from "./report-lines";

/**
 * The parity report's source of medical lines on the embedded default (a SQLite FILE): wired by
 * `buildNodeDeps` (src/entry/node-deps.ts) as `AppDeps.reportLines`, through
 * `sqliteParityLineSource` (parity-lines-threaded.ts, which reads on a thread of its own), when
 * the database handle has a file. Postgres, D1 and in-memory databases use `medicalLineBatches`
 * (quotes-repo) instead.
 *
 * Why: through Kysely's SqliteDriver the app has ONE connection behind a mutex; a report read
 * there competes with every other request for it, and pays for one object per row and one await
 * per row. This reader:
 * - opens its OWN read-only connection on the same file, for the life of one report (WAL: readers
 *   never block the writer, and the writer never blocks them). The app's connection is untouched;
 * - reads one consistent snapshot: statuses and lines in one read transaction;
 * - reads rows as arrays (`.raw()`) through the covering index `quote_lines_report_cover_idx`
 *   (no sort, no visit to the table), one keyset query per batch (`.all()`: one call into SQLite
 *   per batch, not one per row);
 * - reads the statuses of each batch's quotes in one query (`id in json_each(?)`), keeping those
 *   of the previous batch (a quote's lines are on nearby days, so mostly in the same or the next
 *   batch), instead of joining `quotes` per line (a probe per line, measured slower). Each step
 *   is bounded by the batch, however many quotes the hospital has: an earlier version loaded all
 *   of the hospital's statuses into a Map first, one synchronous step of ~1 s for 250,000 quotes
 *   that blocked the event loop and grew with the hospital's history rather than the report.
 *
 * The snapshot has a cost too: while a report is open, SQLite cannot reset the WAL past it, so the
 * WAL grows with the writes made meanwhile until the report ends (or its client goes away).
 *
 * Same rows, same order (service_date, quote_id, line_no) as `medicalLineBatches`.
 */

/** The last two are the quote's status and valid_until, filled in afterwards: selected as nulls so each row has room for them. */
const COLUMNS =
  "quote_id, line_no, code, department_code, service_class, service_date, quantity, unit_price, line_total, null, null";
const ORDER = "order by service_date, quote_id, line_no limit ?";

/** The first batch. */
const FIRST_SQL = `select ${COLUMNS} from quote_lines where hospital_id = ? and service_date >= ? and service_date <= ? ${ORDER}`;

/**
 * The next batch, after the last line read (date d, quote q, line n). The range starts at d, so
 * SQLite seeks straight to it in the index and skips only the lines of day d already read; a
 * row value over all three columns, or one after `hospital_id = ?`, is not used for the seek and
 * would rescan from `from` on every batch.
 */
const NEXT_SQL = `select ${COLUMNS} from quote_lines
   where hospital_id = ? and service_date >= ? and service_date <= ? and (service_date > ? or (quote_id, line_no) > (?, ?)) ${ORDER}`;

const QUOTES_SQL = "select id, status, valid_until from quotes where id in (select value from json_each(?))";

type QuoteState = [status: string, validUntil: string];

/** Nothing but ASCII. */
const ASCII = /^[\u0000-\u007f]*$/;
/** Quote ids (joined by NUL) that need no escaping in CSV or JSON: printable ASCII but `"`, `,` and `\`. */
const PLAIN = /^[\u0000\u0020\u0021\u0023-\u002b\u002d-\u005b\u005d-\u007e]*$/;
/** Quote statuses read per step when they are read into a dictionary (about 10 ms of adding each). */
const STATUS_CHUNK = 8_192;
const MISSING: QuoteState = ["", ""];

/**
 * The hospital's medical lines with a service date in [from, to], in report order, in batches of at
 * most `batchSize`, read on a dedicated read-only connection to the database `file` that lives as
 * long as the generator (close it with `.return()` when a client goes away). Each batch is one
 * `.all()` of a keyset query and one query for its quotes' statuses, within one read transaction:
 * statuses and lines come from one snapshot, however long the client takes.
 */
export function* parityLineBatches(
  file: string,
  hospitalId: string,
  from: string,
  to: string,
  batchSize = REPORT_BATCH,
): Generator<MedicalLineTuple[], void, undefined> {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    db.exec("begin");
    const first = db.prepare(FIRST_SQL).raw(true);
    const next = db.prepare(NEXT_SQL).raw(true);
    const statuses = db.prepare(QUOTES_SQL).raw(true);
    let previous = new Map<string, QuoteState>();
    let batch = first.all(hospitalId, from, to, batchSize) as MedicalLineTuple[];
    while (batch.length > 0) {
      const current = new Map<string, QuoteState>();
      const missing: string[] = [];
      for (let i = 0; i < batch.length; i++) {
        const id = batch[i]![LINE.quoteId];
        if (current.has(id)) continue;
        const known = previous.get(id);
        current.set(id, known ?? MISSING);
        if (known === undefined) missing.push(id);
      }
      if (missing.length > 0) {
        for (const [id, status, validUntil] of statuses.all(JSON.stringify(missing)) as [string, string, string][])
          current.set(id, [status, validUntil]);
      }
      for (let i = 0; i < batch.length; i++) {
        const row = batch[i]!;
        const q = current.get(row[LINE.quoteId])!;
        row[LINE.quoteStatus] = q[0];
        row[LINE.quoteValidUntil] = q[1];
      }
      previous = current;
      yield batch;
      if (batch.length < batchSize) return;
      const last = batch[batch.length - 1]!;
      const date = last[LINE.serviceDate];
      batch = next.all(
        hospitalId,
        date,
        to,
        date,
        last[LINE.quoteId],
        last[LINE.lineNo],
        batchSize,
      ) as MedicalLineTuple[];
    }
  } finally {
    db.close();
  }
}

/**
 * The same lines as `parityLineBatches`, matched against the tariff inside SQLite (see
 * `MatchedLineBatch`): what makes the report fast on the embedded default. Reading a row into
 * JavaScript costs far more than SQLite's own work (an array and a value per column), so a batch
 * is ONE row: the quote ids joined by NUL, and one number per line. The tariff's items go into a
 * temporary table of this connection (it is private to the report, and so is the table); a line
 * joins its item of the version in force on the batch's day, and the comparison with the item's
 * price is made there. Lines that do not match exactly are read whole, by rowid, as the other
 * reader reads them: the caller judges those itself.
 *
 * A batch holds one service date (at most `batchSize` lines of it; a busier day takes several
 * batches, by keyset on (quote_id, line_no)). The days come from the index one at a time. All in
 * one read transaction: one snapshot, as `parityLineBatches`.
 *
 * Quote statuses: at first each line joins its quote inside SQLite (an index probe per line, about
 * 0.6 µs, the largest part of SQLite's work here). Once the report has read a quarter as many
 * lines as the hospital has quotes (a count bounded by the lines read, so a short report on a long
 * history never counts that history), the statuses of ALL the hospital's quotes are read into a
 * dictionary instead (`QuoteStatuses`; through `quotes_hospital_status_cover_idx`, about 0.5 µs
 * per quote; in chunks, with an empty batch after each chunk so the caller's event loop turns) and
 * the lines' query no longer joins `quotes`. That load grows with the hospital's history, not with
 * the report, hence the switch only once the report has spent on probes a fair share of what the
 * load costs: a short report on a long history never pays for it, and a long one pays at most a
 * few tens of percent more than the cheaper strategy alone.
 *
 * This is `matchedLineReads` with the statuses added to its batches here; the reading thread runs
 * `matchedLineReads` and leaves that step to the main thread (parity-lines-threaded.ts).
 */
export function* matchedLineBatches(
  file: string,
  hospitalId: string,
  from: string,
  to: string,
  terms: TariffTerms,
  batchSize = REPORT_BATCH,
  statusesPerStep = STATUS_CHUNK,
): Generator<MatchedLineBatch, void, undefined> {
  const statuses = new QuoteStatuses(terms);
  for (const read of matchedLineReads(file, hospitalId, from, to, terms, batchSize, statusesPerStep)) {
    const batch = statuses.batchOf(read);
    // An empty batch after each chunk of statuses: a turn of the caller's event loop.
    yield batch ?? {
      serviceDate: "",
      lines: [],
      quoteIds: [],
      quoteIdsAscii: true,
      quoteIdsPlain: true,
      others: new Map(),
    };
  }
}

/**
 * What `matchedLineReads` reads: a batch, or a chunk of the hospital's quote statuses. A batch
 * read once the statuses are being loaded has no status bits on its matched lines yet, and comes
 * with `unresolved`, what `QuoteStatuses` (given every chunk first) needs to add them.
 */
export type MatchedRead = { batch: MatchedLineBatch; unresolved?: Unresolved } | { statuses: StatusChunk };

/**
 * A batch's lines against the previous batch that had this too. Both batches' quote ids are sorted
 * and a quote's lines are mostly on nearby days (a stay's nights, its treatments): a merge finds
 * most of them in the previous batch with a comparison or two, cheaper than a lookup in the large
 * dictionary of statuses, which answers the rest (and any id the merge misses, so the answer never
 * depends on the order of the two). The reader makes the merge, which needs only the ids.
 */
export interface Unresolved {
  /** Per line: the position of its quote id in the previous batch; -2 the previous line's; -1 neither. */
  refs: Int32Array;
  /** The quote ids of the lines whose ref is -1, in order. */
  misses: string[];
}

/** `Unresolved` for a batch's quote ids, against the previous batch's. */
function unresolvedOf(quoteIds: readonly string[], prevIds: readonly string[]): Unresolved {
  const refs = new Int32Array(quoteIds.length);
  const misses: string[] = [];
  let j = 0;
  for (let i = 0; i < quoteIds.length; i++) {
    const id = quoteIds[i]!;
    if (i > 0 && id === quoteIds[i - 1]) {
      refs[i] = -2;
      continue;
    }
    while (j < prevIds.length && prevIds[j]! < id) j++;
    if (j < prevIds.length && prevIds[j] === id) refs[i] = j;
    else {
      refs[i] = -1;
      misses.push(id);
    }
  }
  return { refs, misses };
}

/** The statuses of some of the hospital's quotes, in the matched query's codes. */
export interface StatusChunk {
  /** The quotes' ids joined by NUL (when none holds a NUL), else `ids`. */
  idsText?: string;
  ids?: string[];
  /** One digit per id: 0 open, 1 expired (open past valid_until at the report's time), 2 withdrawn, 3 any other. */
  codes: string;
  /** Each quote of code 3: its status and valid_until as stored. */
  odd: [id: string, status: unknown, validUntil: unknown][];
}

/**
 * The quotes' statuses as a report reads them in chunks, and what adds them to a statusless batch.
 * It holds no connection: the reading thread sends it the chunks, and the main thread uses it.
 */
export class QuoteStatuses {
  /**
   * A dictionary object, not a Map: with 10^5 and more keys, looking up a fresh string (split from
   * a batch's ids) is about twice as fast in V8.
   */
  private readonly codeOf = Object.create(null) as Record<string, number>;
  private readonly odd = new Map<string, QuoteState>();
  /** The codes of the previous unresolved batch's lines (-1: no such quote). */
  private prevCodes: number[] = [];
  private readonly itemCount: number;

  constructor(private readonly terms: TariffTerms) {
    this.itemCount = Math.max(terms.items.length, 1);
  }

  /** A chunk is remembered (undefined); a batch comes back, with its statuses when it had none. */
  batchOf(read: MatchedRead): MatchedLineBatch | undefined {
    if ("statuses" in read) {
      this.add(read.statuses);
      return undefined;
    }
    if (read.unresolved !== undefined) this.resolve(read.batch, read.unresolved);
    return read.batch;
  }

  private add(chunk: StatusChunk) {
    const ids = chunk.ids ?? chunk.idsText!.split("\u0000");
    const { codes } = chunk;
    for (let i = 0; i < ids.length; i++) this.codeOf[ids[i]!] = codes.charCodeAt(i) - 48;
    for (const [id, status, validUntil] of chunk.odd) this.odd.set(id, [status as string, validUntil as string]);
  }

  /**
   * The status bits of an unresolved batch's matched lines. A matched line of a quote with another
   * status, or of no quote, becomes a whole line (in `others`), rebuilt from its item: it matched
   * the item exactly, so its stored values are the item's.
   */
  private resolve(batch: MatchedLineBatch, { refs, misses }: Unresolved) {
    const { lines } = batch;
    const count = lines.length;
    const { prevCodes, codeOf } = this;
    const codes = new Array<number>(count);
    let miss = 0;
    let quoteIds: string[] | undefined;
    for (let i = 0; i < count; i++) {
      const ref = refs[i]!;
      let code = ref === -2 ? codes[i - 1]! : ref >= 0 ? prevCodes[ref]! : -1;
      if (code < 0) code = codeOf[ref === -1 ? misses[miss++]! : (quoteIds ??= quoteIdsOf(batch))[i]!] ?? -1;
      codes[i] = code;
      const v = lines[i]!;
      if (v < 0) continue;
      if (code >= 0 && code < 3) lines[i] = v + code;
      else {
        batch.others.set(i, this.whole((quoteIds ??= quoteIdsOf(batch))[i]!, v, batch.serviceDate, code));
        lines[i] = -1;
      }
    }
    this.prevCodes = codes;
  }

  /** A matched line whole, as `select ${COLUMNS}` reads it, with its quote's stored status (none: ""). */
  private whole(quoteId: string, packed: number, serviceDate: string, code: number): MedicalLineTuple {
    const { item: id, quantity, lineNo } = MATCHED.unpack(packed, this.itemCount);
    const item = this.terms.items[id]!;
    const [status, validUntil] = code === 3 ? (this.odd.get(quoteId) ?? MISSING) : MISSING;
    return [
      quoteId,
      lineNo,
      item.code,
      item.department,
      item.serviceClass,
      serviceDate,
      quantity,
      item.unitPrice,
      item.unitPrice * quantity,
      status,
      validUntil,
    ];
  }
}

/**
 * What `matchedLineBatches` reads, before the statuses loaded in chunks are added to the batches
 * read after them (see `MatchedRead`): what the reading thread runs, so that the main thread does
 * that part of the work.
 */
export function* matchedLineReads(
  file: string,
  hospitalId: string,
  from: string,
  to: string,
  terms: TariffTerms,
  batchSize = REPORT_BATCH,
  statusesPerStep = STATUS_CHUNK,
): Generator<MatchedRead, void, undefined> {
  const items = terms.items;
  const n = Math.max(items.length, 1);
  // Too many items to pack a line in one number: every batch is read whole.
  const packable = items.length <= MATCHED.itemLimit;
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    // Each line looks up its quote: a page cache that holds the quotes' index saves re-reading it.
    db.pragma("cache_size = -131072");
    // Each report's connection starts with a cold page cache and reads every page of the day range
    // once: mapped, SQLite reads them in place instead of a read() per page (~0.05 s per 1M lines).
    // Read-only; a snapshot stays valid while mapped (WAL: nothing shrinks the file under a reader).
    db.pragma("mmap_size = 1073741824");
    // The connection's own temporary schema: the read-only main database is untouched.
    db.exec(
      "create temp table parity_items (entry integer not null, code text not null, department text not null, service_class text not null, id integer not null, unit_price integer not null, primary key (entry, code, department, service_class)) without rowid",
    );
    const insert = db.prepare("insert or ignore into temp.parity_items values (?, ?, ?, ?, ?, ?)");
    db.transaction(() => {
      items.forEach((item, id) => {
        // Only prices whose products with any packed quantity stay exact; lines of other items are read whole.
        if (Number.isSafeInteger(item.unitPrice) && item.unitPrice >= 0 && item.unitPrice < MATCHED.priceLimit) {
          insert.run(item.entry, item.code, item.department, item.serviceClass, id, item.unitPrice);
        }
      });
    })();
    db.exec("begin");
    // `order by … limit 1`, not min(): one seek in the index (min() over this range visited the day's entries).
    const firstDay = db
      .prepare(
        "select service_date from quote_lines where hospital_id = ? and service_date >= ? and service_date <= ? order by service_date limit 1",
      )
      .pluck(true);
    const nextDay = db
      .prepare(
        "select service_date from quote_lines where hospital_id = ? and service_date > ? and service_date <= ? order by service_date limit 1",
      )
      .pluck(true);
    // Bit masks check range and integrality at once: (x & mask) = x only for an integer in [0, mask]
    // (or a real with such a value, which JavaScript reads as that same integer); the packed number
    // is computed from the masked, integer values. The last 2 bits are the quote's status as the
    // report shows it: 0 open, 1 expired (open, valid_until before the report's time), 2 withdrawn;
    // any other status, or no quote, and the line is read whole.
    const base = `(((l.line_no & ${MATCHED.lineNoMask}) * ${MATCHED.quantityMask + 1} + (l.quantity & ${MATCHED.quantityMask})) * ${n} + t.id) * 4`;
    // The prices first: SQLite stops at the first false term, and a line without an item stops at once.
    const exact = `l.unit_price = t.unit_price and l.line_total = t.unit_price * l.quantity
                   and (l.line_no & ${MATCHED.lineNoMask}) = l.line_no and (l.quantity & ${MATCHED.quantityMask}) = l.quantity`;
    // Without the quotes' join: the status bits are 0 here, the caller adds its quote's (from `statuses`).
    const matchedAlone = (after: boolean) =>
      db
        .prepare(
          `select group_concat(m.quote_id, @nul), group_concat(m.packed), count(*)
             from (select l.quote_id, case when ${exact} then ${base} else -1 - l.rowid end as packed
                     from quote_lines l
                     left join temp.parity_items t on t.entry = @entry and t.code = l.code and t.department = l.department_code and t.service_class = l.service_class
                    where l.hospital_id = @hospitalId and l.service_date = @day${after ? " and (l.quote_id, l.line_no) > (@afterQuote, @afterLine)" : ""}
                    order by l.quote_id, l.line_no limit @limit) m`,
        )
        .raw(true);
    const matched = (after: boolean) =>
      db
        .prepare(
          // The joins run inside the ordered, limited scan (its order is the index's, so no sort):
          // the scan hands on two values per line instead of nine.
          `select group_concat(m.quote_id, @nul), group_concat(m.packed), count(*)
             from (select l.quote_id,
                          case when ${exact}
                               then (case when q.status = 'open' and typeof(q.valid_until) = 'text' then ${base} + (q.valid_until < @generatedAt)
                                          when q.status = 'expired' then ${base} + 1 when q.status = 'withdrawn' then ${base} + 2 else -1 - l.rowid end)
                               else -1 - l.rowid end as packed
                     from quote_lines l
                     left join temp.parity_items t on t.entry = @entry and t.code = l.code and t.department = l.department_code and t.service_class = l.service_class
                     left join quotes q on q.id = l.quote_id
                    where l.hospital_id = @hospitalId and l.service_date = @day${after ? " and (l.quote_id, l.line_no) > (@afterQuote, @afterLine)" : ""}
                    order by l.quote_id, l.line_no limit @limit) m`,
        )
        .raw(true);
    const matchedFirst = matched(false);
    const matchedNext = matched(true);
    const rawDay = (after: boolean) =>
      db
        .prepare(
          `select ${COLUMNS} from quote_lines where hospital_id = @hospitalId and service_date = @day${after ? " and (quote_id, line_no) > (@afterQuote, @afterLine)" : ""} order by quote_id, line_no limit @limit`,
        )
        .raw(true);
    const rawFirst = rawDay(false);
    const rawNext = rawDay(true);
    const byRowid = db.prepare(`select ${COLUMNS} from quote_lines where rowid = ?`).raw(true);
    const statuses = db.prepare(QUOTES_SQL).raw(true);
    const aloneFirst = matchedAlone(false);
    const aloneNext = matchedAlone(true);

    // The statuses of all the hospital's quotes, as the matched query computes them (0 open, 1
    // expired, 2 withdrawn; 3: any other, so its lines are read whole), read in chunks by id.
    // Counting the hospital's quotes would cost as much as its whole history, whatever the window:
    // the count stops at `limit`, and is asked again only each time the lines read have doubled,
    // so what it costs in all stays within a few times the lines the report reads.
    const quotesUpTo = db
      .prepare("select count(*) from (select 1 from quotes where hospital_id = ? limit ?)")
      .pluck(true);
    /** The hospital's quote count once known to be at most what the lines read justify (-1: more, so far). */
    let quoteCount = -1;
    let nextCount = 0;
    const statusChunk = db
      .prepare(
        `select group_concat(c.id, @nul), group_concat(c.code, ''), count(*), max(c.id)
           from (select id, case when status = 'open' and typeof(valid_until) = 'text' then (valid_until < @generatedAt)
                                 when status = 'expired' then 1 when status = 'withdrawn' then 2 else 3 end as code
                   from quotes where hospital_id = @hospitalId and id > @after order by id limit @limit) c`,
      )
      .raw(true);
    const statusRows = db
      .prepare(
        `select id, case when status = 'open' and typeof(valid_until) = 'text' then (valid_until < @generatedAt)
                         when status = 'expired' then 1 when status = 'withdrawn' then 2 else 3 end
           from quotes where hospital_id = @hospitalId and id > @after order by id limit @limit`,
      )
      .raw(true);
    /** Whether the statuses are being loaded (the lines' query then no longer joins `quotes`). */
    let loaded = false;
    /** The quote ids of the previous unresolved batch. */
    let prevIds: string[] = [];
    let linesRead = 0;

    for (
      let day = firstDay.get(hospitalId, from, to) as string | undefined;
      day !== null && day !== undefined;
      day = nextDay.get(hospitalId, day, to) as string | undefined
    ) {
      if (!loaded && packable && quoteCount < 0 && linesRead * 4 >= nextCount) {
        const n = quotesUpTo.get(hospitalId, linesRead * 4 + 1) as number;
        if (n <= linesRead * 4) quoteCount = n;
        else nextCount = Math.max(1, linesRead * 8);
      }
      if (!loaded && packable && quoteCount >= 0 && linesRead * 4 >= quoteCount) {
        loaded = true;
        let after = "";
        for (;;) {
          const params = { hospitalId, after, limit: statusesPerStep, generatedAt: terms.generatedAt };
          const [ids, codes, count, last] = statusChunk.get({ ...params, nul: "\u0000" }) as [
            string | null,
            string | null,
            number,
            string | null,
          ];
          if (count === 0 || last === null) break;
          let chunk: StatusChunk;
          if (ids !== null && codes !== null && codes.length === count && ids.split("\u0000").length === count) {
            chunk = { idsText: ids, codes, odd: [] };
          } else {
            // An id holding a NUL: this chunk row by row.
            const rows = statusRows.all(params) as [string, number][];
            chunk = { ids: rows.map((r) => r[0]), codes: rows.map((r) => r[1]).join(""), odd: [] };
          }
          if (chunk.codes.includes("3")) {
            const ids = chunk.ids ?? chunk.idsText!.split("\u0000");
            const odd = ids.filter((_, i) => chunk.codes[i] === "3");
            chunk.odd = statuses.all(JSON.stringify(odd)) as StatusChunk["odd"];
          }
          yield { statuses: chunk };
          if (count < statusesPerStep) break;
          after = last;
        }
      }
      const entry = packable ? lastOnOrBefore(terms.inForceFrom, day) : -1;
      let after: { afterQuote: unknown; afterLine: unknown } | undefined;
      for (;;) {
        const params = { hospitalId, day, limit: batchSize, ...after };
        const batch: MatchedLineBatch = {
          serviceDate: day,
          lines: [],
          quoteIds: [],
          quoteIdsAscii: false,
          quoteIdsPlain: false,
          others: new Map(),
        };
        let whole: MedicalLineTuple[] | undefined;
        if (entry >= 0) {
          const query = !loaded
            ? after === undefined
              ? matchedFirst
              : matchedNext
            : after === undefined
              ? aloneFirst
              : aloneNext;
          const [ids, packed, count] = query.get({
            ...params,
            entry,
            generatedAt: terms.generatedAt,
            nul: "\u0000",
          }) as [string | null, string | null, number];
          if (count === 0) break;
          const quoteIds = ids === null ? [] : ids.split("\u0000");
          // A quote id holding a NUL would split in two: then the batch is read whole (so it is if,
          // against expectation, a line's number were missing).
          const lines = packed === null ? [] : (JSON.parse(`[${packed}]`) as number[]);
          if (quoteIds.length === count && lines.length === count) {
            batch.quoteIds = quoteIds;
            batch.quoteIdsAscii = ASCII.test(ids!);
            batch.quoteIdsPlain = PLAIN.test(ids!);
            if (batch.quoteIdsPlain) batch.quoteIdsText = ids!;
            batch.lines = lines;
          } else whole = (after === undefined ? rawFirst : rawNext).all(params) as MedicalLineTuple[];
        } else whole = (after === undefined ? rawFirst : rawNext).all(params) as MedicalLineTuple[];
        if (whole !== undefined) {
          if (whole.length === 0) break;
          batch.lines = new Array<number>(whole.length).fill(-1);
          batch.quoteIds = new Array<string>(whole.length).fill("");
          whole.forEach((row, i) => batch.others.set(i, row));
        } else {
          for (let i = 0; i < batch.lines.length; i++) {
            const v = batch.lines[i]!;
            if (v >= 0 || batch.others.has(i)) continue;
            batch.others.set(i, byRowid.get(-1 - v) as MedicalLineTuple);
            batch.lines[i] = -1;
          }
        }
        // The other lines' quotes: status and valid_until, as parityLineBatches reads them.
        if (batch.others.size > 0) {
          const ids = [...new Set([...batch.others.values()].map((row) => row[LINE.quoteId]))];
          const found = new Map<unknown, QuoteState>();
          for (const [id, s, validUntil] of statuses.all(JSON.stringify(ids)) as [unknown, string, string][])
            found.set(id, [s, validUntil]);
          for (const row of batch.others.values()) {
            const q = found.get(row[LINE.quoteId]) ?? MISSING;
            row[LINE.quoteStatus] = q[0];
            row[LINE.quoteValidUntil] = q[1];
          }
        }
        if (loaded && whole === undefined) {
          yield { batch, unresolved: unresolvedOf(batch.quoteIds, prevIds) };
          prevIds = batch.quoteIds;
        } else yield { batch };
        const count = batch.lines.length;
        linesRead += count;
        if (count < batchSize) break;
        const last = count - 1;
        const other = batch.others.get(last);
        after =
          other === undefined
            ? { afterQuote: batch.quoteIds[last], afterLine: MATCHED.unpack(batch.lines[last]!, n).lineNo }
            : { afterQuote: other[LINE.quoteId], afterLine: other[LINE.lineNo] };
      }
    }
  } finally {
    db.close();
  }
}
