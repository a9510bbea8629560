import type { Kysely } from "kysely";

/**
 * Trip messages: one conversation per itinerary among its participants (the patient, their agency's
 * agents, the hospital's staff, admins). `seq` numbers an itinerary's messages 1, 2, 3… in the order
 * they were posted (unique per itinerary): pages and unread counts compare it, never clock readings,
 * so two messages in the same millisecond keep their order. `attachments` is JSON metadata only.
 * A read marker per (itinerary, user) says up to which `seq` that user has read.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("trip_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("itinerary_id", "text", (c) => c.notNull().references("itineraries.id").onDelete("cascade"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("author_user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("author_role", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("attachments", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("trip_messages_itinerary_seq_idx")
    .on("trip_messages")
    .columns(["itinerary_id", "seq"])
    .unique()
    .execute();
  await db.schema
    .createTable("trip_message_reads")
    .addColumn("itinerary_id", "text", (c) => c.notNull().references("itineraries.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("last_read_seq", "integer", (c) => c.notNull())
    .addColumn("last_read_message_id", "text")
    .addColumn("last_read_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("trip_message_reads_pk", ["itinerary_id", "user_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("trip_message_reads").ifExists().execute();
  await db.schema.dropTable("trip_messages").ifExists().execute();
}
