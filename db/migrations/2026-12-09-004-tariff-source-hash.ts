import type { Kysely } from "kysely";

/**
 * tariff_versions.source_hash (null for versions published as JSON): the SHA-256 of the spreadsheet
 * upload a version was published from, with its effective date, mode and premium classes. Unique per
 * hospital, so the same upload confirmed twice (a double submit, a retry) publishes one version; the
 * second confirmation finds the first. Dialect-neutral.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("tariff_versions").addColumn("source_hash", "text").execute();
  await db.schema
    .createIndex("tariff_versions_source_hash_idx")
    .on("tariff_versions")
    .columns(["hospital_id", "source_hash"])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("tariff_versions_source_hash_idx").execute();
  await db.schema.alterTable("tariff_versions").dropColumn("source_hash").execute();
}
