import { type Kysely, type MigrationResultSet, Migrator } from "kysely";
import { migrations } from "../../db/migrations/index";

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
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
  return check(await migrator(db).migrateToLatest());
}

/** Undoes the last migration. */
export async function migrateDown(db: Kysely<any>): Promise<string[]> {
  return check(await migrator(db).migrateDown());
}

/** Undoes every migration. */
export async function migrateAllDown(db: Kysely<any>): Promise<string[]> {
  const done: string[] = [];
  for (;;) {
    const step = check(await migrator(db).migrateDown());
    if (step.length === 0) return done;
    done.push(...step);
  }
}

/** Names of migrations not yet applied. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
