import { type Kysely, sql } from "kysely";

/**
 * Change offers (issue 15): a priced change to a confirmed itinerary that the patient accepts or
 * declines. The offer holds the new inventory meanwhile: its reservations carry the itinerary's id
 * and the offer's id as their component id until accepted (then they move onto the component).
 * At most one offer per itinerary is open (a partial unique index): a new one supersedes it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("change_offers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("itinerary_id", "text", (c) => c.notNull().references("itineraries.id"))
    .addColumn("base_version", "integer", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull().check(sql`action in ('add','replace','remove')`))
    .addColumn("component_id", "text", (c) => c.notNull())
    .addColumn("change", "text", (c) => c.notNull())
    .addColumn("params", "text")
    .addColumn("hospital_currency", "text", (c) => c.notNull())
    .addColumn("difference_hospital", "bigint", (c) => c.notNull())
    .addColumn("patient_currency", "text", (c) => c.notNull())
    .addColumn("difference_patient", "bigint", (c) => c.notNull())
    .addColumn("amount_due", "bigint", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('open','accepted','declined','expired','superseded')`),
    )
    .addColumn("valid_until", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("decided_by", "text")
    .addColumn("decided_at", "text")
    .execute();
  await db.schema.createIndex("change_offers_itn_idx").on("change_offers").columns(["itinerary_id", "id"]).execute();
  await db.schema
    .createIndex("change_offers_open_uq")
    .on("change_offers")
    .column("itinerary_id")
    .unique()
    .where(sql.ref("status"), "=", "open")
    .execute();
  await db.schema
    .createIndex("change_offers_expiry_idx")
    .on("change_offers")
    .columns(["status", "valid_until"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("change_offers").ifExists().execute();
}
