import {
  AliasNode,
  type CompiledQuery,
  createQueryId,
  DeleteQueryNode,
  FromNode,
  IdentifierNode,
  InsertQueryNode,
  type OperationNode,
  type QueryResult,
  RawNode,
  SelectionNode,
  type SelectQueryNode,
  type SqliteQueryCompiler,
  TableNode,
  UpdateQueryNode,
} from "kysely";
import { type D1DatabaseLike, prepare } from "./d1-binding";

/**
 * The undo log of one emulated D1 transaction (the rules are in d1-dialect.ts): each write run
 * together, in one `batch()`, with the read that says how to undo it; rollback replays the steps
 * backwards.
 */

interface UndoStep {
  sql: string;
  params: unknown[];
}

const ROWID = "__undo_rowid";
const NEW = "__undo_new_";
/** Statements per `batch()` when rolling back. */
const UNDO_BATCH = 200;

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

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

const selectAs = (node: OperationNode, alias: string) =>
  SelectionNode.create(AliasNode.create(node, IdentifierNode.create(alias)));

const written = <R>(changes: number | undefined): QueryResult<R> => ({
  rows: [],
  numAffectedRows: BigInt(changes ?? 0),
});

export type UndoWarning = (message: string, fields: Record<string, unknown>) => void;

export class UndoLog {
  private readonly steps: UndoStep[] = [];
  private readonly unrecoverable: string[] = [];

  constructor(
    private readonly db: D1DatabaseLike,
    private readonly compiler: SqliteQueryCompiler,
  ) {}

  /**
   * Runs a write (`parts`: one query, or one multi-row INSERT split to fit D1's parameter limit) and
   * logs its undo; undefined when the log cannot describe it: the caller runs it, and rollback warns.
   */
  async write<R>(parts: CompiledQuery[]): Promise<QueryResult<R> | undefined> {
    const cq = parts[0]!;
    const node = cq.query;
    if (InsertQueryNode.is(node)) {
      const table = plainTable(node.into);
      const upsert = node.onConflict && !node.onConflict.doNothing;
      if (table && !node.returning && !upsert && !node.replace && !node.orAction) return this.insert<R>(parts, table);
    } else if (parts.length === 1 && UpdateQueryNode.is(node)) {
      const table = plainTable(node.table);
      if (table && !node.from && !node.joins && !node.returning && !node.limit && node.updates?.length)
        return this.update<R>(cq, node, table);
    } else if (parts.length === 1 && DeleteQueryNode.is(node)) {
      const table = node.from.froms.length === 1 ? plainTable(node.from.froms[0]) : null;
      if (table && !node.using && !node.joins && !node.returning && !node.limit) return this.delete<R>(cq, node, table);
    }
    this.unrecoverable.push(cq.sql);
    return undefined;
  }

  /** Replays the log backwards; what could not be undone is told to `onWarning`. */
  async rollback(onWarning: UndoWarning | undefined): Promise<void> {
    const steps = this.steps.slice().reverse();
    const db = this.db;
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
    if (failed.length) onWarning?.("D1 rollback: some undo steps were refused", { steps: failed });
    if (this.unrecoverable.length) {
      onWarning?.("D1 rollback could not undo every statement", {
        statements: this.unrecoverable.map((s) => s.slice(0, 200)),
      });
    }
  }

  private async insert<R>(parts: CompiledQuery[], table: string): Promise<QueryResult<R>> {
    const db = this.db;
    const results = await db.batch<Record<string, unknown>>(
      parts.map((p) => prepare(db, `${p.sql} returning rowid as ${quoteId(ROWID)}, *`, p.parameters)),
    );
    const rows = results.flatMap((r) => r.results ?? []);
    for (const row of rows) {
      const cols = Object.keys(row).filter((c) => c !== ROWID);
      this.steps.push({
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

  private async update<R>(cq: CompiledQuery, node: UpdateQueryNode, table: string): Promise<QueryResult<R>> {
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
    const db = this.db;
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
        this.steps.push({
          sql: `update ${quoteId(table)} set ${sets.join(", ")} where rowid = ?`,
          params: [...params, row[ROWID]],
        });
    }
    return written<R>(done!.meta.changes);
  }

  private async delete<R>(cq: CompiledQuery, node: DeleteQueryNode, table: string): Promise<QueryResult<R>> {
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
    const db = this.db;
    const [seen, done] = await db.batch<Record<string, unknown>>([
      prepare(db, before.sql, before.parameters),
      prepare(db, cq.sql, cq.parameters),
    ]);
    for (const row of seen!.results ?? []) {
      const cols = Object.keys(row).filter((c) => c !== ROWID);
      const names = cols.map(quoteId).join(", ");
      const marks = cols.map(() => "?").join(", ");
      this.steps.push({
        sql: `insert or ignore into ${quoteId(table)} (rowid, ${names}) values (?, ${marks})`,
        params: [row[ROWID], ...cols.map((c) => row[c])],
      });
    }
    return written<R>(done!.meta.changes);
  }
}
