import type { Kysely, Transaction } from "kysely";
import type { Database, NewPatient, PatientRow } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

export async function insertPatient(db: Db, p: NewPatient): Promise<void> {
  await db.insertInto("patients").values(p).execute();
}

export async function findPatient(db: Db, id: string): Promise<PatientRow | undefined> {
  return db.selectFrom("patients").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listPatients(
  db: Db,
  f: { agencyId?: string; after?: (string | number)[]; limit: number },
): Promise<PatientRow[]> {
  let q = db.selectFrom("patients").selectAll();
  if (f.agencyId) q = q.where("agency_id", "=", f.agencyId);
  if (f.after) q = q.where("id", ">", String(f.after[0]));
  return q
    .orderBy("id")
    .limit(f.limit + 1)
    .execute();
}
