import type { Kysely } from "kysely";

/** The reason an agent gives for a change (≤ 500 characters), kept with the history entry it explains. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("itinerary_history").addColumn("reason", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("itinerary_history").dropColumn("reason").execute();
}
