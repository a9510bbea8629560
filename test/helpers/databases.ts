import pg from "pg";
import { type DatabaseHandle, openPostgres, openSqlite } from "../../src/data/connect-node";

/**
 * The dialects the data-layer suite runs on: SQLite always; PostgreSQL when
 * TEST_DATABASE_URL is set (CI sets it, and fails if it is missing).
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

if (process.env.CI && !TEST_DATABASE_URL) {
  throw new Error("CI must set TEST_DATABASE_URL so the data-layer tests run on PostgreSQL too.");
}

export interface TestDatabase {
  dialect: "sqlite" | "postgres";
  open(): Promise<DatabaseHandle>;
}

/** A fresh PostgreSQL schema per handle, dropped on close. */
export async function openPostgresSchema(url: string): Promise<DatabaseHandle> {
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = openPostgres(url, { schema, max: 20 });
  return {
    ...handle,
    async close() {
      await handle.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

export const testDatabases: TestDatabase[] = [
  { dialect: "sqlite", open: async () => openSqlite(":memory:") },
  ...(TEST_DATABASE_URL ? [{ dialect: "postgres" as const, open: () => openPostgresSchema(TEST_DATABASE_URL) }] : []),
];

if (!TEST_DATABASE_URL) {
  console.warn("[data-layer] PostgreSQL not tested here: TEST_DATABASE_URL is not set (CI sets it).");
}

/**
 * The database route tests run on: SQLite in memory by default; a fresh PostgreSQL schema when
 * TEST_DIALECT=postgres (CI runs the whole suite both ways).
 */
export async function openDefaultTestDatabase() {
  if (process.env.TEST_DIALECT === "postgres") {
    if (!TEST_DATABASE_URL) throw new Error("TEST_DIALECT=postgres needs TEST_DATABASE_URL");
    return openPostgresSchema(TEST_DATABASE_URL);
  }
  return openSqlite(":memory:");
}
