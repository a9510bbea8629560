import { type Kysely, sql } from "kysely";

/**
 * Foundation: identities and access, the catalog and its finite inventory.
 * Frozen in time: later changes are new migrations. Dialect-neutral:
 * instants are ISO-8601 UTC text, dates are YYYY-MM-DD text, money is
 * bigint minor units with an ISO 4217 code, booleans are 0/1 integers,
 * lists are JSON text.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await createOrganisations(db);
  await createPeople(db);
  await createTariffs(db);
  await createTravel(db);
  await createLodging(db);
  await createToursAndSlots(db);
}

/** Agencies, hospitals and their departments. */
async function createOrganisations(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("agencies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("fee_percent_bp", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("fee_flat_amount", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("fee_currency", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("hospitals")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_local", "text", (c) => c.notNull())
    .addColumn("city", "text", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("zone", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("languages", "text", (c) => c.notNull())
    .addColumn("international_beds", "integer", (c) => c.notNull().check(sql`international_beds >= 0`))
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("latitude", "real", (c) => c.notNull())
    .addColumn("longitude", "real", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("hospitals_city_idx").on("hospitals").columns(["city", "id"]).execute();

  await db.schema
    .createTable("departments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("hospital_id", "text", (c) => c.notNull().references("hospitals.id"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("languages", "text", (c) => c.notNull())
    .addUniqueConstraint("departments_hospital_code_uq", ["hospital_id", "code"])
    .execute();
}

/** Users, their API tokens and patients. */
async function createPeople(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('patient','agent','clinician','billing','admin')`))
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("agency_id", "text", (c) => c.references("agencies.id"))
    .addColumn("hospital_id", "text", (c) => c.references("hospitals.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addCheckConstraint(
      "users_scope_ck",
      sql`(role = 'agent' and agency_id is not null and hospital_id is null)
       or (role in ('clinician','billing') and hospital_id is not null and agency_id is null)
       or (role in ('patient','admin') and hospital_id is null and agency_id is null)`,
    )
    .execute();
  await db.schema.createIndex("users_email_role_uq").on("users").columns(["email", "role"]).unique().execute();

  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .execute();

  await db.schema
    .createTable("patients")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().unique().references("users.id"))
    .addColumn("agency_id", "text", (c) => c.references("agencies.id"))
    .addColumn("full_name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("phone", "text")
    .addColumn("nationality", "text", (c) => c.notNull())
    .addColumn("home_city", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("languages", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("passport_number_enc", "text")
    .addColumn("birth_date_enc", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("patients_agency_idx").on("patients").columns(["agency_id", "id"]).execute();
}

/** The domestic tariff: versions with an effective date, items per version. */
async function createTariffs(db: Kysely<any>): Promise<void> {
  // Domestic tariff: versions with an effective date, items per version.
  await db.schema
    .createTable("tariff_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("hospital_id", "text", (c) => c.notNull().references("hospitals.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("effective_from", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("published_by", "text", (c) => c.references("users.id"))
    .addColumn("note", "text")
    .addUniqueConstraint("tariff_versions_hospital_version_uq", ["hospital_id", "version"])
    .execute();
  await db.schema
    .createIndex("tariff_versions_effective_idx")
    .on("tariff_versions")
    .columns(["hospital_id", "effective_from"])
    .execute();
  await db.schema
    .createTable("tariff_items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tariff_version_id", "text", (c) => c.notNull().references("tariff_versions.id"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("department_code", "text", (c) => c.notNull())
    .addColumn("service_class", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("unit_price", "bigint", (c) => c.notNull().check(sql`unit_price >= 0`))
    .addColumn("description", "text")
    .addUniqueConstraint("tariff_items_version_code_uq", ["tariff_version_id", "code", "service_class"])
    .execute();
}

/** Airports, flights, airport transfers and the hours their vehicles are reserved. */
async function createTravel(db: Kysely<any>): Promise<void> {
  // Places and travel inventory.
  await db.schema
    .createTable("airports")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("city", "text", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("zone", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("flights")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("carrier", "text", (c) => c.notNull())
    .addColumn("flight_number", "text", (c) => c.notNull())
    .addColumn("origin", "text", (c) => c.notNull().references("airports.code"))
    .addColumn("destination", "text", (c) => c.notNull().references("airports.code"))
    .addColumn("departs_at", "text", (c) => c.notNull())
    .addColumn("arrives_at", "text", (c) => c.notNull())
    .addColumn("origin_local_date", "text", (c) => c.notNull())
    .addColumn("cabin", "text", (c) => c.notNull())
    .addColumn("seats_total", "integer", (c) => c.notNull())
    .addColumn("seats_left", "integer", (c) => c.notNull())
    .addColumn("fare_amount", "bigint", (c) => c.notNull())
    .addColumn("fare_currency", "text", (c) => c.notNull())
    .addCheckConstraint("flights_seats_ck", sql`seats_left >= 0 and seats_left <= seats_total`)
    .execute();
  await db.schema
    .createIndex("flights_search_idx")
    .on("flights")
    .columns(["origin", "destination", "origin_local_date", "departs_at", "id"])
    .execute();

  await db.schema
    .createTable("transfer_products")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("airport_code", "text", (c) => c.notNull().references("airports.code"))
    .addColumn("hospital_id", "text", (c) => c.notNull().references("hospitals.id"))
    .addColumn("vehicle_type", "text", (c) => c.notNull())
    .addColumn("wheelchair_accessible", "integer", (c) => c.notNull())
    .addColumn("max_passengers", "integer", (c) => c.notNull())
    .addColumn("vehicles_per_hour", "integer", (c) => c.notNull().check(sql`vehicles_per_hour >= 0`))
    .addColumn("duration_minutes", "integer", (c) => c.notNull())
    .addColumn("price_amount", "bigint", (c) => c.notNull())
    .addColumn("price_currency", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("transfer_products_search_idx")
    .on("transfer_products")
    .columns(["airport_code", "hospital_id"])
    .execute();
  // Vehicles reserved per product and UTC hour; rows appear when first reserved.
  await db.schema
    .createTable("transfer_hours")
    .addColumn("product_id", "text", (c) => c.notNull().references("transfer_products.id"))
    .addColumn("hour_start", "text", (c) => c.notNull())
    .addColumn("capacity", "integer", (c) => c.notNull())
    .addColumn("reserved", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("transfer_hours_pk", ["product_id", "hour_start"])
    .addCheckConstraint("transfer_hours_ck", sql`reserved >= 0 and reserved <= capacity`)
    .execute();
}

/** Hotels, their distances to hospitals, room types and the nights reserved. */
async function createLodging(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("hotels")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("city", "text", (c) => c.notNull())
    .addColumn("zone", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("stars", "integer", (c) => c.notNull())
    .addColumn("languages", "text", (c) => c.notNull())
    .addColumn("check_in_time", "text", (c) => c.notNull())
    .addColumn("check_out_time", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("hotel_distances")
    .addColumn("hotel_id", "text", (c) => c.notNull().references("hotels.id"))
    .addColumn("hospital_id", "text", (c) => c.notNull().references("hospitals.id"))
    .addColumn("distance_m", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("hotel_distances_pk", ["hospital_id", "hotel_id"])
    .execute();
  await db.schema
    .createTable("room_types")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("hotel_id", "text", (c) => c.notNull().references("hotels.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("max_guests", "integer", (c) => c.notNull())
    .addColumn("accessible", "integer", (c) => c.notNull())
    .addColumn("rooms_total", "integer", (c) => c.notNull().check(sql`rooms_total >= 0`))
    .addColumn("nightly_amount", "bigint", (c) => c.notNull())
    .addColumn("nightly_currency", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("room_types_hotel_idx").on("room_types").columns(["hotel_id"]).execute();
  // Rooms reserved per room type and night (hotel-local date); rows appear when first reserved.
  await db.schema
    .createTable("room_nights")
    .addColumn("room_type_id", "text", (c) => c.notNull().references("room_types.id"))
    .addColumn("night", "text", (c) => c.notNull())
    .addColumn("capacity", "integer", (c) => c.notNull())
    .addColumn("reserved", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("room_nights_pk", ["room_type_id", "night"])
    .addCheckConstraint("room_nights_ck", sql`reserved >= 0 and reserved <= capacity`)
    .execute();
}

/** Tours and their departures, consultation slots, and the application's metadata. */
async function createToursAndSlots(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("tours")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("city", "text", (c) => c.notNull())
    .addColumn("zone", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("intensity", "text", (c) => c.notNull().check(sql`intensity in ('low','moderate','high')`))
    .addColumn("duration_minutes", "integer", (c) => c.notNull())
    .addColumn("wheelchair_accessible", "integer", (c) => c.notNull())
    .addColumn("price_amount", "bigint", (c) => c.notNull())
    .addColumn("price_currency", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("tour_departures")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tour_id", "text", (c) => c.notNull().references("tours.id"))
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("local_date", "text", (c) => c.notNull())
    .addColumn("capacity", "integer", (c) => c.notNull())
    .addColumn("reserved", "integer", (c) => c.notNull().defaultTo(0))
    .addCheckConstraint("tour_departures_ck", sql`reserved >= 0 and reserved <= capacity`)
    .execute();
  await db.schema
    .createIndex("tour_departures_date_idx")
    .on("tour_departures")
    .columns(["local_date", "tour_id"])
    .execute();

  await db.schema
    .createTable("consultation_slots")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("hospital_id", "text", (c) => c.notNull().references("hospitals.id"))
    .addColumn("department_code", "text", (c) => c.notNull())
    .addColumn("mode", "text", (c) => c.notNull().check(sql`mode in ('video','in_person')`))
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("duration_minutes", "integer", (c) => c.notNull())
    .addColumn("capacity", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("reserved", "integer", (c) => c.notNull().defaultTo(0))
    .addCheckConstraint("consultation_slots_ck", sql`reserved >= 0 and reserved <= capacity`)
    .execute();
  await db.schema
    .createIndex("consultation_slots_search_idx")
    .on("consultation_slots")
    .columns(["hospital_id", "department_code", "starts_at"])
    .execute();

  await db.schema
    .createTable("app_meta")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "app_meta",
    "consultation_slots",
    "tour_departures",
    "tours",
    "room_nights",
    "room_types",
    "hotel_distances",
    "hotels",
    "transfer_hours",
    "transfer_products",
    "flights",
    "airports",
    "tariff_items",
    "tariff_versions",
    "patients",
    "api_tokens",
    "users",
    "departments",
    "hospitals",
    "agencies",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
