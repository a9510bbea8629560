import type { Kysely, Transaction } from "kysely";
import { newId } from "./ids";
import type { Database } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

export type NotificationKind =
  | "consultation_requested"
  | "consultation_scheduled"
  | "consultation_completed"
  | "consultation_cancelled"
  | "quote_ready"
  | "quote_repriced"
  | "quote_withdrawn"
  | "itinerary_held"
  | "itinerary_hold_expired"
  | "itinerary_confirmed"
  | "itinerary_changed"
  | "itinerary_cancelled"
  | "itinerary_repriced"
  | "payment_received"
  | "payment_failed"
  | "refund"
  | "sign_in_code";

/**
 * Writes a notification to the outbox. Call it inside the transaction of the change it
 * reports, so the two commit or roll back together.
 */
export async function enqueueNotification(
  db: Db,
  n: { userId: string; kind: NotificationKind; language: string; subjectId: string; payload: unknown; now: Date },
): Promise<string> {
  const id = newId("ntf", n.now);
  await db
    .insertInto("notifications")
    .values({
      id,
      user_id: n.userId,
      kind: n.kind,
      language: n.language,
      subject_id: n.subjectId,
      payload: JSON.stringify(n.payload),
      next_attempt_at: n.now.toISOString(),
      created_at: n.now.toISOString(),
    })
    .execute();
  return id;
}

export async function notificationsFor(db: Db, userId: string) {
  return db.selectFrom("notifications").selectAll().where("user_id", "=", userId).orderBy("id").execute();
}
