import type { Kysely, Transaction } from "kysely";
import { newId } from "./ids";
import { enqueueNotification, type NotificationKind } from "./notifications-repo";
import { prepared } from "./prepared";
import type { ComponentRow, Database, HospitalRow, ItineraryRow } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

export async function insertItinerary(db: Db, row: ItineraryRow): Promise<void> {
  await db.insertInto("itineraries").values(row).execute();
}

export async function findItinerary(db: Db, id: string) {
  return db
    .selectFrom("itineraries as i")
    .innerJoin("patients as p", "p.id", "i.patient_id")
    .selectAll("i")
    .select([
      "p.user_id as patient_user_id",
      "p.language as patient_language",
      "p.languages as patient_languages",
      "p.full_name as patient_name",
    ])
    .where("i.id", "=", id)
    .executeTakeFirst();
}
export type LoadedItinerary = NonNullable<Awaited<ReturnType<typeof findItinerary>>>;

/** What showing, pricing and holding an itinerary read of its hospital. */
export type HospitalInfo = Pick<
  HospitalRow,
  "id" | "name" | "city" | "country" | "zone" | "currency" | "international_beds"
>;

/** A stored component as resolving it needs it. */
export type ComponentParamsRow = Pick<ComponentRow, "id" | "type" | "params" | "position">;

/** The agency's concierge fee terms, as the agencies table keeps them. */
export interface AgencyFeeTerms {
  fee_percent_bp: number;
  fee_flat_amount: number;
  fee_currency: string;
}

const itineraryWithHospital = prepared((db, id: string) =>
  db
    .selectFrom("itineraries as i")
    .innerJoin("patients as p", "p.id", "i.patient_id")
    .innerJoin("hospitals as h", "h.id", "i.hospital_id")
    .leftJoin("agencies as a", "a.id", "i.agency_id")
    .selectAll("i")
    .select([
      "p.user_id as patient_user_id",
      "p.language as patient_language",
      "p.languages as patient_languages",
      "p.full_name as patient_name",
    ])
    // Only the columns used: better-sqlite3 spends about as long per value read as on the lookups.
    .select([
      "h.id as h_id",
      "h.name as h_name",
      "h.city as h_city",
      "h.country as h_country",
      "h.zone as h_zone",
      "h.currency as h_currency",
      "h.international_beds as h_international_beds",
    ])
    .select([
      "a.fee_percent_bp as a_fee_percent_bp",
      "a.fee_flat_amount as a_fee_flat_amount",
      "a.fee_currency as a_fee_currency",
    ])
    .where("i.id", "=", id),
);

/**
 * `findItinerary` with its hospital and its agency's fee terms (null without an agency), in one
 * query: what showing or holding an itinerary needs besides its components.
 */
export async function findItineraryWithHospital(
  db: Db,
  id: string,
): Promise<{ itn: LoadedItinerary; hospital: HospitalInfo; agency: AgencyFeeTerms | null } | undefined> {
  const [row] = await itineraryWithHospital(db, id);
  if (!row) return undefined;
  const {
    h_id,
    h_name,
    h_city,
    h_country,
    h_zone,
    h_currency,
    h_international_beds,
    a_fee_percent_bp,
    a_fee_flat_amount,
    a_fee_currency,
    ...itn
  } = row;
  return {
    itn,
    hospital: {
      id: h_id,
      name: h_name,
      city: h_city,
      country: h_country,
      zone: h_zone,
      currency: h_currency,
      international_beds: h_international_beds,
    },
    // agencies.fee_currency is never null: null here means no agency.
    agency:
      a_fee_currency === null
        ? null
        : { fee_percent_bp: a_fee_percent_bp!, fee_flat_amount: a_fee_flat_amount!, fee_currency: a_fee_currency },
  };
}

export async function listItineraries(
  db: Db,
  f: {
    patientId?: string;
    agencyId?: string;
    hospitalId?: string;
    status?: string;
    after?: (string | number)[];
    limit: number;
  },
) {
  let q = db.selectFrom("itineraries").selectAll();
  if (f.patientId) q = q.where("patient_id", "=", f.patientId);
  if (f.agencyId) q = q.where("agency_id", "=", f.agencyId);
  if (f.hospitalId) q = q.where("hospital_id", "=", f.hospitalId);
  if (f.status) q = q.where("status", "=", f.status as "draft");
  if (f.after) q = q.where("id", "<", String(f.after[0]));
  return q
    .orderBy("id", "desc")
    .limit(f.limit + 1)
    .execute();
}

const componentParamsQuery = prepared((db, itineraryId: string) =>
  db
    .selectFrom("itinerary_components")
    .select(["id", "type", "params", "position"])
    .where("itinerary_id", "=", itineraryId)
    .orderBy("position")
    .orderBy("id"),
);

/** `componentsOf` with only what resolving needs (the columns a view and a hold read). */
export async function componentParamsOf(db: Db, itineraryId: string): Promise<ComponentParamsRow[]> {
  return componentParamsQuery(db, itineraryId);
}

const componentsQuery = prepared((db, itineraryId: string) =>
  db
    .selectFrom("itinerary_components")
    .selectAll()
    .where("itinerary_id", "=", itineraryId)
    .orderBy("position")
    .orderBy("id"),
);

