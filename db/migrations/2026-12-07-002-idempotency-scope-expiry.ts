import type { Kysely } from "kysely";

/**
 * Idempotency keys keep their response sealed (AES-256-GCM, `response_enc`) instead of in clear,
 * carry a lease (the claimant's fencing token), the time of the claim, and when the request's
 * change committed (written inside the change's own transaction). Keys expire 24 h after
 * `created_at`; the index serves the purge. Responses stored in clear so far are erased: a replay
 * of such a key answers that the response was lost (the change is never run again).
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ["lease", "claimed_at", "committed_at", "response_enc"]) {
    await db.schema.alterTable("idempotency_keys").addColumn(column, "text").execute();
  }
  await db.schema.createIndex("idempotency_keys_created_idx").on("idempotency_keys").column("created_at").execute();
  await db.updateTable("idempotency_keys").set({ response_headers: null, response_body: null }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("idempotency_keys_created_idx").ifExists().execute();
  for (const column of ["response_enc", "committed_at", "claimed_at", "lease"]) {
    await db.schema.alterTable("idempotency_keys").dropColumn(column).execute();
  }
}
