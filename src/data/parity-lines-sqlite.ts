import SQLite from "better-sqlite3";
import { lastOnOrBefore } from "../domain/parity/parity-index";
import {
  loadStatuses,
  type MatchedRead,
  MISSING,
  type QuoteState,
  QuoteStatuses,
  StatusSwitch,
  statusStatements,
  unresolvedOf,
} from "./parity-lines-statuses";
import {
  LINE,
  MATCHED,
  MatchedFields,
  type MatchedLineBatch,
  type MedicalLineTuple,
  REPORT_BATCH,
  type ReportLineSource,
  type TariffTerms,
} from "./report-lines";

/**
 * The parity report's lines on the embedded default (a SQLite FILE), matched against the tariff
 * inside SQLite: `sqliteLineSource`, and `threadedLineSource` (parity-lines-threaded.ts) which runs
 * the same read on a thread of its own. Postgres, D1 and in-memory databases use `keysetLineSource`.
 *
 * Why: through Kysely's SqliteDriver the app has ONE connection behind a mutex; a report read there
 * competes with every other request for it, and pays for one object per row and one await per row.
 * This reader:
 * - opens its OWN read-only connection on the same file, for the life of one report (WAL: readers
 *   never block the writer, and the writer never blocks them). The app's connection is untouched;
 * - reads one consistent snapshot: statuses and lines in one read transaction;
 * - reads through the covering index `quote_lines_report_cover_idx` (no sort, no visit to the table);
 * - reads a batch as ONE row: reading a row into JavaScript costs far more than SQLite's own work
 *   (an array and a value per column), so the row holds the quote ids joined by NUL and one number
 *   per line (see `MatchedLineBatch`). The tariff's items go into a temporary table of this
 *   connection (private to the report); a line joins its item of the version in force on the
 *   batch's day, and the comparison with the item's price is made there. Lines that do not match
 *   exactly are read whole, by rowid: the report judges those itself.
 *
 * A batch holds one service date (at most `batchSize` lines of it; a busier day takes several
 * batches, by keyset on (quote_id, line_no)). The days come from the index one at a time.
 *
 * Quote statuses: at first each line joins its quote inside SQLite (an index probe per line, about
 * 0.6 µs, the largest part of SQLite's work here). Once the report has read a quarter as many lines
 * as the hospital has quotes, the statuses of ALL the hospital's quotes are read into a dictionary
 * instead (parity-lines-statuses.ts) and from then on the lines' query does not join
 * `quotes`. That load grows with the hospital's history, not with the report, hence the switch only
 * once the report has spent on probes a fair share of what the load costs.
 *
 * The snapshot has a cost too: while a report is open, SQLite cannot reset the WAL past it, so the
 * WAL grows with the writes made meanwhile until the report ends (or its client goes away).
 *
 * Same rows, same order (service_date, quote_id, line_no) as `medicalLineBatches`.
 */

/** The last two are the quote's status and valid_until, filled in afterwards: selected as nulls to make room. */
const COLUMNS =
  "quote_id, line_no, code, department_code, service_class, service_date, quantity, unit_price, line_total, null, null";

export const QUOTES_SQL = "select id, status, valid_until from quotes where id in (select value from json_each(?))";

/** Nothing but ASCII. */
const ASCII = /^[\u0000-\u007f]*$/;
/** Quote ids (joined by NUL) that need no escaping in CSV or JSON: printable ASCII but `"`, `,` and `\`. */
const PLAIN = /^[\u0000\u0020\u0021\u0023-\u002b\u002d-\u005b\u005d-\u007e]*$/;
/** Quote statuses read per step when they are read into a dictionary (about 10 ms of adding each). */
const STATUS_CHUNK = 8_192;

type Statement = SQLite.Statement;
/** A statement for a day's first batch and one for the next, after a keyset position. */
type FirstNext = [first: Statement, next: Statement];

