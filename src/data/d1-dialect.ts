import {
  AliasNode,
  BinaryOperationNode,
  type CompiledQuery,
  createQueryId,
  type DatabaseConnection,
  DeleteQueryNode,
  type Dialect,
  type Driver,
  FromNode,
  IdentifierNode,
  InsertQueryNode,
  type Kysely,
  type OperationNode,
  OperationNodeTransformer,
  OperatorNode,
  PrimitiveValueListNode,
  type QueryResult,
  RawNode,
  type RootOperationNode,
  SelectionNode,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  TableNode,
  UpdateQueryNode,
  ValueNode,
  ValuesNode,
} from "kysely";

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

/** The parts of a D1 binding this driver uses (structural, so Node code needs no Workers types). */
export interface D1DatabaseLike {
  prepare(query: string): D1PreparedStatementLike;
  batch<T = Record<string, unknown>>(statements: D1PreparedStatementLike[]): Promise<D1ResultLike<T>[]>;
}

export interface D1PreparedStatementLike {
  bind(...values: unknown[]): D1PreparedStatementLike;
  all<T = Record<string, unknown>>(): Promise<D1ResultLike<T>>;
}

export interface D1ResultLike<T = Record<string, unknown>> {
  results: T[];
  success: boolean;
  meta: { changes?: number; last_row_id?: number; [key: string]: unknown };
}

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

interface UndoStep {
  sql: string;
  params: unknown[];
}

const ROWID = "__undo_rowid";
const NEW = "__undo_new_";
/** Statements per `batch()` when rolling back. */
const UNDO_BATCH = 200;

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** D1 binds null, numbers, strings, booleans and buffers; never undefined or bigint. */
function bindable(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === "bigint") {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
      throw new RangeError(`integer ${v} does not fit D1's 53-bit numbers`);
    return Number(v);
  }
  return v;
}

function prepare(db: D1DatabaseLike, sql: string, params: readonly unknown[]): D1PreparedStatementLike {
  const stmt = db.prepare(sql);
  return params.length ? stmt.bind(...params.map(bindable)) : stmt;
}

/** The one table a statement writes, when it is a plain table (possibly aliased). */
function plainTable(node: OperationNode | undefined): string | null {
  if (!node) return null;
  const t = AliasNode.is(node) ? node.node : node;
  if (!TableNode.is(t) || t.table.schema) return null;
  return t.table.identifier.name;
}

/** True when the expression reads column `name` (so `name = name + 2` is a relative update). */
function readsColumn(node: unknown, name: string): boolean {
  if (!node || typeof node !== "object") return false;
  const n = node as { kind?: string; column?: { name?: string } };
  if (n.kind === "ColumnNode" && n.column?.name === name) return true;
  for (const v of Object.values(node)) {
    if (Array.isArray(v) ? v.some((x) => readsColumn(x, name)) : readsColumn(v, name)) return true;
  }
  return false;
}

function isReadOnly(cq: CompiledQuery): boolean {
  if (SelectQueryNode.is(cq.query)) return true;
  if (RawNode.is(cq.query)) return /^\s*(select|pragma|explain|values)\b/i.test(cq.sql);
  return false;
}

const selectAs = (node: OperationNode, alias: string) =>
  SelectionNode.create(AliasNode.create(node, IdentifierNode.create(alias)));

/** D1 refuses a statement with more than this many bound parameters. */
export const D1_MAX_PARAMETERS = 100;

/** `x IN (?, ?, …)` → `x IN (select value from json_each(?))`: one parameter however long the list. */
class InListToJson extends OperationNodeTransformer {
  protected override transformBinaryOperation(node: BinaryOperationNode): BinaryOperationNode {
    const t = super.transformBinaryOperation(node);
    const op = OperatorNode.is(t.operator) ? t.operator.operator : null;
    if (
      (op === "in" || op === "not in") &&
      PrimitiveValueListNode.is(t.rightOperand) &&
      t.rightOperand.values.length > 1
    ) {
      const json = JSON.stringify(t.rightOperand.values.map((v) => (typeof v === "bigint" ? Number(v) : v)));
      return BinaryOperationNode.create(
        t.leftOperand,
        t.operator,
        RawNode.create(["(select value from json_each(", "))"], [ValueNode.create(json)]),
      );
    }
    return t;
  }
}

/**
 * The statement(s) to run for one query within D1's parameter limit: the query itself; or with
 * its IN lists passed as JSON; or, for a multi-row INSERT, several INSERTs of consecutive rows.
 */
