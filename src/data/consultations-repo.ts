import type { Kysely, Transaction } from "kysely";
import type { ConsultationRow, Database } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

/** Inserts with the patient's agency copied onto the row (what an agency's list pages by). */
export async function insertConsultation(db: Db, row: ConsultationRow): Promise<void> {
  await db
    .insertInto("consultations")
    .values((eb) => ({
      ...row,
      agency_id: eb.selectFrom("patients").select("agency_id").where("id", "=", row.patient_id),
    }))
    .execute();
}

export async function findConsultation(db: Db, id: string) {
  return db
    .selectFrom("consultations as c")
    .innerJoin("patients as p", "p.id", "c.patient_id")
    .selectAll("c")
    .select([
      "p.agency_id as patient_agency_id",
      "p.user_id as patient_user_id",
      "p.zone as patient_zone",
      "p.language as patient_language",
      "p.nationality as patient_nationality",
    ])
    .where("c.id", "=", id)
    .executeTakeFirst();
}
export type ConsultationWithPatient = NonNullable<Awaited<ReturnType<typeof findConsultation>>>;

export interface ConsultationFilter {
  patientId?: string;
  agencyId?: string;
  hospitalId?: string;
  status?: string;
  after?: (string | number)[];
  limit: number;
}

export async function listConsultations(db: Db, f: ConsultationFilter) {
  let q = db
    .selectFrom("consultations as c")
    .innerJoin("patients as p", "p.id", "c.patient_id")
    .selectAll("c")
    .select([
      "p.agency_id as patient_agency_id",
      "p.user_id as patient_user_id",
      "p.zone as patient_zone",
      "p.language as patient_language",
      "p.nationality as patient_nationality",
    ]);
  if (f.patientId) q = q.where("c.patient_id", "=", f.patientId);
  if (f.agencyId) q = q.where("c.agency_id", "=", f.agencyId);
  if (f.hospitalId) q = q.where("c.hospital_id", "=", f.hospitalId);
  if (f.status) q = q.where("c.status", "=", f.status as "requested");
  if (f.after) q = q.where("c.id", "<", String(f.after[0]));
  return q
    .orderBy("c.id", "desc")
    .limit(f.limit + 1)
    .execute();
}

/** Takes one place in a slot if one is left: the database decides, never a read-then-write. */
export async function reserveSlot(db: Db, slotId: string): Promise<boolean> {
  const r = await db
    .updateTable("consultation_slots")
    .set((eb) => ({ reserved: eb("reserved", "+", 1) }))
    .where("id", "=", slotId)
    .whereRef("reserved", "<", "capacity")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function releaseSlot(db: Db, slotId: string): Promise<void> {
  await db
    .updateTable("consultation_slots")
    .set((eb) => ({ reserved: eb("reserved", "-", 1) }))
    .where("id", "=", slotId)
    .where("reserved", ">", 0)
    .execute();
}

export async function findSlot(db: Db, id: string) {
  return db.selectFrom("consultation_slots").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listSlots(
  db: Db,
  f: {
    hospitalId: string;
    department?: string;
    mode?: string;
    from: string;
    to: string;
    onlyFree: boolean;
    after?: (string | number)[];
    limit: number;
  },
) {
  let q = db
    .selectFrom("consultation_slots")
    .selectAll()
    .where("hospital_id", "=", f.hospitalId)
    .where("starts_at", ">=", f.from)
    .where("starts_at", "<", f.to);
  if (f.department) q = q.where("department_code", "=", f.department);
  if (f.mode) q = q.where("mode", "=", f.mode as "video");
  if (f.onlyFree) q = q.whereRef("reserved", "<", "capacity");
  if (f.after) {
    const [at, id] = f.after.map(String) as [string, string];
    q = q.where((eb) => eb.or([eb("starts_at", ">", at), eb.and([eb("starts_at", "=", at), eb("id", ">", id)])]));
  }
  return q
    .orderBy("starts_at")
    .orderBy("id")
    .limit(f.limit + 1)
    .execute();
}

/** Moves a consultation from one state to the next only if it is still in the expected state. */
export async function updateConsultationIf(
  db: Db,
  id: string,
  expected: ConsultationRow["status"][],
  set: Partial<ConsultationRow>,
): Promise<boolean> {
  const r = await db
    .updateTable("consultations")
    .set(set)
    .where("id", "=", id)
    .where("status", "in", expected)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
