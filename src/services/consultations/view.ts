import * as catalog from "../../data/catalog-repo";
import * as repo from "../../data/consultations-repo";
import { defaultHomeZone } from "../../domain/time/home-zones";
import { toLocal } from "../../domain/time/local-time";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { actsForPatient, isStaffOf, requireActor } from "../scope";
import type { Recommendation, RecordMeta } from "./schemas";

export type Loaded = repo.ConsultationWithPatient;

/** The patient, their agent, an admin, or a clinician of the hospital. */
function visibleTo(ctx: ServiceContext, c: Loaded): boolean {
  const actor = requireActor(ctx);
  return (
    actsForPatient(actor, { id: c.patient_id, agencyId: c.patient_agency_id }) ||
    isStaffOf(actor, c.hospital_id, ["clinician"])
  );
}

/** The consultation when the actor may see it; otherwise a 404. */
export async function load(ctx: ServiceContext, id: string): Promise<Loaded> {
  const c = await repo.findConsultation(ctx.db, id);
  if (!c || !visibleTo(ctx, c)) throw notFound("consultation", id);
  return c;
}

/** A consultation as the contract shows it, its slot in the hospital's and the patient's zones. */
export async function view(ctx: ServiceContext, c: Loaded) {
  const hospital = (await catalog.getHospital(ctx.db, c.hospital_id))!;
  const slot = c.slot_id ? await repo.findSlot(ctx.db, c.slot_id) : undefined;
  const patientZone = c.patient_zone ?? defaultHomeZone(c.patient_nationality);
  return {
    id: c.id,
    status: c.status,
    patientId: c.patient_id,
    hospitalId: c.hospital_id,
    department: c.department_code,
    mode: c.mode,
    complaint: c.complaint,
    language: c.language,
    interpreterNeeded: !(JSON.parse(hospital.languages) as string[]).includes(c.language),
    preferredTimes: JSON.parse(c.preferred_times) as { from: string; to: string }[],
    records: JSON.parse(c.records) as RecordMeta[],
    price: { amount: 0, currency: c.price_currency },
    slot:
      slot && c.status !== "cancelled"
        ? {
            id: slot.id,
            durationMinutes: slot.duration_minutes,
            startsAt: {
              utc: toLocal(slot.starts_at, "UTC").utc,
              hospital: toLocal(slot.starts_at, hospital.zone),
              patient: toLocal(slot.starts_at, patientZone),
            },
          }
        : null,
    recommendation: c.recommendation ? (JSON.parse(c.recommendation) as Recommendation) : null,
    recommendedAt: c.recommended_at,
    cancelReason: c.cancel_reason,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}