export function fitParameters(cq: CompiledQuery, compiler = new SqliteQueryCompiler()): CompiledQuery[] {
  if (cq.parameters.length <= D1_MAX_PARAMETERS) return [cq];
  const node = new InListToJson().transformNode(cq.query) as RootOperationNode;
  const rewritten = compiler.compileQuery(node, createQueryId());
  if (rewritten.parameters.length <= D1_MAX_PARAMETERS) return [rewritten];
  if (InsertQueryNode.is(node) && node.values && ValuesNode.is(node.values) && node.values.values.length > 1) {
    const rows = node.values.values;
    const parts: CompiledQuery[] = [];
    let i = 0;
    while (i < rows.length) {
      // As many rows as fit, starting from the average and shrinking until they do.
      let n = Math.max(
        1,
        Math.min(rows.length - i, Math.floor((D1_MAX_PARAMETERS * rows.length) / rewritten.parameters.length)),
      );
      for (;;) {
        const part = compiler.compileQuery(
          InsertQueryNode.cloneWith(node, { values: ValuesNode.create(rows.slice(i, i + n)) }),
          createQueryId(),
        );
        if (part.parameters.length <= D1_MAX_PARAMETERS) {
          parts.push(part);
          i += n;
          break;
        }
        if (n === 1)
          throw new RangeError(
            `D1 allows ${D1_MAX_PARAMETERS} bound parameters per statement; one row of this INSERT needs ${part.parameters.length}`,
          );
        n = Math.max(1, Math.floor(n / 2));
      }
    }
    return parts;
  }
  throw new RangeError(
    `D1 allows ${D1_MAX_PARAMETERS} bound parameters per statement; this one needs ${rewritten.parameters.length}: ${cq.sql.slice(0, 120)}`,
  );
}

class D1Connection implements DatabaseConnection {
  private undo: UndoStep[] | null = null;
  private unrecoverable: string[] = [];
  private readonly compiler = new SqliteQueryCompiler();

  constructor(private readonly config: D1DialectConfig) {}

  begin() {
    this.undo = [];
    this.unrecoverable = [];
  }

  commit() {
    this.undo = null;
    this.unrecoverable = [];
  }

