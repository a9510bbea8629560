import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

/** The calendar events last served for an itinerary (UID, state, SEQUENCE). */
export async function calendarEventsOf(db: Db, itineraryId: string) {
  return db.selectFrom("calendar_events").selectAll().where("itinerary_id", "=", itineraryId).execute();
}

/** Records a calendar event served for the first time (SEQUENCE 0); a concurrent first insert wins. */
export async function insertCalendarEvent(
  db: Db,
  row: { itinerary_id: string; uid: string; state: string; updated_at: string },
): Promise<void> {
  await db
    .insertInto("calendar_events")
    .values({ ...row, sequence: 0 })
    .onConflict((oc) => oc.columns(["itinerary_id", "uid"]).doNothing())
    .execute();
}

/** Moves a calendar event to a new state and SEQUENCE, only if it is still in the state read. */
export async function bumpCalendarEvent(
  db: Db,
  itineraryId: string,
  uid: string,
  fromState: string,
  set: { state: string; sequence: number; updated_at: string },
): Promise<void> {
  await db
    .updateTable("calendar_events")
    .set(set)
    .where("itinerary_id", "=", itineraryId)
    .where("uid", "=", uid)
    .where("state", "=", fromState)
    .execute();
}
