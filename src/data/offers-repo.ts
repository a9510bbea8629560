import type { Kysely, Transaction } from "kysely";
import type { ChangeOfferRow, Database, OfferStatus, ReservationRow } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

export type NewOffer = Omit<ChangeOfferRow, "status" | "decided_by" | "decided_at">;

export async function insertOffer(db: Db, row: NewOffer): Promise<void> {
  await db
    .insertInto("change_offers")
    .values({ ...row, status: "open", decided_by: null, decided_at: null })
    .execute();
}

export async function findOffer(db: Db, itineraryId: string, id: string): Promise<ChangeOfferRow | undefined> {
  return db
    .selectFrom("change_offers")
    .selectAll()
    .where("id", "=", id)
    .where("itinerary_id", "=", itineraryId)
    .executeTakeFirst();
}

/** An itinerary's offers, newest first (at most `limit`). */
export async function offersOf(db: Db, itineraryId: string, limit = 100): Promise<ChangeOfferRow[]> {
  return db
    .selectFrom("change_offers")
    .selectAll()
    .where("itinerary_id", "=", itineraryId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export async function openOfferOf(db: Db, itineraryId: string): Promise<ChangeOfferRow | undefined> {
  return db
    .selectFrom("change_offers")
    .selectAll()
    .where("itinerary_id", "=", itineraryId)
    .where("status", "=", "open")
    .executeTakeFirst();
}

/**
 * Closes an open offer: only if it is still open, so of two deciders (accept and expiry) exactly one
 * wins (on PostgreSQL the second waits for the first's row lock, then finds it closed). Returns false
 * when it was no longer open.
 */
export async function closeOffer(
  db: Db,
  id: string,
  status: Exclude<OfferStatus, "open">,
  by: string | null,
  at: Date,
  /** `live`: only while still valid at `at`; `ran-out`: only once no longer valid at `at`. */
  when?: "live" | "ran-out",
): Promise<boolean> {
  let q = db
    .updateTable("change_offers")
    .set({ status, decided_by: by, decided_at: at.toISOString() })
    .where("id", "=", id)
    .where("status", "=", "open");
  if (when === "live") q = q.where("valid_until", ">", at.toISOString());
  if (when === "ran-out") q = q.where("valid_until", "<=", at.toISOString());
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Open offers whose time ran out, oldest first. */
export async function expiredOpenOffers(db: Db, nowIso: string, limit = 100) {
  return db
    .selectFrom("change_offers")
    .select(["id", "itinerary_id"])
    .where("status", "=", "open")
    .where("valid_until", "<=", nowIso)
    .orderBy("valid_until")
    .limit(limit)
    .execute();
}

/** The reservations an offer holds (its id stands as their component id until accepted). */
export async function offerReservations(db: Db, itineraryId: string, offerId: string): Promise<ReservationRow[]> {
  return db
    .selectFrom("reservations")
    .selectAll()
    .where("itinerary_id", "=", itineraryId)
    .where("component_id", "=", offerId)
    .where("status", "=", "held")
    .orderBy("resource")
    .orderBy("resource_key")
    .execute();
}

/**
 * Moves an offer's held reservations onto the component: booked on a confirmed itinerary, held until
 * the hold's end on a held one. Returns how many moved.
 */
export async function moveOfferReservations(
  db: Db,
  itineraryId: string,
  offerId: string,
  to: { componentId: string; status: "held" | "booked"; expiresAt: string | null },
): Promise<number> {
  const r = await db
    .updateTable("reservations")
    .set({ component_id: to.componentId, status: to.status, expires_at: to.expiresAt })
    .where("itinerary_id", "=", itineraryId)
    .where("component_id", "=", offerId)
    .where("status", "=", "held")
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