  async rollback() {
    const steps = (this.undo ?? []).slice().reverse();
    const unrecoverable = this.unrecoverable;
    this.undo = null;
    this.unrecoverable = [];
    const db = this.config.database;
    const failed: string[] = [];
    for (let i = 0; i < steps.length; i += UNDO_BATCH) {
      const chunk = steps.slice(i, i + UNDO_BATCH);
      try {
        await db.batch(chunk.map((s) => prepare(db, s.sql, s.params)));
      } catch {
        // One step refused (a constraint another request's later write depends on): undo the
        // others one by one rather than none, and say which could not be undone.
        for (const s of chunk) {
          try {
            await prepare(db, s.sql, s.params).all();
          } catch (err) {
            failed.push(`${s.sql.slice(0, 120)}: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
      }
    }
    if (failed.length) this.config.onWarning?.("D1 rollback: some undo steps were refused", { steps: failed });
    if (unrecoverable.length) {
      this.config.onWarning?.("D1 rollback could not undo every statement", {
        statements: unrecoverable.map((s) => s.slice(0, 200)),
      });
    }
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const parts = fitParameters(query, this.compiler);
    const cq = parts[0]!;
    if (this.undo && !isReadOnly(cq)) {
      const node = cq.query;
      if (InsertQueryNode.is(node)) {
        const table = plainTable(node.into);
        const upsert = node.onConflict && !node.onConflict.doNothing;
        if (table && !node.returning && !upsert && !node.replace && !node.orAction)
          return this.insertLogged<R>(parts, table);
      } else if (parts.length === 1 && UpdateQueryNode.is(node)) {
        const table = plainTable(node.table);
        if (table && !node.from && !node.joins && !node.returning && !node.limit && node.updates?.length)
          return this.updateLogged<R>(cq, node, table);
      } else if (parts.length === 1 && DeleteQueryNode.is(node)) {
        const table = node.from.froms.length === 1 ? plainTable(node.from.froms[0]) : null;
        if (table && !node.using && !node.joins && !node.returning && !node.limit)
          return this.deleteLogged<R>(cq, node, table);
      }
      this.unrecoverable.push(cq.sql);
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
    return {
      rows,
      numAffectedRows: BigInt(meta.changes ?? 0),
      ...(InsertQueryNode.is(cq.query) && meta.last_row_id !== undefined ? { insertId: BigInt(meta.last_row_id) } : {}),
    };
  }

  private async insertLogged<R>(parts: CompiledQuery[], table: string): Promise<QueryResult<R>> {
    const db = this.config.database;
    const results = await db.batch<Record<string, unknown>>(
      parts.map((p) => prepare(db, `${p.sql} returning rowid as ${quoteId(ROWID)}, *`, p.parameters)),
    );
    const rows = results.flatMap((r) => r.results ?? []);
    for (const row of rows) {
      const cols = Object.keys(row).filter((c) => c !== ROWID);
      this.undo!.push({
        sql: `delete from ${quoteId(table)} where rowid = ?${cols.map((c) => ` and ${quoteId(c)} is ?`).join("")}`,
        params: [row[ROWID], ...cols.map((c) => row[c])],
      });
    }
    const last = rows.at(-1)?.[ROWID];
    return {
      rows: [],
      numAffectedRows: BigInt(rows.length),
      ...(typeof last === "number" ? { insertId: BigInt(last) } : {}),
    };
  }
  private async updateLogged<R>(cq: CompiledQuery, node: UpdateQueryNode, table: string): Promise<QueryResult<R>> {
    const updates = node.updates!;
    const columns = updates.map((u) => {
      const c = u.column as { kind?: string; column?: { name: string } };
      if (c.kind !== "ColumnNode" || !c.column) throw new Error("D1 undo log: unexpected update target");
      return c.column.name;
    });
    // The rows the UPDATE will change, with their values now and the values the SET expressions give.
    const before = this.compiler.compileQuery(
      Object.freeze({
        kind: "SelectQueryNode",
        from: FromNode.create([node.table!]),
        selections: [
          selectAs(RawNode.createWithSql("rowid"), ROWID),
          SelectionNode.createSelectAll(),
          ...updates.map((u, i) => selectAs(u.value, `${NEW}${i}`)),
        ],
        ...(node.where ? { where: node.where } : {}),
        ...(node.with ? { with: node.with } : {}),
      }) as SelectQueryNode,
      createQueryId(),
    );
    const db = this.config.database;
    const [seen, done] = await db.batch<Record<string, unknown>>([
      prepare(db, before.sql, before.parameters),
      prepare(db, cq.sql, cq.parameters),
    ]);
    for (const row of seen!.results ?? []) {
      const sets: string[] = [];
      const params: unknown[] = [];
      columns.forEach((col, i) => {
        const old = row[col];
        const now = row[`${NEW}${i}`];
        if (old === now) return;
        const q = quoteId(col);
        if (typeof old === "number" && typeof now === "number" && readsColumn(updates[i]!.value, col)) {
          sets.push(`${q} = ${q} - ?`);
          params.push(now - old);
        } else {
          sets.push(`${q} = case when ${q} is ? then ? else ${q} end`);
          params.push(now, old);
        }
      });
      if (sets.length)
        this.undo!.push({
          sql: `update ${quoteId(table)} set ${sets.join(", ")} where rowid = ?`,
          params: [...params, row[ROWID]],
        });
    }
    return this.result<R>(cq, [], done!.meta);
  }

  private async deleteLogged<R>(cq: CompiledQuery, node: DeleteQueryNode, table: string): Promise<QueryResult<R>> {
    const before = this.compiler.compileQuery(
      Object.freeze({
        kind: "SelectQueryNode",
        from: node.from,
        selections: [selectAs(RawNode.createWithSql("rowid"), ROWID), SelectionNode.createSelectAll()],
        ...(node.where ? { where: node.where } : {}),
        ...(node.with ? { with: node.with } : {}),
      }) as SelectQueryNode,
      createQueryId(),
    );
    const db = this.config.database;
    const [seen, done] = await db.batch<Record<string, unknown>>([
      prepare(db, before.sql, before.parameters),
      prepare(db, cq.sql, cq.parameters),
    ]);
    for (const row of seen!.results ?? []) {
      const cols = Object.keys(row).filter((c) => c !== ROWID);
      this.undo!.push({
        sql: `insert or ignore into ${quoteId(table)} (rowid, ${cols.map(quoteId).join(", ")}) values (?, ${cols.map(() => "?").join(", ")})`,
        params: [row[ROWID], ...cols.map((c) => row[c])],
      });
    }
    return this.result<R>(cq, [], done!.meta);
  }
}