export async function componentsOf(db: Db, itineraryId: string): Promise<ComponentRow[]> {
  return componentsQuery(db, itineraryId);
}

const activeReservationsQuery = prepared((db, itineraryId: string) =>
  db
    .selectFrom("reservations")
    .select(["component_id", "status"])
    .where("itinerary_id", "=", itineraryId)
    .where("status", "in", ["held", "booked"]),
);

export function activeReservationsOf(db: Db, itineraryId: string) {
  return activeReservationsQuery(db, itineraryId);
}

export async function insertComponent(db: Db, row: ComponentRow): Promise<void> {
  await db.insertInto("itinerary_components").values(row).execute();
}

export async function updateComponent(db: Db, id: string, set: Partial<ComponentRow>): Promise<void> {
  await db.updateTable("itinerary_components").set(set).where("id", "=", id).execute();
}

export async function deleteComponent(db: Db, id: string): Promise<void> {
  await db.deleteFrom("itinerary_components").where("id", "=", id).execute();
}

/** Bumps the version only if it is still the expected one: optimistic concurrency for every write. */
export async function bumpVersion(db: Db, id: string, expected: number, set: Partial<ItineraryRow>): Promise<boolean> {
  const r = await db
    .updateTable("itineraries")
    .set({ ...set, version: expected + 1 })
    .where("id", "=", id)
    .where("version", "=", expected)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertHistory(
  db: Db,
  h: {
    itineraryId: string;
    version: number;
    action: string;
    actorUserId: string | null;
    actorRole: string;
    at: Date;
    summary: string;
    before: unknown;
    after: unknown;
    reason?: string | null;
  },
): Promise<void> {
  await db
    .insertInto("itinerary_history")
    .values({
      id: newId("hst", h.at),
      itinerary_id: h.itineraryId,
      version: h.version,
      action: h.action,
      actor_user_id: h.actorUserId,
      actor_role: h.actorRole,
      at: h.at.toISOString(),
      summary: h.summary,
      before: h.before === undefined ? null : JSON.stringify(h.before),
      after: h.after === undefined ? null : JSON.stringify(h.after),
      ...(h.reason ? { reason: h.reason } : {}),
    })
    .execute();
}

/** A change just made to an itinerary: its history entry and, unless `notify` is null, the patient's notice. */
export interface ChangeRecord {
  itn: { id: string; patient_user_id: string; patient_language: string };
  /** The version the change left; `after` is the itinerary at that version. */
  version: number;
  after: { totals: { dueNow: unknown; grandTotal: unknown } };
  /** Who made it; null for the system itself (a payment webhook, the sweeper). */
  actor: { userId: string | null; role: string } | null;
  at: Date;
  action: string;
  summary: string;
  before: unknown;
  notify: NotificationKind | null;
  /** More for the notice's payload. */
  extra?: Record<string, unknown>;
  /** The reason the agent gave (≤ 500 characters). */
  reason?: string;
}

/** Writes a change's history row and its notice to the outbox, in the caller's transaction. */
export async function recordChange(db: Db, change: ChangeRecord): Promise<void> {
  const { itn, version, after, at, action, summary, before, reason } = change;
  const actor = change.actor ?? { userId: null, role: "system" };
  await insertHistory(db, {
    itineraryId: itn.id,
    version,
    action,
    actorUserId: actor.userId,
    actorRole: actor.role,
    at,
    summary,
    before,
    after,
    reason: reason ?? null,
  });
  if (!change.notify) return;
  const { dueNow, grandTotal } = after.totals;
  const payload = { itineraryId: itn.id, version, summary, dueNow, grandTotal, ...(reason ? { reason } : {}) };
  await enqueueNotification(db, {
    userId: itn.patient_user_id,
    kind: change.notify,
    language: itn.patient_language,
    subjectId: itn.id,
    payload: { ...payload, ...change.extra },
    now: at,
  });
}

export async function historyOf(db: Db, itineraryId: string) {
  return db
    .selectFrom("itinerary_history")
    .selectAll()
    .where("itinerary_id", "=", itineraryId)
    .orderBy("version")
    .orderBy("id")
    .execute();
}

/** An agency's row (its fee terms), if any. */
export async function findAgency(db: Db, id: string) {
  return db.selectFrom("agencies").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Deletes a component's released reservations (before the component itself goes). */
export async function deleteReleasedReservationsOf(db: Db, componentId: string): Promise<void> {
  await db
    .deleteFrom("reservations")
    .where("component_id", "=", componentId)
    .where("status", "=", "released")
    .execute();
}

/** Treatment components of a hospital's live itineraries (draft, held, confirmed). */
export async function liveTreatmentComponentsOf(db: Db, hospitalId: string) {
  return db
    .selectFrom("itinerary_components as c")
    .innerJoin("itineraries as i", "i.id", "c.itinerary_id")
    .select(["c.id", "c.params", "i.id as itinerary_id"])
    .where("i.hospital_id", "=", hospitalId)
    .where("i.status", "in", ["draft", "held", "confirmed"])
    .where("c.type", "=", "treatment")
    .execute();
}
