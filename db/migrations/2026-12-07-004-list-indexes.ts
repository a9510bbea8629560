import { type Kysely, sql } from "kysely";

/**
 * Indexes that serve each list's filter AND its order, so a page of a list costs the same however
 * many rows its table holds: the database seeks to the filter's key and reads the page in index
 * order (keyset `id < ?` included) instead of sorting every matching row or scanning the table.
 * An agency's consultations and quotes were found through its patients and then sorted: each row
 * now carries its patient's agency, so those lists page by (agency_id, id) too.
 */
const INDEXES: [name: string, table: string, columns: string[]][] = [
  // An agency's itineraries newest first; (agency_id, status, id) serves only a status filter.
  ["itineraries_agency_id_idx", "itineraries", ["agency_id", "id"]],
  // A hospital's itineraries (clinicians, billing), with or without a status.
  ["itineraries_hospital_idx", "itineraries", ["hospital_id", "id"]],
  ["itineraries_hospital_status_idx", "itineraries", ["hospital_id", "status", "id"]],
  // An admin's list by status.
  ["itineraries_status_id_idx", "itineraries", ["status", "id"]],
  ["consultations_hospital_status_idx", "consultations", ["hospital_id", "status", "id"]],
  ["consultations_status_idx", "consultations", ["status", "id"]],
  ["quotes_hospital_status_id_idx", "quotes", ["hospital_id", "status", "id"]],
  ["quotes_status_idx", "quotes", ["status", "id"]],
  // An agency's consultations and quotes (its patients'), by the agency copied onto each row.
  ["consultations_agency_idx", "consultations", ["agency_id", "id"]],
  ["quotes_agency_idx", "quotes", ["agency_id", "id"]],
  // A hospital's slots in (starts_at, id) order, of one department or of all.
  ["consultation_slots_time_idx", "consultation_slots", ["hospital_id", "starts_at", "id"]],
  ["consultation_slots_dept_time_idx", "consultation_slots", ["hospital_id", "department_code", "starts_at", "id"]],
  // Tour departures in (starts_at, id) order: of one day, or after an instant.
  ["tour_departures_day_time_idx", "tour_departures", ["local_date", "starts_at", "id"]],
  ["tour_departures_time_idx", "tour_departures", ["starts_at", "id"]],
  // An itinerary's history and components in their order, ties included, without a sort.
  ["itinerary_history_order_idx", "itinerary_history", ["itinerary_id", "version", "id"]],
  ["itinerary_components_order_idx", "itinerary_components", ["itinerary_id", "position", "id"]],
];

/** Indexes the new ones replace (each a prefix of one, or one no query prefers any more), as they were made. */
const REPLACED: [name: string, table: string, columns: string[]][] = [
  ["itinerary_history_itn_idx", "itinerary_history", ["itinerary_id", "version"]],
  ["itinerary_components_itn_idx", "itinerary_components", ["itinerary_id", "position"]],
  ["quotes_hospital_status_idx", "quotes", ["hospital_id", "status"]],
  ["consultation_slots_search_idx", "consultation_slots", ["hospital_id", "department_code", "starts_at"]],
  ["tour_departures_date_idx", "tour_departures", ["local_date", "tour_id"]],
];

/** Tables that get their patient's agency, written on insert (a patient never changes agency). */
const BY_PATIENT = ["consultations", "quotes"];

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of BY_PATIENT) {
    await db.schema.alterTable(table).addColumn("agency_id", "text").execute();
    const agencyOf = sql`(select p.agency_id from patients p where p.id = ${sql.ref(`${table}.patient_id`)})`;
    await sql`update ${sql.table(table)} set agency_id = ${agencyOf}`.execute(db);
  }
  for (const [name, table, columns] of INDEXES) await db.schema.createIndex(name).on(table).columns(columns).execute();
  for (const [name] of REPLACED) await db.schema.dropIndex(name).ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of REPLACED) await db.schema.createIndex(name).on(table).columns(columns).execute();
  for (const [name] of [...INDEXES].reverse()) await db.schema.dropIndex(name).ifExists().execute();
  for (const table of BY_PATIENT) await db.schema.alterTable(table).dropColumn("agency_id").execute();
}
