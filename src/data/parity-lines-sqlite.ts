import SQLite from "better-sqlite3";
import { lastOnOrBefore } from "../domain/pricing/medical";
import { LINE, MATCHED, type MatchedLineBatch, type MedicalLineTuple, REPORT_BATCH, type TariffTerms } from "./quotes-repo";

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
const COLUMNS = "quote_id, line_no, code, department_code, service_class, service_date, quantity, unit_price, line_total, null, null";
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
/** Quote statuses read per step when they are read into a Map. */
const STATUS_CHUNK = 32_768;
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
        for (const [id, status, validUntil] of statuses.all(JSON.stringify(missing)) as [string, string, string][]) current.set(id, [status, validUntil]);
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
      batch = next.all(hospitalId, date, to, date, last[LINE.quoteId], last[LINE.lineNo], batchSize) as MedicalLineTuple[];
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
 * lines as the hospital has quotes, the statuses of ALL the hospital's quotes are read into a Map
 * instead (through `quotes_hospital_status_cover_idx`, about 0.5 µs per quote; in chunks, with an
 * empty batch between chunks so the caller's event loop turns) and the lines' query no longer
 * joins `quotes`. That load grows with the hospital's history, not with the report, hence the
 * switch only once the report has spent on probes a fair share of what the load costs: a short
 * report on a long history never pays for it, and a long one pays at most a few tens of percent
 * more than the cheaper strategy alone.
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
    const firstDay = db.prepare("select service_date from quote_lines where hospital_id = ? and service_date >= ? and service_date <= ? order by service_date limit 1").pluck(true);
    const nextDay = db.prepare("select service_date from quote_lines where hospital_id = ? and service_date > ? and service_date <= ? order by service_date limit 1").pluck(true);
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
    const byKey = db.prepare(`select ${COLUMNS} from quote_lines where quote_id = ? and line_no = ?`).raw(true);
    const statuses = db.prepare(QUOTES_SQL).raw(true);
    const aloneFirst = matchedAlone(false);
    const aloneNext = matchedAlone(true);

    // The statuses of all the hospital's quotes, as the matched query computes them (0 open, 1
    // expired, 2 withdrawn; 3: any other, so its lines are read whole), read in chunks by id.
    const quoteCount = db.prepare("select count(*) from quotes where hospital_id = ?").pluck(true).get(hospitalId) as number;
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
    // A dictionary object, not a Map: with 10^5 and more keys, looking up a fresh string (split from
    // the batch's ids) is about twice as fast in V8.
    let statusOf: Record<string, number> | undefined;
    /** The previous batch's quote ids and their status codes (-1: no such quote), in the dictionary's terms. */
    let prevIds: string[] = [];
    let prevCodes: number[] = [];
    let linesRead = 0;

    for (let day = firstDay.get(hospitalId, from, to) as string | undefined; day !== null && day !== undefined; day = nextDay.get(hospitalId, day, to) as string | undefined) {
      if (statusOf === undefined && packable && linesRead * 4 >= quoteCount) {
        const map = Object.create(null) as Record<string, number>;
        let after = "";
        for (;;) {
          const params = { hospitalId, after, limit: statusesPerStep, generatedAt: terms.generatedAt };
          const [ids, codes, count, last] = statusChunk.get({ ...params, nul: "\u0000" }) as [string | null, string | null, number, string | null];
          if (count === 0 || last === null) break;
          const split = ids === null ? [] : ids.split("\u0000");
          if (split.length === count && codes !== null && codes.length === count) {
            for (let i = 0; i < count; i++) map[split[i]!] = codes.charCodeAt(i) - 48;
          } else {
            // An id holding a NUL: this chunk row by row.
            for (const [id, code] of statusRows.all(params) as [string, number][]) map[id] = code;
          }
          if (count < statusesPerStep) break;
          after = last;
          // A turn of the caller's event loop between chunks.
          yield { serviceDate: day, lines: [], quoteIds: [], quoteIdsAscii: true, quoteIdsPlain: true, others: new Map() };
        }
        statusOf = map;
      }
      const entry = packable ? lastOnOrBefore(terms.inForceFrom, day) : -1;
      let after: { afterQuote: unknown; afterLine: unknown } | undefined;
      for (;;) {
        const params = { hospitalId, day, limit: batchSize, ...after };
        const batch: MatchedLineBatch = { serviceDate: day, lines: [], quoteIds: [], quoteIdsAscii: false, quoteIdsPlain: false, others: new Map() };
        let whole: MedicalLineTuple[] | undefined;
        if (entry >= 0) {
          const query = statusOf === undefined ? (after === undefined ? matchedFirst : matchedNext) : after === undefined ? aloneFirst : aloneNext;
          const [ids, packed, count] = query.get({ ...params, entry, generatedAt: terms.generatedAt, nul: "\u0000" }) as [string | null, string | null, number];
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
            if (statusOf !== undefined) {
              // The status bits from the quotes' dictionary; a matched line of a quote with another
              // status, or none, is read whole. Both this batch's ids and the previous batch's are
              // sorted, and a quote's lines are mostly on nearby days (a stay's nights, its
              // treatments): a merge with the previous batch finds most of them with a comparison
              // or two, cheaper than a lookup in the large dictionary, which answers the rest (and
              // any id the merge misses, so the answer never depends on the order of the two).
              const codes = new Array<number>(count);
              let j = 0;
              for (let i = 0; i < count; i++) {
                const id = quoteIds[i]!;
                let code: number | undefined;
                if (i > 0 && id === quoteIds[i - 1]) code = codes[i - 1]!;
                else {
                  while (j < prevIds.length && prevIds[j]! < id) j++;
                  if (j < prevIds.length && prevIds[j] === id) code = prevCodes[j]!;
                  if (code === undefined || code < 0) code = statusOf[id] ?? -1;
                }
                codes[i] = code;
                const v = lines[i]!;
                if (v < 0) continue;
                if (code >= 0 && code < 3) lines[i] = v + code;
                else {
                  batch.others.set(i, byKey.get(quoteIds[i], MATCHED.unpack(v, n).lineNo) as MedicalLineTuple);
                  lines[i] = -1;
                }
              }
              prevIds = quoteIds;
              prevCodes = codes;
            }
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
          for (const [id, s, validUntil] of statuses.all(JSON.stringify(ids)) as [unknown, string, string][]) found.set(id, [s, validUntil]);
          for (const row of batch.others.values()) {
            const q = found.get(row[LINE.quoteId]) ?? MISSING;
            row[LINE.quoteStatus] = q[0];
            row[LINE.quoteValidUntil] = q[1];
          }
        }
        yield batch;
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
