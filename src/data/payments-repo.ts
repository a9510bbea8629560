import type { Kysely, Transaction, Updateable } from "kysely";
import { newId } from "./ids";
import { prepared } from "./prepared";
import type { Database, PaymentsTable } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

/** The id of the payment row that carries a provider reference (a PaymentIntent id), if any. */
export async function findPaymentIdByProviderRef(db: Db, providerRef: string) {
  return db.selectFrom("payments").select("id").where("provider_ref", "=", providerRef).executeTakeFirst();
}

/** The itinerary of the payment row that carries a provider reference, if any. */
export async function findPaymentItineraryByProviderRef(db: Db, providerRef: string) {
  return db.selectFrom("payments").select("itinerary_id").where("provider_ref", "=", providerRef).executeTakeFirst();
}

/** The card payment (kind payment) for a provider reference; locked for update on PostgreSQL when asked. */
export async function findCardPaymentForUpdate(db: Db, providerRef: string, lock: boolean) {
  let q = db.selectFrom("payments").selectAll().where("provider_ref", "=", providerRef).where("kind", "=", "payment");
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updatePayment(db: Db, id: string, set: Updateable<PaymentsTable>): Promise<void> {
  await db.updateTable("payments").set(set).where("id", "=", id).execute();
}

/** Records a webhook event id once; false when it was already there. */
export async function recordWebhookEvent(
  db: Db,
  row: { id: string; type: string; object_id: string; received_at: string },
): Promise<boolean> {
  const fresh = await db
    .insertInto("webhook_events")
    .values({ ...row, outcome: null })
    .onConflict((oc) => oc.column("id").doNothing())
    .executeTakeFirst();
  return Number(fresh.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function setWebhookOutcome(db: Db, id: string, outcome: string): Promise<void> {
  await db.updateTable("webhook_events").set({ outcome }).where("id", "=", id).execute();
}

/** Card refunds not yet sent to the provider, optionally for one itinerary, oldest first. */
export async function pendingCardRefunds(db: Db, itineraryId?: string) {
  let q = db
    .selectFrom("payments")
    .selectAll()
    .where("kind", "=", "refund")
    .where("method", "=", "card")
    .where("status", "=", "pending");
  if (itineraryId) q = q.where("itinerary_id", "=", itineraryId);
  return q.orderBy("id").execute();
}

/** The latest succeeded card charge of an itinerary (what a refund goes back to). */
export async function latestCardCharge(db: Db, itineraryId: string) {
  return db
    .selectFrom("payments")
    .select(["provider_ref"])
    .where("itinerary_id", "=", itineraryId)
    .where("kind", "=", "payment")
    .where("method", "=", "card")
    .where("status", "=", "succeeded")
    .orderBy("id", "desc")
    .executeTakeFirst();
}

/** Marks a pending refund sent; false when another run got there first. */
export async function markRefundSent(db: Db, id: string, providerRef: string, nowIso: string): Promise<boolean> {
  const moved = await db
    .updateTable("payments")
    .set({ status: "succeeded", provider_ref: providerRef, updated_at: nowIso })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(moved.numUpdatedRows) === 1;
}

const paymentsQuery = prepared((db, itineraryId: string) =>
  db.selectFrom("payments").selectAll().where("itinerary_id", "=", itineraryId).orderBy("id"),
);

export async function paymentsOf(db: Db, itineraryId: string) {
  return paymentsQuery(db, itineraryId);
}

export async function insertPayment(
  db: Db,
  p: {
    itineraryId: string;
    kind: "payment" | "refund";
    method: string;
    status: string;
    amount: number;
    currency: string;
    reference: string | null;
    cancellationQuoteId?: string | null;
    createdBy: string | null;
    now: Date;
  },
): Promise<string> {
  const id = newId(p.kind === "payment" ? "pay" : "rfd", p.now);
  await db
    .insertInto("payments")
    .values({
      id,
      itinerary_id: p.itineraryId,
      kind: p.kind,
      method: p.method,
      status: p.status,
      amount: p.amount,
      currency: p.currency,
      reference: p.reference,
      cancellation_quote_id: p.cancellationQuoteId ?? null,
      created_by: p.createdBy,
      created_at: p.now.toISOString(),
      updated_at: p.now.toISOString(),
    })
    .execute();
  return id;
}
