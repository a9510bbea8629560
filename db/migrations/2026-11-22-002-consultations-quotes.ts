import { type Kysely, sql } from "kysely";

/**
 * Consultations, quotes with their medical lines, FX rates and the notification outbox.
 * Consultations are free: the price column is pinned to zero by a CHECK.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await createConsultations(db);
  await createQuotes(db);
  await createOutbox(db);
}

/** The patient's zone, exchange rates and consultations. */
async function createConsultations(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("patients").addColumn("zone", "text").execute();

  await db.schema
    .createTable("fx_rates")
    .addColumn("base", "text", (c) => c.notNull())
    .addColumn("quote", "text", (c) => c.notNull())
    .addColumn("as_of", "text", (c) => c.notNull())
    .addColumn("rate", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("fx_rates_pk", ["base", "quote", "as_of"])
    .execute();

  await db.schema
    .createTable("consultations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("patient_id", "text", (c) => c.notNull().references("patients.id"))
    .addColumn("hospital_id", "text", (c) => c.notNull().references("hospitals.id"))
    .addColumn("department_code", "text", (c) => c.notNull())
    .addColumn("mode", "text", (c) => c.notNull().check(sql`mode in ('video','in_person')`))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('requested','scheduled','completed','cancelled')`),
    )
    .addColumn("complaint", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("preferred_times", "text", (c) => c.notNull())
    .addColumn("records", "text", (c) => c.notNull())
    .addColumn("slot_id", "text", (c) => c.references("consultation_slots.id"))
    .addColumn("price_amount", "bigint", (c) => c.notNull().defaultTo(0).check(sql`price_amount = 0`))
    .addColumn("price_currency", "text", (c) => c.notNull())
    .addColumn("recommendation", "text")
    .addColumn("recommended_by", "text", (c) => c.references("users.id"))
    .addColumn("recommended_at", "text")
    .addColumn("cancel_reason", "text")
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("consultations_patient_idx").on("consultations").columns(["patient_id", "id"]).execute();
  await db.schema
    .createIndex("consultations_hospital_idx")
    .on("consultations")
    .columns(["hospital_id", "id"])
    .execute();
  // One live consultation per slot, whatever the application does.
  await db.schema
    .createIndex("consultations_slot_uq")
    .on("consultations")
    .column("slot_id")
    .unique()
    .where(sql.ref("status"), "=", "scheduled")
    .execute();
}

/** Quotes and their lines. */
async function createQuotes(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("quotes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("patient_id", "text", (c) => c.notNull().references("patients.id"))
    .addColumn("hospital_id", "text", (c) => c.notNull().references("hospitals.id"))
    .addColumn("consultation_id", "text", (c) => c.references("consultations.id"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('open','withdrawn')`))
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("service_date", "text", (c) => c.notNull())
    .addColumn("hospital_currency", "text", (c) => c.notNull())
    .addColumn("patient_currency", "text", (c) => c.notNull())
    .addColumn("medical_total", "bigint", (c) => c.notNull())
    .addColumn("medical_total_patient", "bigint", (c) => c.notNull())
    .addColumn("fx", "text", (c) => c.notNull())
    .addColumn("valid_until", "text", (c) => c.notNull())
    .addColumn("affirmation_payload", "text", (c) => c.notNull())
    .addColumn("affirmation_signature", "text", (c) => c.notNull())
    .addColumn("affirmation_key_id", "text", (c) => c.notNull())
    .addColumn("withdrawn_reason", "text")
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("quotes_patient_idx").on("quotes").columns(["patient_id", "id"]).execute();
  await db.schema.createIndex("quotes_hospital_status_idx").on("quotes").columns(["hospital_id", "status"]).execute();

  await db.schema
    .createTable("quote_lines")
    .addColumn("quote_id", "text", (c) => c.notNull().references("quotes.id"))
    .addColumn("line_no", "integer", (c) => c.notNull())
    .addColumn("hospital_id", "text", (c) => c.notNull())
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("department_code", "text", (c) => c.notNull())
    .addColumn("service_class", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("quantity", "integer", (c) => c.notNull())
    .addColumn("service_date", "text", (c) => c.notNull())
    .addColumn("unit_price", "bigint", (c) => c.notNull())
    .addColumn("line_total", "bigint", (c) => c.notNull())
    .addColumn("tariff_version_id", "text", (c) => c.notNull().references("tariff_versions.id"))
    .addColumn("tariff_version", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("quote_lines_pk", ["quote_id", "line_no"])
    .execute();
  await db.schema
    .createIndex("quote_lines_report_idx")
    .on("quote_lines")
    .columns(["hospital_id", "service_date"])
    .execute();
}

/** The outbox of notifications. */
async function createOutbox(db: Kysely<any>): Promise<void> {
  // Outbox: written in the same transaction as the change it reports; a dispatcher sends it.
  await db.schema
    .createTable("notifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("last_error", "text")
    .addColumn("sent_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("notifications_due_idx")
    .on("notifications")
    .columns(["status", "next_attempt_at"])
    .execute();
  await db.schema.createIndex("notifications_user_idx").on("notifications").columns(["user_id", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["notifications", "quote_lines", "quotes", "consultations", "fx_rates"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await db.schema.alterTable("patients").dropColumn("zone").execute();
}
