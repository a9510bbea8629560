import type { Kysely } from "kysely";

/**
 * What each calendar event of an itinerary last looked like when its calendar was served, and its
 * iCalendar SEQUENCE: the number rises when the event's state (times, zones, summary, place) changes,
 * so calendar apps update the event in place instead of keeping an old copy.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("calendar_events")
    .addColumn("itinerary_id", "text", (c) => c.notNull().references("itineraries.id").onDelete("cascade"))
    .addColumn("uid", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("sequence", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("calendar_events_pk", ["itinerary_id", "uid"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("calendar_events").ifExists().execute();
}
