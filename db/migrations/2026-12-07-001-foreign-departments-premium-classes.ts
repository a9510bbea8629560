import type { Kysely } from "kysely";

/**
 * Foreign-patient departments and premium classes (SPEC §6).
 * - departments.serves_foreign_patients (0/1): the hospital marks an international clinic, VIP
 *   ward, foreigners' service however named; such a department never carries a price other than
 *   the standard class's domestic price for the same code.
 * - tariff_versions.premium_classes (JSON list, null for versions published before): the non-standard
 *   classes billing declared, at publication, as bought by domestic patients at those prices.
 * - quote_lines.standard_unit_price (null on standard-class lines): the standard-class price a
 *   premium-class line shows beside its own.
 * Frozen in time; dialect-neutral. The demo data's international department is marked here too,
 * so a database seeded before this migration agrees with a fresh one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("departments")
    .addColumn("serves_foreign_patients", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("tariff_versions").addColumn("premium_classes", "text").execute();
  await db.schema.alterTable("quote_lines").addColumn("standard_unit_price", "bigint").execute();
  await db
    .updateTable("departments")
    .set({ serves_foreign_patients: 1 })
    .where("id", "=", "dep_xjph_international_medical_center")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("quote_lines").dropColumn("standard_unit_price").execute();
  await db.schema.alterTable("tariff_versions").dropColumn("premium_classes").execute();
  await db.schema.alterTable("departments").dropColumn("serves_foreign_patients").execute();
}
