import type { Kysely } from "kysely";
import type { Database } from "./schema";

/** Keys expire a day after their first use (as Stripe's do): reuse is then allowed, and the purge deletes them. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/** An in-progress claim older than this is presumed dead (its process crashed). */
export const STALE_CLAIM_MS = 60_000;

export type Claim =
  | { kind: "claimed" }
  | { kind: "replay"; sealed: string }
  | { kind: "in_progress" }
  /** The change committed but its response was not stored (the claimant died, or the row predates sealing). */
  | { kind: "lost" }
  | { kind: "mismatch" };

type Db = Kysely<Database>;

/**
 * Claims an idempotency key for its owner under `lease`: the first caller inserts it (the primary
 * key decides races); later callers get the sealed response, "in progress", or "mismatch" for
 * another body. An expired key is deleted and claimed anew. A claim left in progress longer than
 * STALE_CLAIM_MS may be taken over only if its change never committed (`committed_at` is written
 * in the change's own transaction, so "not committed" is certain).
 */
export async function claimKey(
  db: Db,
  owner: string,
  key: string,
  fingerprint: string,
  now: Date,
  lease: string,
): Promise<Claim> {
  const nowIso = now.toISOString();
  for (let attempt = 0; attempt < 5; attempt++) {
    const inserted = await db
      .insertInto("idempotency_keys")
      .values({
        owner,
        key,
        fingerprint,
        status: "in_progress",
        response_status: null,
        response_headers: null,
        response_body: null,
        created_at: nowIso,
        lease,
        claimed_at: nowIso,
        committed_at: null,
        response_enc: null,
      })
      .onConflict((oc) => oc.columns(["owner", "key"]).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return { kind: "claimed" };
    const row = await db
      .selectFrom("idempotency_keys")
      .selectAll()
      .where("owner", "=", owner)
      .where("key", "=", key)
      .executeTakeFirst();
    if (!row) continue;
    if (Date.parse(row.created_at) <= now.getTime() - IDEMPOTENCY_TTL_MS) {
      await db
        .deleteFrom("idempotency_keys")
        .where("owner", "=", owner)
        .where("key", "=", key)
        .where("created_at", "=", row.created_at)
        .execute();
      continue;
    }
    if (row.fingerprint !== fingerprint) return { kind: "mismatch" };
    if (row.status === "done") {
      return row.response_enc !== null ? { kind: "replay", sealed: row.response_enc } : { kind: "lost" };
    }
    const claimedAt = row.claimed_at ?? row.created_at;
    if (Date.parse(claimedAt) > now.getTime() - STALE_CLAIM_MS) return { kind: "in_progress" };
    if (row.committed_at !== null) return { kind: "lost" };
    const taken = await db
      .updateTable("idempotency_keys")
      .set({ lease, claimed_at: nowIso })
      .where("owner", "=", owner)
      .where("key", "=", key)
      .where("status", "=", "in_progress")
      .where("committed_at", "is", null)
      .where("lease", row.lease === null ? "is" : "=", row.lease)
      .where(row.claimed_at === null ? "created_at" : "claimed_at", "=", claimedAt)
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) === 1 ? { kind: "claimed" } : { kind: "in_progress" };
  }
  return { kind: "in_progress" };
}

/**
 * Records, inside the transaction of the request's change, that the change is committing. Refuses
 * (returns false) when the claim was taken over, so a presumed-dead claimant never commits.
 */
export async function markCommitted(trx: Db, owner: string, key: string, lease: string, now: Date): Promise<boolean> {
  const r = await trx
    .updateTable("idempotency_keys")
    .set({ committed_at: now.toISOString() })
    .where("owner", "=", owner)
    .where("key", "=", key)
    .where("lease", "=", lease)
    .where("status", "=", "in_progress")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Stores the sealed response; a claim that was taken over (nothing committed) is left to its new owner. */
export async function completeKey(db: Db, owner: string, key: string, lease: string, sealed: string): Promise<void> {
  await db
    .updateTable("idempotency_keys")
    .set({ status: "done", response_enc: sealed })
    .where("owner", "=", owner)
    .where("key", "=", key)
    .where("lease", "=", lease)
    .execute();
}

/**
 * Forgets a claim whose request failed on our side, so a retry can run; a claim whose change
 * committed is kept (a retry then learns the response was lost instead of running it again).
 */
export async function dropKey(db: Db, owner: string, key: string, lease: string): Promise<void> {
  await db
    .deleteFrom("idempotency_keys")
    .where("owner", "=", owner)
    .where("key", "=", key)
    .where("lease", "=", lease)
    .where("status", "=", "in_progress")
    .where("committed_at", "is", null)
    .execute();
}

/** Deletes keys older than IDEMPOTENCY_TTL_MS, `batch` rows per statement, at most `maxBatches` statements. */
export async function purgeExpiredKeys(db: Db, now: Date, batch = 500, maxBatches = 20): Promise<number> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString();
  let purged = 0;
  for (let i = 0; i < maxBatches; i++) {
    const r = await db
      .deleteFrom("idempotency_keys")
      .where((eb) =>
        eb(
          eb.refTuple("owner", "key"),
          "in",
          eb
            .selectFrom("idempotency_keys")
            .select(["owner", "key"])
            .where("created_at", "<=", cutoff)
            .limit(batch)
            .$asTuple("owner", "key"),
        ),
      )
      .executeTakeFirst();
    const n = Number(r.numDeletedRows);
    purged += n;
    if (n < batch) break;
  }
  return purged;
}
