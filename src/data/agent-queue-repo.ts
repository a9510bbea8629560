import type { Kysely, Transaction } from "kysely";
import type { Database, ItineraryStatus } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

/** What the agent's queue is filtered by; `agencyId` null: every agency (an admin). */
export interface QueueFilter {
  agencyId: string | null;
  status?: ItineraryStatus;
  hospitalId?: string;
  patientId?: string;
  /** A patient's name (any part, any case) or a trip's reference (its id). */
  search?: string;
}

/** `%`, `_` and `\` typed by the agent match themselves. */
const likeTerm = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, "")}%`;

/**
 * The agency's open trips the queue ranks: every held trip first (soonest expiry first), then the
 * most recently changed, at most `limit`; with the patient's name, the hospital's, and whether a
 * refund is pending.
 */
export async function queueTrips(db: Db, f: QueueFilter, limit: number) {
  let q = db
    .selectFrom("itineraries as i")
    .innerJoin("patients as p", "p.id", "i.patient_id")
    .innerJoin("hospitals as h", "h.id", "i.hospital_id")
    .select([
      "i.id",
      "i.version",
      "i.status",
      "i.patient_id",
      "i.agency_id",
      "i.hospital_id",
      "i.patient_currency",
      "i.travelers",
      "i.hold_expires_at",
      "i.updated_at",
      "p.full_name as patient_name",
      "h.name as hospital_name",
    ])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom("payments as r")
            .select("r.id")
            .whereRef("r.itinerary_id", "=", "i.id")
            .where("r.kind", "=", "refund")
            .where("r.status", "in", ["pending", "pending_manual"]),
        )
        .as("refund_pending"),
    )
    .where("i.status", "in", f.status ? [f.status] : ["draft", "held", "confirmed"]);
  if (f.agencyId !== null) q = q.where("i.agency_id", "=", f.agencyId);
  if (f.hospitalId) q = q.where("i.hospital_id", "=", f.hospitalId);
  if (f.patientId) q = q.where("i.patient_id", "=", f.patientId);
  if (f.search) {
    const term = likeTerm(f.search);
    const exact = f.search;
    q = q.where((eb) => eb.or([eb(eb.fn("lower", ["p.full_name"]), "like", term), eb("i.id", "=", exact)]));
  }
  return q
    .orderBy((eb) => eb.case().when("i.status", "=", "held").then(0).else(1).end())
    .orderBy("i.hold_expires_at")
    .orderBy("i.updated_at", "desc")
    .orderBy("i.id")
    .limit(limit)
    .execute();
}

/** Consultations with a recommendation and no trip built from any of their quotes yet, oldest first. */
export async function recommendationsWithoutTrip(db: Db, f: QueueFilter, limit: number) {
  let q = db
    .selectFrom("consultations as c")
    .innerJoin("patients as p", "p.id", "c.patient_id")
    .innerJoin("hospitals as h", "h.id", "c.hospital_id")
    .select([
      "c.id",
      "c.patient_id",
      "c.hospital_id",
      "c.recommended_at",
      "p.full_name as patient_name",
      "h.name as hospital_name",
    ])
    .where("c.recommendation", "is not", null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("quotes as q")
            .innerJoin("itineraries as i", "i.quote_id", "q.id")
            .select("i.id")
            .whereRef("q.consultation_id", "=", "c.id"),
        ),
      ),
    );
  if (f.agencyId !== null) q = q.where("c.agency_id", "=", f.agencyId);
  if (f.hospitalId) q = q.where("c.hospital_id", "=", f.hospitalId);
  if (f.patientId) q = q.where("c.patient_id", "=", f.patientId);
  if (f.search) {
    const term = likeTerm(f.search);
    q = q.where((eb) => eb(eb.fn("lower", ["p.full_name"]), "like", term));
  }
  return q.orderBy("c.recommended_at").orderBy("c.id").limit(limit).execute();
}

/** The agency's patients (every patient for an admin), by name, a bounded page; `search` any part of the name. */
export async function agencyPatients(
  db: Db,
  f: { agencyId: string | null; search?: string },
  page: { offset: number; limit: number },
) {
  let q = db.selectFrom("patients").select(["id", "full_name", "email", "home_city", "nationality", "created_at"]);
  if (f.agencyId !== null) q = q.where("agency_id", "=", f.agencyId);
  if (f.search) {
    const term = likeTerm(f.search);
    q = q.where((eb) => eb.or([eb(eb.fn("lower", ["full_name"]), "like", term), eb("id", "=", f.search!)]));
  }
  return q.orderBy("full_name").orderBy("id").offset(page.offset).limit(page.limit).execute();
}
