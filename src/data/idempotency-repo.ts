import type { Kysely } from "kysely";
import type { Database } from "./schema";

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Claim =
  | { kind: "claimed" }
  | { kind: "replay"; response: StoredResponse }
  | { kind: "in_progress" }
  | { kind: "mismatch" };

/**
 * Claims an idempotency key for its owner: the first caller inserts it (the primary key decides
 * races); later callers get the stored response, "in progress", or "mismatch" for another body.
 * A claim left in progress longer than `staleMs` (a crash) may be taken over.
 */
export async function claimKey(db: Kysely<Database>, owner: string, key: string, fingerprint: string, now: Date, staleMs = 60_000): Promise<Claim> {
  const nowIso = now.toISOString();
  const inserted = await db
    .insertInto("idempotency_keys")
    .values({ owner, key, fingerprint, status: "in_progress", response_status: null, response_headers: null, response_body: null, created_at: nowIso })
    .onConflict((oc) => oc.columns(["owner", "key"]).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return { kind: "claimed" };
  const row = await db.selectFrom("idempotency_keys").selectAll().where("owner", "=", owner).where("key", "=", key).executeTakeFirst();
  if (!row) return claimKey(db, owner, key, fingerprint, now, staleMs);
  if (row.fingerprint !== fingerprint) return { kind: "mismatch" };
  if (row.status === "done") {
    return { kind: "replay", response: { status: row.response_status!, headers: JSON.parse(row.response_headers ?? "{}") as Record<string, string>, body: row.response_body ?? "" } };
  }
  if (Date.parse(row.created_at) < now.getTime() - staleMs) {
    const taken = await db.updateTable("idempotency_keys").set({ created_at: nowIso }).where("owner", "=", owner).where("key", "=", key).where("status", "=", "in_progress").where("created_at", "=", row.created_at).executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1) return { kind: "claimed" };
  }
  return { kind: "in_progress" };
}

export async function completeKey(db: Kysely<Database>, owner: string, key: string, response: StoredResponse): Promise<void> {
  await db
    .updateTable("idempotency_keys")
    .set({ status: "done", response_status: response.status, response_headers: JSON.stringify(response.headers), response_body: response.body })
    .where("owner", "=", owner)
    .where("key", "=", key)
    .execute();
}

/** Forgets a claim whose request failed on our side, so a retry can run. */
export async function dropKey(db: Kysely<Database>, owner: string, key: string): Promise<void> {
  await db.deleteFrom("idempotency_keys").where("owner", "=", owner).where("key", "=", key).where("status", "=", "in_progress").execute();
}
