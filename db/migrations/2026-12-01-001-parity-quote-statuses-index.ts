import type { Kysely } from "kysely";

/**
 * The parity report on the embedded default can read the statuses of all of a hospital's quotes
 * at once, in id order (instead of looking up each line's quote): this covering index answers
 * that from the index alone, without visiting the quotes' rows (which carry the affirmations).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("quotes_hospital_status_cover_idx")
    .on("quotes")
    .columns(["hospital_id", "id", "status", "valid_until"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("quotes_hospital_status_cover_idx").ifExists().execute();
}
