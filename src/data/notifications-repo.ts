import { type ExpressionBuilder, type Kysely, type Selectable, sql, type Transaction } from "kysely";
import { newId } from "./ids";
import type { Database, NotificationsTable } from "./schema";

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
  | "sign_in_code"
  | "message_posted"
  | "change_offer";

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

// The outbox as the dispatcher works it: claims with a lease, marks sent or failed.

export type NotificationRow = Selectable<NotificationsTable>;

/** No lease, or one that has run out. */
const leaseFree = (nowIso: string) => (eb: ExpressionBuilder<Database, "notifications">) =>
  eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", nowIso)]);

/**
 * Claims the next due row: the first pending one whose time has come and whose lease is free,
 * with an UPDATE that re-checks both, so of two claimants exactly one succeeds. The claim sets the
 * row's Message-ID (`messageIdOf`) unless an earlier attempt did.
 */
export async function claimNext(
  db: Kysely<Database>,
  now: Date,
  leaseMs: number,
  messageIdOf: (id: string) => string,
): Promise<NotificationRow | null> {
  const nowIso = now.toISOString();
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
  for (let tries = 0; tries < 20; tries++) {
    const next = await db
      .selectFrom("notifications")
      .select("id")
      .where("status", "=", "pending")
      .where("next_attempt_at", "<=", nowIso)
      .where(leaseFree(nowIso))
      .orderBy("next_attempt_at")
      .orderBy("id")
      .limit(1)
      .executeTakeFirst();
    if (!next) return null;
    const claimed = await db
      .updateTable("notifications")
      .set({ locked_until: leaseUntil, message_id: sql<string>`coalesce(message_id, ${messageIdOf(next.id)})` })
      .where("id", "=", next.id)
      .where("status", "=", "pending")
      .where("next_attempt_at", "<=", nowIso)
      .where(leaseFree(nowIso))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 1) {
      return (await db.selectFrom("notifications").selectAll().where("id", "=", next.id).executeTakeFirst()) ?? null;
    }
    // Another dispatcher took it between our read and our write: look again.
  }
  return null;
}

export async function markSent(db: Kysely<Database>, id: string, recipient: string, now: Date): Promise<void> {
  await db
    .updateTable("notifications")
    .set({ status: "sent", sent_at: now.toISOString(), recipient, locked_until: null, last_error: null })
    .where("id", "=", id)
    .where("status", "!=", "sent")
    .execute();
}

/** Records a failed attempt, only while the claim (`row.locked_until`) still owns the row. */
export async function markFailed(
  db: Kysely<Database>,
  row: Pick<NotificationRow, "id" | "locked_until">,
  args: { recipient: string | null; error: string; nextAttemptAt: string; dead: boolean; attempts: number },
): Promise<void> {
  await db
    .updateTable("notifications")
    .set({
      status: args.dead ? "dead" : "pending",
      attempts: args.attempts,
      next_attempt_at: args.nextAttemptAt,
      last_error: args.error,
      locked_until: null,
      ...(args.recipient ? { recipient: args.recipient } : {}),
    })
    .where("id", "=", row.id)
    .where("status", "=", "pending")
    .where("locked_until", "=", row.locked_until)
    .execute();
}

/** Puts a dead-lettered notification back in the queue, due now, with a fresh count. */
export async function retryDead(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const res = await db
    .updateTable("notifications")
    .set({ status: "pending", attempts: 0, next_attempt_at: now.toISOString(), locked_until: null })
    .where("id", "=", id)
    .where("status", "=", "dead")
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Dead-lettered notifications, oldest first (for an operator to look at and retry). */
export async function listDead(db: Kysely<Database>, limit = 100) {
  return db
    .selectFrom("notifications")
    .select(["id", "kind", "user_id", "attempts", "last_error", "created_at"])
    .where("status", "=", "dead")
    .orderBy("id")
    .limit(limit)
    .execute();
}

// What an email names: its recipient, and the hospital, department and travelers behind a payload's ids.

/** A user's addresses, and the patient's name, zone and nationality when the user is a patient. */
export async function recipientRow(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("users as u")
    .leftJoin("patients as p", "p.user_id", "u.id")
    .select(["u.email", "u.display_name", "p.email as patient_email", "p.full_name", "p.zone", "p.nationality"])
    .where("u.id", "=", userId)
    .executeTakeFirst();
}

export async function itineraryHospitalAndTravelers(db: Kysely<Database>, itineraryId: string) {
  return db
    .selectFrom("itineraries")
    .select(["hospital_id", "travelers"])
    .where("id", "=", itineraryId)
    .executeTakeFirst();
}

export async function quoteHospitalId(db: Kysely<Database>, quoteId: string): Promise<string | null> {
  const q = await db.selectFrom("quotes").select("hospital_id").where("id", "=", quoteId).executeTakeFirst();
  return q?.hospital_id ?? null;
}

export async function consultationHospitalAndDepartment(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom("consultations")
    .select(["hospital_id", "department_code"])
    .where("id", "=", consultationId)
    .executeTakeFirst();
}

export async function departmentName(db: Kysely<Database>, hospitalId: string, code: string) {
  const d = await db
    .selectFrom("departments")
    .select("name")
    .where("hospital_id", "=", hospitalId)
    .where("code", "=", code)
    .executeTakeFirst();
  return d?.name ?? null;
}
