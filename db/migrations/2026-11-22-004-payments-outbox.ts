import type { Kysely } from "kysely";

/**
 * Card payments (Stripe PaymentIntents and refunds), webhook events applied once, and the
 * outbox's delivery bookkeeping (claim lease, Message-ID, dead letters).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("payments").addColumn("provider_ref", "text").execute();
  await db.schema.alterTable("payments").addColumn("failure_reason", "text").execute();
  await db.schema.createIndex("payments_provider_ref_idx").on("payments").column("provider_ref").execute();

  await db.schema
    .createTable("webhook_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("object_id", "text")
    .addColumn("received_at", "text", (c) => c.notNull())
    .addColumn("outcome", "text")
    .execute();

  await db.schema.alterTable("notifications").addColumn("message_id", "text").execute();
  await db.schema.alterTable("notifications").addColumn("locked_until", "text").execute();
  await db.schema.alterTable("notifications").addColumn("recipient", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("notifications").dropColumn("recipient").execute();
  await db.schema.alterTable("notifications").dropColumn("locked_until").execute();
  await db.schema.alterTable("notifications").dropColumn("message_id").execute();
  await db.schema.dropTable("webhook_events").ifExists().execute();
  await db.schema.dropIndex("payments_provider_ref_idx").ifExists().execute();
  await db.schema.alterTable("payments").dropColumn("failure_reason").execute();
  await db.schema.alterTable("payments").dropColumn("provider_ref").execute();
}
