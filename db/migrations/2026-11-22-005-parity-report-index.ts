import type { Kysely } from "kysely";

/**
 * The parity report reads a hospital's medical lines by service date, in the order
 * (service_date, quote_id, line_no). A covering index in exactly that order lets the database
 * answer it from the index alone: no sort, no visit to the table. It replaces
 * `quote_lines_report_idx` (hospital_id, service_date), whose prefix it carries.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("quote_lines_report_cover_idx")
    .on("quote_lines")
    .columns([
      "hospital_id",
      "service_date",
      "quote_id",
      "line_no",
      "code",
      "department_code",
      "service_class",
      "quantity",
      "unit_price",
      "line_total",
    ])
    .execute();
  await db.schema.dropIndex("quote_lines_report_idx").ifExists().execute();
  // Each report batch looks up its quotes' status and validity: answered from this index alone.
  await db.schema
    .createIndex("quotes_status_cover_idx")
    .on("quotes")
    .columns(["id", "status", "valid_until"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("quotes_status_cover_idx").ifExists().execute();
  await db.schema
    .createIndex("quote_lines_report_idx")
    .on("quote_lines")
    .columns(["hospital_id", "service_date"])
    .execute();
  await db.schema.dropIndex("quote_lines_report_cover_idx").ifExists().execute();
}
