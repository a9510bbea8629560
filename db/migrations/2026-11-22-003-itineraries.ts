import { type Kysely, sql } from "kysely";

/**
 * Itineraries, their components, the reservation ledger behind holds and bookings,
 * history, cancellation quotes, hand-recorded payments, hospital bed-nights and the
 * idempotency store.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await createItineraries(db);
  await createInventoryRecords(db);
  await createHistoryAndMoney(db);
}

/** Itineraries and their components. */
async function createItineraries(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("itineraries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("patient_id", "text", (c) => c.notNull().references("patients.id"))
    .addColumn("agency_id", "text", (c) => c.references("agencies.id"))
    .addColumn("hospital_id", "text", (c) => c.notNull().references("hospitals.id"))
    .addColumn("quote_id", "text", (c) => c.references("quotes.id"))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('draft','held','confirmed','completed','cancelled')`),
    )
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("patient_currency", "text", (c) => c.notNull())
    .addColumn("travelers", "text", (c) => c.notNull())
    .addColumn("hold_expires_at", "text")
    .addColumn("notes", "text")
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("itineraries_patient_idx").on("itineraries").columns(["patient_id", "id"]).execute();
  await db.schema
    .createIndex("itineraries_agency_idx")
    .on("itineraries")
    .columns(["agency_id", "status", "id"])
    .execute();
  await db.schema
    .createIndex("itineraries_hold_idx")
    .on("itineraries")
    .columns(["status", "hold_expires_at"])
    .execute();

  await db.schema
    .createTable("itinerary_components")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("itinerary_id", "text", (c) => c.notNull().references("itineraries.id"))
    .addColumn("type", "text", (c) =>
      c.notNull().check(sql`type in ('consultation','treatment','flight','transfer','lodging','tour')`),
    )
    .addColumn("ref", "text", (c) => c.notNull())
    .addColumn("params", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("itinerary_components_itn_idx")
    .on("itinerary_components")
    .columns(["itinerary_id", "position"])
    .execute();
}

/** Reservations and hospital bed nights. */
async function createInventoryRecords(db: Kysely<any>): Promise<void> {
  // Every unit of inventory an itinerary holds or has booked. Releasing gives the counter back.
  await db.schema
    .createTable("reservations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("itinerary_id", "text", (c) => c.notNull().references("itineraries.id"))
    .addColumn("component_id", "text", (c) => c.notNull())
    .addColumn("resource", "text", (c) =>
      c.notNull().check(sql`resource in ('flight','transfer_hour','room_night','tour_departure','bed_night')`),
    )
    .addColumn("resource_key", "text", (c) => c.notNull())
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('held','booked','released')`))
    .addColumn("expires_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("released_at", "text")
    .execute();
  await db.schema.createIndex("reservations_itn_idx").on("reservations").columns(["itinerary_id", "status"]).execute();
  await db.schema
    .createIndex("reservations_resource_idx")
    .on("reservations")
    .columns(["resource", "resource_key", "status"])
    .execute();

  await db.schema
    .createTable("hospital_bed_nights")
    .addColumn("hospital_id", "text", (c) => c.notNull().references("hospitals.id"))
    .addColumn("night", "text", (c) => c.notNull())
    .addColumn("capacity", "integer", (c) => c.notNull())
    .addColumn("reserved", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("hospital_bed_nights_pk", ["hospital_id", "night"])
    .addCheckConstraint("hospital_bed_nights_ck", sql`reserved >= 0 and reserved <= capacity`)
    .execute();
}

/** History, cancellation quotes, payments and idempotency keys. */
async function createHistoryAndMoney(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("itinerary_history")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("itinerary_id", "text", (c) => c.notNull().references("itineraries.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("actor_user_id", "text")
    .addColumn("actor_role", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("before", "text")
    .addColumn("after", "text")
    .execute();
  await db.schema
    .createIndex("itinerary_history_itn_idx")
    .on("itinerary_history")
    .columns(["itinerary_id", "version"])
    .execute();

  await db.schema
    .createTable("cancellation_quotes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("itinerary_id", "text", (c) => c.notNull().references("itineraries.id"))
    .addColumn("itinerary_version", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('open','used')`))
    .addColumn("refunds", "text", (c) => c.notNull())
    .addColumn("total_refund", "bigint", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("payments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("itinerary_id", "text", (c) => c.notNull().references("itineraries.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('payment','refund')`))
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("amount", "bigint", (c) => c.notNull().check(sql`amount >= 0`))
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("reference", "text")
    .addColumn("cancellation_quote_id", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("payments_itn_idx").on("payments").columns(["itinerary_id", "id"]).execute();

  await db.schema
    .createTable("idempotency_keys")
    .addColumn("owner", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('in_progress','done')`))
    .addColumn("response_status", "integer")
    .addColumn("response_headers", "text")
    .addColumn("response_body", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_keys_pk", ["owner", "key"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "idempotency_keys",
    "payments",
    "cancellation_quotes",
    "itinerary_history",
    "hospital_bed_nights",
    "reservations",
    "itinerary_components",
    "itineraries",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
