import SQLite from "better-sqlite3";
import { guardedKysely } from "../../src/data/unit-of-work";
import { generateD1Migrations } from "../../scripts/d1-sql";
import {
  type D1DatabaseLike,
  D1Dialect,
  type D1PreparedStatementLike,
  type D1ResultLike,
} from "../../src/data/d1-dialect";
import { D1_MAX_PARAMETERS } from "../../src/data/d1-parameters";
import type { Database } from "../../src/data/schema";

/**
 * A stand-in for a D1 binding on better-sqlite3, for fast tests of the D1 dialect in Node. It
 * keeps what matters of D1: each statement runs on its own (no BEGIN … COMMIT across calls, and
 * every call yields to the event loop first, so concurrent requests interleave between
 * statements), `batch()` is atomic, foreign keys are enforced, and more than 100 bound parameters
 * are refused. The real thing is exercised in workerd by worker.test.ts.
 */
export function fakeD1(
  sqlite = new SQLite(":memory:"),
): D1DatabaseLike & { sqlite: SQLite.Database; statements: number } {
  sqlite.pragma("foreign_keys = ON");
  const counter = { statements: 0 };
  const run = (sql: string, params: unknown[]): D1ResultLike<any> => {
    counter.statements++;
    if (params.length > D1_MAX_PARAMETERS) throw new Error(`D1_ERROR: too many SQL variables (${params.length})`);
    const stmt = sqlite.prepare(sql);
    if (stmt.reader) return { results: stmt.all(...params), success: true, meta: { changes: 0 } };
    const r = stmt.run(...params);
    return { results: [], success: true, meta: { changes: r.changes, last_row_id: Number(r.lastInsertRowid) } };
  };
  const statement = (sql: string, params: unknown[]): D1PreparedStatementLike & { sql: string; params: unknown[] } => ({
    sql,
    params,
    bind: (...values: unknown[]) => statement(sql, values),
    all: async () => {
      await new Promise((r) => setImmediate(r));
      return run(sql, params);
    },
  });
  const db = {
    sqlite,
    get statements() {
      return counter.statements;
    },
    prepare: (sql: string) => statement(sql, []),
    batch: async (stmts: D1PreparedStatementLike[]) => {
      await new Promise((r) => setImmediate(r));
      return sqlite.transaction(() =>
        stmts.map((s) => run((s as ReturnType<typeof statement>).sql, (s as ReturnType<typeof statement>).params)),
      )();
    },
  };
  return db as never;
}

/** A fake D1 with the generated D1 migrations applied (as `wrangler d1 migrations apply` does) and a Kysely on it. */
export async function migratedFakeD1(
  opts: { onWarning?: (msg: string, fields: Record<string, unknown>) => void } = {},
) {
  const d1 = fakeD1();
  for (const f of await generateD1Migrations()) d1.sqlite.exec(f.sql);
  const db = guardedKysely<Database>({
    dialect: new D1Dialect({ database: d1, ...(opts.onWarning ? { onWarning: opts.onWarning } : {}) }),
  });
  return { d1, db };
}
