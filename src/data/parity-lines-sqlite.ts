import SQLite from "better-sqlite3";
import { LINE, type MedicalLineSource, type MedicalLineTuple, REPORT_BATCH } from "./quotes-repo";

/**
 * The parity report's source of medical lines on the embedded default (a SQLite FILE): wired by
 * `buildNodeDeps` (src/entry/node-deps.ts) as `AppDeps.reportLines` when the database handle has a
 * file. Postgres, D1 and in-memory databases use `medicalLineBatches` (quotes-repo) instead.
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

/** Lets the event loop run (I/O, timers, other requests) before the next batch is read. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `parityLineBatches` on `file` as the app's report source. Between two batches it yields a full
 * event-loop turn, not just a microtask: a batch is read synchronously, and without the turn a
 * fast client would let the whole report run without other requests being served.
 */
export function sqliteParityLineSource(file: string): MedicalLineSource {
  return async function* lines(hospitalId, from, to) {
    for (const batch of parityLineBatches(file, hospitalId, from, to)) {
      yield batch;
      await turn();
    }
  };
}