/** One report's connection: read-only, the tariff's items in a temporary table, one read transaction. */
function openReport(file: string, items: TariffTerms["items"]): SQLite.Database {
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
      "create temp table parity_items (entry integer not null, code text not null, department text not null, " +
        "service_class text not null, id integer not null, unit_price integer not null, " +
        "primary key (entry, code, department, service_class)) without rowid",
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
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** One day's lines (columns prefixed by `l.` when given), from its start or after a keyset position. */
const dayWhere = (after: boolean, l = "") =>
  `${l}hospital_id = @hospitalId and ${l}service_date = @day` +
  (after ? ` and (${l}quote_id, ${l}line_no) > (@afterQuote, @afterLine)` : "");

/**
 * The matched queries: with the quotes' join (`joined`) and without it (`alone`, once the statuses
 * are loaded: the status bits are 0 there, and `QuoteStatuses` adds its quote's).
 */
function matchedStatements(db: SQLite.Database, n: number): { joined: FirstNext; alone: FirstNext } {
  // Bit masks check range and integrality at once: (x & mask) = x only for an integer in [0, mask]
  // (or a real with such a value, which JavaScript reads as that same integer); the packed number
  // is computed from the masked, integer values. The last 2 bits are the quote's status as the
  // report shows it: 0 open, 1 expired (open, valid_until before the report's time), 2 withdrawn;
  // any other status, or no quote, and the line is read whole.
  const { lineNoMask, quantityMask } = MATCHED;
  const lineQuantity = `(l.line_no & ${lineNoMask}) * ${quantityMask + 1} + (l.quantity & ${quantityMask})`;
  const base = `((${lineQuantity}) * ${n} + t.id) * 4`;
  // The prices first: SQLite stops at the first false term, and a line without an item stops at once.
  const exact = `l.unit_price = t.unit_price and l.line_total = t.unit_price * l.quantity
                 and (l.line_no & ${lineNoMask}) = l.line_no and (l.quantity & ${quantityMask}) = l.quantity`;
  const withStatus = `case when q.status = 'open' and typeof(q.valid_until) = 'text'
                                then ${base} + (q.valid_until < @generatedAt)
                           when q.status = 'expired' then ${base} + 1 when q.status = 'withdrawn' then ${base} + 2
                           else -1 - l.rowid end`;
  const item = `left join temp.parity_items t on t.entry = @entry and t.code = l.code
                  and t.department = l.department_code and t.service_class = l.service_class`;
  // The joins run inside the ordered, limited scan (its order is the index's, so no sort): the scan
  // hands on two values per line instead of nine.
  const query = (after: boolean, joined: boolean) =>
    db
      .prepare(
        `select group_concat(m.quote_id, @nul), group_concat(m.packed), count(*)
           from (select l.quote_id,
                        case when ${exact} then ${joined ? `(${withStatus})` : base} else -1 - l.rowid end as packed
                   from quote_lines l ${item}${joined ? " left join quotes q on q.id = l.quote_id" : ""}
                  where ${dayWhere(after, "l.")}
                  order by l.quote_id, l.line_no limit @limit) m`,
      )
      .raw(true);
  return { joined: [query(false, true), query(true, true)], alone: [query(false, false), query(true, false)] };
}

interface LineStatements {
  firstDay: Statement;
  nextDay: Statement;
  joined: FirstNext;
  alone: FirstNext;
  /** A day's lines read whole. */
  raw: FirstNext;
  byRowid: Statement;
  /** The status and valid_until of quotes by id (a JSON array). */
  statuses: Statement;
}

function lineStatements(db: SQLite.Database, n: number): LineStatements {
  // `order by … limit 1`, not min(): one seek in the index (min() over this range visited the day's entries).
  const day = (op: string) =>
    db
      .prepare(
        `select service_date from quote_lines where hospital_id = ? and service_date ${op} ? and service_date <= ? ` +
          "order by service_date limit 1",
      )
      .pluck(true);
  const raw = (after: boolean) =>
    db
      .prepare(`select ${COLUMNS} from quote_lines where ${dayWhere(after)} order by quote_id, line_no limit @limit`)
      .raw(true);
  return {
    firstDay: day(">="),
    nextDay: day(">"),
    ...matchedStatements(db, n),
    raw: [raw(false), raw(true)],
    byRowid: db.prepare(`select ${COLUMNS} from quote_lines where rowid = ?`).raw(true),
    statuses: db.prepare(QUOTES_SQL).raw(true),
  };
}

/** Where a batch reads from: the day, the keyset position, the version in force (-1: none or unpackable). */
interface BatchAt {
  hospitalId: string;
  day: string;
  batchSize: number;
  after: { afterQuote: unknown; afterLine: unknown } | undefined;
  entry: number;
  /** The statuses are loaded: the query does not join `quotes` any more for this report. */
  loaded: boolean;
  generatedAt: string;
}

const emptyBatch = (serviceDate: string): MatchedLineBatch => ({
  serviceDate,
  lines: [],
  quoteIds: [],
  quoteIdsAscii: false,
  quoteIdsPlain: false,
  others: new Map(),
});

/** The matched query's batch, or undefined when its row cannot be split as read (then the batch is read whole). */
function matchedBatch(st: LineStatements, at: BatchAt, params: object): MatchedLineBatch | "none" | undefined {
  const query = (at.loaded ? st.alone : st.joined)[at.after === undefined ? 0 : 1];
  const [ids, packed, count] = query.get({
    ...params,
    entry: at.entry,
    generatedAt: at.generatedAt,
    nul: "\u0000",
  }) as [string | null, string | null, number];
  if (count === 0) return "none";
  const quoteIds = ids === null ? [] : ids.split("\u0000");
  // A quote id holding a NUL would split in two: then the batch is read whole (so it is if, against
  // expectation, a line's number were missing).
  const lines = packed === null ? [] : (JSON.parse(`[${packed}]`) as number[]);
  if (quoteIds.length !== count || lines.length !== count) return undefined;
  const batch = emptyBatch(at.day);
  batch.quoteIds = quoteIds;
  batch.quoteIdsAscii = ASCII.test(ids!);
  batch.quoteIdsPlain = PLAIN.test(ids!);
  if (batch.quoteIdsPlain) batch.quoteIdsText = ids!;
  batch.lines = lines;
  // Lines that did not match: read whole, by rowid.
  for (let i = 0; i < lines.length; i++) {
    const v = lines[i]!;
    if (v >= 0 || batch.others.has(i)) continue;
    batch.others.set(i, st.byRowid.get(-1 - v) as MedicalLineTuple);
    lines[i] = -1;
  }
  return batch;
}

/** The other lines' quotes: status and valid_until, as the keyset source reads them. */
function addOtherStatuses(st: LineStatements, batch: MatchedLineBatch) {
  if (batch.others.size === 0) return;
  const ids = [...new Set([...batch.others.values()].map((row) => row[LINE.quoteId]))];
  const found = new Map<unknown, QuoteState>();
  for (const [id, s, validUntil] of st.statuses.all(JSON.stringify(ids)) as [unknown, string, string][])
    found.set(id, [s, validUntil]);
  for (const row of batch.others.values()) {
    const q = found.get(row[LINE.quoteId]) ?? MISSING;
    row[LINE.quoteStatus] = q[0];
    row[LINE.quoteValidUntil] = q[1];
  }
}

/** One batch of a day's lines (`whole`: every line read whole), or undefined when the day has no more. */
function readBatch(st: LineStatements, at: BatchAt): { batch: MatchedLineBatch; whole: boolean } | undefined {
  const params = { hospitalId: at.hospitalId, day: at.day, limit: at.batchSize, ...at.after };
  const matched = at.entry >= 0 ? matchedBatch(st, at, params) : undefined;
  if (matched === "none") return undefined;
  let batch = matched;
  if (batch === undefined) {
    const rows = st.raw[at.after === undefined ? 0 : 1].all(params) as MedicalLineTuple[];
    if (rows.length === 0) return undefined;
    batch = emptyBatch(at.day);
    batch.lines = new Array<number>(rows.length).fill(-1);
    batch.quoteIds = new Array<string>(rows.length).fill("");
    rows.forEach((row, i) => batch!.others.set(i, row));
  }
  addOtherStatuses(st, batch);
  return { batch, whole: matched === undefined };
}

/** Where the next batch of the day starts: after the batch's last line. */
function keyAfter(batch: MatchedLineBatch, fields: MatchedFields): BatchAt["after"] {
  const last = batch.lines.length - 1;
  const other = batch.others.get(last);
  return other === undefined
    ? { afterQuote: batch.quoteIds[last], afterLine: fields.read(batch.lines[last]!).lineNo }
    : { afterQuote: other[LINE.quoteId], afterLine: other[LINE.lineNo] };
}

/**
 * What `matchedLineBatches` reads, before the statuses loaded in chunks are added to the batches
 * read after them (see `MatchedRead`): what the reading thread runs, so that the main thread does
 * that part of the work. One connection, one read transaction: closed however the generator ends.
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
  const n = Math.max(terms.items.length, 1);
  // Too many items to pack a line in one number: every batch is read whole.
  const packable = terms.items.length <= MATCHED.itemLimit;
  const db = openReport(file, terms.items);
  try {
    const st = lineStatements(db, n);
    const ss = statusStatements(db);
    const statusSwitch = new StatusSwitch(ss, hospitalId);
    const fields = new MatchedFields(n);
    const generatedAt = terms.generatedAt;
    let loaded = false;
    /** The quote ids of the previous unresolved batch. */
    let prevIds: string[] = [];
    let linesRead = 0;
    for (
      let day = st.firstDay.get(hospitalId, from, to) as string | undefined;
      day !== null && day !== undefined;
      day = st.nextDay.get(hospitalId, day, to) as string | undefined
    ) {
      if (!loaded && packable && statusSwitch.due(linesRead)) {
        loaded = true;
        yield* loadStatuses(ss, st.statuses, { hospitalId, generatedAt, perStep: statusesPerStep });
      }
      const entry = packable ? lastOnOrBefore(terms.inForceFrom, day) : -1;
      const at: BatchAt = { hospitalId, day, batchSize, after: undefined, entry, loaded, generatedAt };
      for (let read = readBatch(st, at); read !== undefined; read = readBatch(st, at)) {
        const { batch } = read;
        if (loaded && !read.whole) {
          yield { batch, unresolved: unresolvedOf(batch.quoteIds, prevIds) };
          prevIds = batch.quoteIds;
        } else yield { batch };
        linesRead += batch.lines.length;
        if (batch.lines.length < batchSize) break;
        at.after = keyAfter(batch, fields);
      }
    }
  } finally {
    db.close();
  }
}

/**
 * The report's matched batches read on the calling thread: `matchedLineReads` with the statuses
 * added to its batches here. An empty batch follows each chunk of statuses (a turn of the caller's
 * event loop).
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
    yield batch ?? { ...emptyBatch(""), quoteIdsAscii: true, quoteIdsPlain: true };
  }
}

/** Lets the event loop run (I/O, timers, other requests) before the next batch is read. */
export const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The report's lines read on the calling thread (`matchedLineBatches`). A full event-loop turn
 * separates two batches, not just a microtask: a batch is read synchronously, and without the turn
 * a fast client would let the whole read run without other requests being served. Empty batches
 * are not passed on. `batchSize` and `statusesPerStep`: tests, so that batches end inside a day.
 */
export function sqliteLineSource(
  file: string,
  opts: { batchSize?: number; statusesPerStep?: number } = {},
): ReportLineSource {
  return {
    async *batches(hospitalId, from, to, terms) {
      const { batchSize, statusesPerStep } = opts;
      for (const batch of matchedLineBatches(file, hospitalId, from, to, terms, batchSize, statusesPerStep)) {
        if (batch.lines.length > 0) yield { matched: batch };
        await turn();
      }
    },
  };
}
