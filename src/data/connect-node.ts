import { mkdirSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { type Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type SqliteStatement } from "kysely";
import pg from "pg";
import Cursor from "pg-cursor";
import type { Database } from "./schema";
import { guardedKysely } from "./unit-of-work";

export type Dialect = "sqlite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where it lives, without credentials, for logs. */
  describe: string;
  /** The SQLite database file, for readers that open their own connection; undefined for ":memory:" and PostgreSQL. */
  file?: string;
  close(): Promise<void>;
}

/** int8 and numeric come back from pg as strings; money here is bigint minor units well inside 2^53. */
function pgTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) => {
      if (oid === 20) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format as "text");
    }) as pg.CustomTypesConfig["getTypeParser"],
  };
}

export function openPostgres(url: string, opts: { schema?: string; max?: number } = {}): DatabaseHandle {
  const options = [
    "-c statement_timeout=15000",
    "-c lock_timeout=5000",
    opts.schema ? `-c search_path=${opts.schema}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    types: pgTypes(),
    options,
  });
  const db = guardedKysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  const u = new URL(url);
  return {
    db,
    dialect: "postgres",
    describe: `postgres://${u.host}${u.pathname}${opts.schema ? ` (schema ${opts.schema})` : ""}`,
    close: () => db.destroy(),
  };
}

/** Time spent inside SQLite calls (statement preparation, execution and building the rows), for the benchmark. */
export interface SqlTiming {
  calls: number;
  micros: number;
}

function time<T>(timing: SqlTiming, run: () => T): T {
  const t0 = performance.now();
  try {
    return run();
  } finally {
    timing.calls++;
    timing.micros += (performance.now() - t0) * 1000;
  }
}

function timed(stmt: SQLite.Statement, timing: SqlTiming): SqliteStatement {
  return {
    get reader() {
      return stmt.reader;
    },
    all: (p) => time(timing, () => stmt.all(p)),
    run: (p) => time(timing, () => stmt.run(p)),
    iterate: (p) => time(timing, () => stmt.iterate(p)),
  };
}

/**
 * Kysely prepares every query anew; the same few hundred SQL texts recur, so keep their
 * prepared statements (bounded, oldest evicted). Safe because Kysely runs one query at a time
 * on this single connection and the app does not stream through it.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500, timing?: SqlTiming): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = timing ? time(timing, () => sqlite.prepare(sql)) : sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return timing ? timed(stmt, timing) : stmt;
    },
  };
}

/**
 * The embedded default: one SQLite file (or ":memory:"), WAL, foreign keys on. `timing` (benchmark only) adds up time
 * spent in SQLite.
 */
export function openSqlite(file: string, opts: { timing?: SqlTiming } = {}): DatabaseHandle {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = guardedKysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite, 500, opts.timing) }),
  });
  return {
    db,
    dialect: "sqlite",
    describe: `sqlite:${file}`,
    file: file === ":memory:" || file === "" ? undefined : file,
    close: () => db.destroy(),
  };
}

export function openDatabase(
  config: { DATABASE_URL?: string; DATA_DIR: string },
  opts: { timing?: SqlTiming } = {},
): DatabaseHandle {
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL);
  return openSqlite(path.join(config.DATA_DIR, "caravan.sqlite"), opts);
}
