import type { Kysely } from "kysely";

/**
 * Rate-limit counters shared by every instance on one database (PostgreSQL, D1): one row per
 * budget and client key, its hits in the current fixed window and when that window ends
 * (epoch milliseconds). Rows past their window are reused in place or swept.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rate_limits")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("hits", "integer", (c) => c.notNull())
    .addColumn("reset_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("rate_limits_reset_at_idx").on("rate_limits").column("reset_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rate_limits").ifExists().execute();
}
