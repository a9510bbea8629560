import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  InsertQueryNode,
  type Kysely,
  type QueryResult,
  RawNode,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from "kysely";
import { type D1DatabaseLike, type D1ResultLike, prepare } from "./d1-binding";
import { fitParameters } from "./d1-parameters";
import { UndoLog } from "./d1-undo-log";

export type { D1DatabaseLike, D1PreparedStatementLike, D1ResultLike } from "./d1-binding";

/**
 * Kysely over Cloudflare D1 (SQLite): SqliteAdapter, SqliteQueryCompiler, SqliteIntrospector and a
 * driver whose connection runs `DB.prepare(sql).bind(...params).all()`.
 *
 * ## Transactions on D1
 * D1 has no interactive transactions: a Worker cannot BEGIN, read, decide and COMMIT. Only
 * `batch()` is atomic, and it is not interactive. Making `beginTransaction` a no-op would leave
 * half of a failed unit of work behind (a hold that took two of three components). This driver
 * emulates a transaction with an **undo log**:
 *
 * - Every statement still runs at once and is atomic on its own (the conditional
 *   `UPDATE … SET reserved = reserved + n WHERE reserved + n <= capacity` decides alone, and the
 *   CHECK constraints refuse any oversell), so reads inside the unit see its own writes.
 * - Inside a transaction each write also records how to undo it, captured atomically with the
 *   write in one `batch()`: for an UPDATE, the row ids, old values and new values of the rows it
 *   changes (a SELECT with the same WHERE evaluating the SET expressions, then the UPDATE); for a
 *   DELETE, the deleted rows; for an INSERT, the inserted rows (`RETURNING rowid, *`).
 * - Commit forgets the log. Rollback replays the undo log backwards in `batch()`es:
 *   * a relative numeric update (`reserved = reserved + 2`) is undone relatively
 *     (`reserved = reserved - 2`), so it commutes with other requests' takes and releases of
 *     the same counter: a concurrent hold is never erased, inventory never goes negative;
 *   * any other updated column is restored only if it still holds the value this unit wrote
 *     (compare-and-set); a later writer's value wins;
 *   * an inserted row is deleted only if it is exactly as inserted (an inventory row created
 *     on first use and since used by another request stays);
 *   * a deleted row is re-inserted (`INSERT OR IGNORE`).
 * - Writes the log cannot describe (an upsert `ON CONFLICT DO UPDATE`, `UPDATE … FROM`, raw
 *   SQL writes) still run; on rollback they are reported through `onWarning`, not undone.
 *
 * ## D1's limit of 100 bound parameters per statement
 * Handled here, transparently: an `IN (…)` list of values becomes `IN (select value from
 * json_each(?))` with one JSON parameter, and a multi-row INSERT that still needs more than 100 is
 * split into INSERTs of fewer rows run together in one (atomic) `batch()`. Anything else over the
 * limit fails with a message saying so.
 *
 * What this is not: isolation. Other requests can see a unit's writes before it commits
 * (read-uncommitted), and a unit sees theirs. Conditional updates and constraints keep the
 * invariants that matter (never oversell, one use of a cancellation quote, version checks),
 * and a losing concurrent unit fails and undoes itself. If the Worker dies between two
 * statements of a unit (evicted, CPU limit), nothing replays the log: the statements already run
 * stay. For holds that means units taken but not yet recorded stay reserved (under-selling,
 * never overselling); a held itinerary's reservations are released by its expiry.
 */

export interface D1DialectConfig {
  database: D1DatabaseLike;
  /** Told when a rollback could not undo a statement (see the notes above). */
  onWarning?: (message: string, fields: Record<string, unknown>) => void;
}

export class D1Dialect implements Dialect {
  constructor(private readonly config: D1DialectConfig) {}
  createAdapter() {
    return new SqliteAdapter();
  }
  createDriver(): Driver {
    return new D1Driver(this.config);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

class D1Driver implements Driver {
  constructor(private readonly config: D1DialectConfig) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new D1Connection(this.config);
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as D1Connection).begin();
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as D1Connection).commit();
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as D1Connection).rollback();
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

function isReadOnly(cq: CompiledQuery): boolean {
  if (SelectQueryNode.is(cq.query)) return true;
  if (RawNode.is(cq.query)) return /^\s*(select|pragma|explain|values)\b/i.test(cq.sql);
  return false;
}

class D1Connection implements DatabaseConnection {
  private undo: UndoLog | null = null;
  private readonly compiler = new SqliteQueryCompiler();

  constructor(private readonly config: D1DialectConfig) {}

  begin() {
    this.undo = new UndoLog(this.config.database, this.compiler);
  }

  commit() {
    this.undo = null;
  }

  async rollback() {
    const undo = this.undo;
    this.undo = null;
    await undo?.rollback(this.config.onWarning);
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const parts = fitParameters(query, this.compiler);
    const cq = parts[0]!;
    if (this.undo && !isReadOnly(cq)) {
      const logged = await this.undo.write<R>(parts);
      if (logged) return logged;
    }
    if (parts.length === 1) {
      const r = await prepare(this.config.database, cq.sql, cq.parameters).all<R>();
      return this.result(cq, r.results ?? [], r.meta);
    }
    const db = this.config.database;
    const results = await db.batch<R>(parts.map((p) => prepare(db, p.sql, p.parameters)));
    const changes = results.reduce((sum, r) => sum + (r.meta.changes ?? 0), 0);
    return this.result(
      cq,
      results.flatMap((r) => r.results ?? []),
      { ...results.at(-1)!.meta, changes },
    );
  }

  async *streamQuery<R>(cq: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(cq);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }

  private result<R>(cq: CompiledQuery, rows: R[], meta: D1ResultLike["meta"]): QueryResult<R> {
    if (isReadOnly(cq)) return { rows };
    const insertId = InsertQueryNode.is(cq.query) ? meta.last_row_id : undefined;
    return {
      rows,
      numAffectedRows: BigInt(meta.changes ?? 0),
      ...(insertId !== undefined ? { insertId: BigInt(insertId) } : {}),
    };
  }
}
