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
 * - reads the hospital's quote statuses once into a Map instead of joining `quotes` per line.
 *
 * Same rows, same order (service_date, quote_id, line_no) as `medicalLineBatches`.
 */

/** The last two are the quote's status and valid_until, filled from a Map: selected as nulls so each row has room for them. */
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

const QUOTES_SQL = "select id, status, valid_until from quotes where hospital_id = ?";

/**
 * The hospital's medical lines with a service date in [from, to], in report order, in batches of at
 * most `batchSize`, read on a dedicated read-only connection to the database `file` that lives as
 * long as the generator (close it with `.return()` when a client goes away). Each batch is one
 * `.all()` of a keyset query, within one read transaction: statuses and lines come from one
 * snapshot, however long the client takes.
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
    const quotes = new Map<string, [status: string, validUntil: string]>();
    for (const [id, status, validUntil] of db.prepare(QUOTES_SQL).raw(true).all(hospitalId) as [string, string, string][]) {
      quotes.set(id, [status, validUntil]);
    }
    const first = db.prepare(FIRST_SQL).raw(true);
    const next = db.prepare(NEXT_SQL).raw(true);
    let batch = first.all(hospitalId, from, to, batchSize) as MedicalLineTuple[];
    for (;;) {
      for (let i = 0; i < batch.length; i++) {
        const row = batch[i]!;
        const q = quotes.get(row[LINE.quoteId]);
        row[LINE.quoteStatus] = q === undefined ? "" : q[0];
        row[LINE.quoteValidUntil] = q === undefined ? "" : q[1];
      }
      if (batch.length > 0) yield batch;
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
