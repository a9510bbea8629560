import { type Kysely, type MigrationResultSet, Migrator, PostgresAdapter, sql } from "kysely";
import { migrations } from "../../db/migrations/index";

/**
 * On PostgreSQL the migration bookkeeping tables live in the connection's current schema
 * (search_path): Kysely otherwise looks for them in any schema and can find another database
 * user's (or another test run's) tables.
 */
async function migrator(db: Kysely<any>): Promise<Migrator> {
  let migrationTableSchema: string | undefined;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const r = await sql<{ s: string }>`select current_schema() as s`.execute(db);
    migrationTableSchema = r.rows[0]?.s;
  }
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly results: MigrationResultSet["results"],
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

function check(set: MigrationResultSet): string[] {
  if (set.error) {
    const failed = set.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new MigrationError(
      `migration ${failed} failed: ${set.error instanceof Error ? set.error.message : String(set.error)}`,
      set.results,
    );
  }
  return (set.results ?? []).map((r) => `${r.direction} ${r.migrationName}`);
}

/** Runs every pending migration; Kysely's migration lock makes concurrent starters run them once. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return check(await (await migrator(db)).migrateToLatest());
}

/** Undoes the last migration. */
export async function migrateDown(db: Kysely<any>): Promise<string[]> {
  return check(await (await migrator(db)).migrateDown());
}

/** Undoes every migration. */
export async function migrateAllDown(db: Kysely<any>): Promise<string[]> {
  const done: string[] = [];
  for (;;) {
    const step = check(await (await migrator(db)).migrateDown());
    if (step.length === 0) return done;
    done.push(...step);
  }
}

/** Names of migrations not yet applied. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await (await migrator(db)).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
