import SQLite from "better-sqlite3";

/**
 * A fast, non-blocking source of medical lines for the parity report on the embedded default
 * (SQLite file). Not wired yet: see "Wiring" below.
 *
 * Why: `streamMedicalLines` (quotes-repo) streams through Kysely's SqliteDriver, which has ONE
 * connection behind a mutex and holds it for the whole stream — while a report is being sent (or a
 * client reads it slowly) every other database request of the app waits. It also pays for a
 * join to `quotes` per line, a temp B-tree sort, one object per row and one await per row.
 *
 * This reader:
 * - opens its OWN read-only connection on the same file (WAL: readers never block the writer, and
 *   the report reads one consistent snapshot);
 * - reads rows as arrays (`.raw()`), in batches, synchronously within a batch, so the caller can
 *   yield to the event loop between batches (one await per batch, not per line);
 * - reads quote statuses once per report into a Map instead of joining `quotes` per line.
 *
 * Same rows, same order (service_date, quote_id, line_no) as `streamMedicalLines`.
 *
 * Wiring (needs edits outside this file):
 * 1. `openSqlite` (src/data/connect-node.ts) returns the file path on the handle (`file`, undefined
 *    for ":memory:", whose data a second connection cannot see), and `AppDeps` carries it
 *    (src/http/context.ts, src/entry/node-deps.ts; tests keep ":memory:" and the fallback).
 * 2. `parityReport` (src/services/pricing/parity.ts) uses `parityLineBatches(file, …)` when a file is
 *    known and
 *    falls back to `streamMedicalLines` otherwise (Postgres, D1, in-memory tests), and exposes lines
 *    in batches (`AsyncGenerator<ReportLine[]>` or a `(batch) => string` serializer) so the route
 *    awaits once per batch.
 * 3. A migration adds a covering index in report order so SQLite neither sorts nor visits the
 *    table: `quote_lines (hospital_id, service_date, quote_id, line_no, code, department_code,
 *    service_class, quantity, unit_price, line_total)`; it can replace `quote_lines_report_idx`.
 */

/** One medical line, as an array: see `LINE` for the positions. */
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
  tariffVersion: number,
  quoteStatus: string,
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
  tariffVersion: 9,
  quoteStatus: 10,
} as const;

const LINES_SQL = `
  select quote_id, line_no, code, department_code, service_class, service_date, quantity, unit_price, line_total, tariff_version
    from quote_lines
   where hospital_id = ? and service_date >= ? and service_date <= ?
   order by service_date, quote_id, line_no`;

const STATUS_SQL = `select id, status from quotes where hospital_id = ?`;

/**
 * The hospital's medical lines with a service date in [from, to], in report order, in batches of at
 * most `batchSize`, read on a dedicated read-only connection to the database `file` that lives as
 * long as the generator (close it with `.return()` when a client goes away). Each batch is read
 * synchronously; await between batches. Statuses and lines come from one snapshot.
 */
export function* parityLineBatches(
  file: string,
  hospitalId: string,
  from: string,
  to: string,
  batchSize = 4096,
): Generator<MedicalLineTuple[], void, undefined> {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    db.exec("begin");
    const status = new Map<string, string>();
    for (const [id, s] of db.prepare(STATUS_SQL).raw(true).iterate(hospitalId) as IterableIterator<[string, string]>) status.set(id, s);
    const iterator = db.prepare(LINES_SQL).raw(true).iterate(hospitalId, from, to) as IterableIterator<unknown[]>;
    try {
      for (;;) {
        const batch: MedicalLineTuple[] = [];
        let next = iterator.next();
        while (!next.done) {
          const row = next.value as unknown as MedicalLineTuple;
          row[LINE.quoteStatus] = status.get(row[LINE.quoteId]) ?? "";
          batch.push(row);
          if (batch.length >= batchSize) break;
          next = iterator.next();
        }
        if (batch.length > 0) yield batch;
        if (next.done) return;
      }
    } finally {
      iterator.return?.();
    }
  } finally {
    db.close();
  }
}
