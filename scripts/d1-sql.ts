import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  InsertQueryNode,
  Kysely,
  type QueryResult,
  RawNode,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  ValuesNode,
  createQueryId,
} from "kysely";
import { migrations } from "../db/migrations/index";

/**
 * A Kysely that compiles SQLite SQL and records it instead of running it: the same migration
 * and seed code that runs on Node, turned into SQL files for D1 (`wrangler d1 migrations apply`,
 * `wrangler d1 execute --file`). Reads (a migration's or the seed's `select`, a dialect check) are
 * answered with no rows and not recorded; transactions are no-ops (the file is the unit).
 */
export function recordingKysely<DB = any>(): { db: Kysely<DB>; statements: CompiledQuery[] } {
  const statements: CompiledQuery[] = [];
  const connection: DatabaseConnection = {
    async executeQuery<R>(cq: CompiledQuery): Promise<QueryResult<R>> {
      const read =
        SelectQueryNode.is(cq.query) || (RawNode.is(cq.query) && /^\s*(select|pragma|explain)\b/i.test(cq.sql));
      if (!read) statements.push(cq);
      return { rows: [], numAffectedRows: 0n };
    },
    async *streamQuery() {
      return;
    },
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  const dialect: Dialect = {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => driver,
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (db) => new SqliteIntrospector(db),
  };
  return { db: new Kysely<DB>({ dialect }), statements };
}

/** An SQL literal for a bound value (D1's SQL files carry no parameters). */
export function sqlLiteral(v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new RangeError(`cannot write ${v} as SQL`);
    return String(v);
  }
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "boolean") return v ? "1" : "0";
  if (typeof v === "string") return `'${v.replace(/'/g, "''")}'`;
  if (v instanceof Uint8Array) return `X'${Buffer.from(v).toString("hex")}'`;
  throw new TypeError(`cannot write a ${typeof v} as SQL`);
}

/** Replaces each `?` placeholder outside quotes with its value as a literal. */
export function inlineParameters(sql: string, params: readonly unknown[]): string {
  let out = "";
  let next = 0;
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (quote) {
      out += ch;
      if (ch === quote) quote = null; // a doubled quote closes and reopens: same result
      continue;
    }
    if (ch === "'" || ch === '"' || ch === "`") {
      quote = ch;
      out += ch;
    } else if (ch === "[") {
      quote = "]";
      out += ch;
    } else if (ch === "?") {
      if (next >= params.length) throw new Error(`more placeholders than parameters in: ${sql.slice(0, 120)}`);
      out += sqlLiteral(params[next++]);
    } else out += ch;
  }
  if (next !== params.length)
    throw new Error(`${params.length} parameters for ${next} placeholders in: ${sql.slice(0, 120)}`);
  return out;
}

/**
 * D1 limits one SQL statement to 100 KB. A multi-row INSERT longer than `maxBytes` once its
 * values are written in is split into smaller INSERTs of the same rows, in order.
 */
export function toSqlStatements(cq: CompiledQuery, maxBytes = 90_000): string[] {
  const text = inlineParameters(cq.sql, cq.parameters);
  if (Buffer.byteLength(text) <= maxBytes) return [text];
  const node = cq.query;
  if (!InsertQueryNode.is(node) || !node.values || !ValuesNode.is(node.values) || node.values.values.length < 2) {
    throw new Error(
      `a statement of ${Buffer.byteLength(text)} bytes exceeds D1's limit and cannot be split: ${text.slice(0, 120)}`,
    );
  }
  const rows = node.values.values;
  const half = Math.ceil(rows.length / 2);
  const compiler = new SqliteQueryCompiler();
  return [rows.slice(0, half), rows.slice(half)].flatMap((part) =>
    toSqlStatements(
      compiler.compileQuery(InsertQueryNode.cloneWith(node, { values: ValuesNode.create(part) }), createQueryId()),
      maxBytes,
    ),
  );
}

export interface SqlFile {
  name: string;
  sql: string;
}

/**
 * One D1 migration file per Kysely migration, in their order: `0001_<name>.sql`, …, each the
 * statements that migration's `up` issues on SQLite.
 */
export async function generateD1Migrations(): Promise<SqlFile[]> {
  const names = Object.keys(migrations).sort();
  const files: SqlFile[] = [];
  for (const [i, name] of names.entries()) {
    const { db, statements } = recordingKysely();
    await migrations[name]!.up(db);
    const body = statements
      .flatMap((s) => toSqlStatements(s))
      .map((s) => `${s};\n`)
      .join("\n");
    files.push({
      name: `${String(i + 1).padStart(4, "0")}_${name}.sql`,
      sql:
        `-- Generated by \`npm run d1:migrations\` (scripts/gen-d1-migrations.ts) from db/migrations/${name}.ts.\n` +
        `-- Do not edit: change the Kysely migration and regenerate.\n\n${body}`,
    });
  }
  return files;
}

/**
 * The demo data as one SQL file for D1, from the same `seedDemo` the Node entry runs. Its first
 * statement writes the `demo_seeded` marker, so running the file on a seeded database fails on
 * that primary key before changing anything.
 */
export async function generateD1Seed(opts: { now: Date; encryptionKey: string }): Promise<string> {
  const { seedDemo } = await import("../db/seed/demo");
  const { createPiiCipher } = await import("../src/ports/crypto");
  const cipher = await createPiiCipher(opts.encryptionKey);
  const { db, statements } = recordingKysely();
  await seedDemo(db, { now: opts.now, encrypt: cipher.encrypt });
  const body = statements
    .flatMap((s) => toSqlStatements(s))
    .map((s) => `${s};\n`)
    .join("");
  const generated = `generated by \`npm run d1:seed\` at ${opts.now.toISOString()}`;
  return `-- Demo data (illustrative, not real) ${generated}.\n${body}`;
}
