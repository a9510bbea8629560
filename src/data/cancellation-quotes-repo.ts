import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

export async function findCancellationQuote(db: Db, id: string) {
  return db.selectFrom("cancellation_quotes").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertCancellationQuote(
  db: Db,
  row: {
    id: string;
    itinerary_id: string;
    itinerary_version: number;
    status: "open";
    refunds: string;
    total_refund: number;
    currency: string;
    created_at: string;
    expires_at: string;
  },
): Promise<void> {
  await db.insertInto("cancellation_quotes").values(row).execute();
}

/** Marks an open cancellation quote used; false when it was already used. */
export async function useCancellationQuote(db: Db, id: string): Promise<boolean> {
  const used = await db
    .updateTable("cancellation_quotes")
    .set({ status: "used" })
    .where("id", "=", id)
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1;
}
