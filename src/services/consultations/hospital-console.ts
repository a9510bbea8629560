import * as catalog from "../../data/catalog-repo";
import * as repo from "../../data/consultations-repo";
import { decodeCursor, paginate } from "../../data/pagination";
import { defaultHomeZone } from "../../domain/time/home-zones";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { requireConsultationRole } from "./policy";
import type { HospitalConsultationsInput } from "./schemas";
import { type Loaded, load, view } from "./view";

/**
 * The hospital console's rule: a clinician of this hospital or an admin. Other roles are refused
 * (403, as the API refuses them a clinician's verbs); a clinician of another hospital, or an
 * unknown hospital, is a 404 (the API's answer for others' objects).
 */
async function consoleHospital(ctx: ServiceContext, hospitalId: string) {
  const actor = requireConsultationRole(ctx, "console");
  const hospital = await catalog.getHospital(ctx.db, hospitalId);
  if (!hospital || (actor.role === "clinician" && actor.hospitalId !== hospitalId))
    throw notFound("hospital", hospitalId);
  return hospital;
}

/** The patient's home zone: their own, else their nationality's usual one. */
const patientZoneOf = (c: Loaded) => c.patient_zone ?? defaultHomeZone(c.patient_nationality);

/** The hospital's consultations in one state (or all), newest first, each with the patient's home zone. */
export async function hospitalConsultations({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: HospitalConsultationsInput;
}) {
  const hospital = await consoleHospital(ctx, input.hospitalId);
  const rows = await repo.listConsultations(ctx.db, {
    hospitalId: hospital.id,
    status: input.status,
    after: decodeCursor(input.cursor, 1),
    limit: input.limit,
  });
  const p = paginate(rows, input.limit, (r) => [r.id]);
  const data = await Promise.all(p.data.map(async (c) => ({ ...(await view(ctx, c)), patientZone: patientZoneOf(c) })));
  return { hospital: { id: hospital.id, name: hospital.name, zone: hospital.zone }, data, nextCursor: p.nextCursor };
}

/** One consultation of the hospital for its console; another hospital's is a 404. */
export async function hospitalConsultation({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { hospitalId: string; id: string };
}) {
  const hospital = await consoleHospital(ctx, input.hospitalId);
  const c = await load(ctx, input.id);
  if (c.hospital_id !== hospital.id) throw notFound("consultation", input.id);
  return {
    hospital: { id: hospital.id, name: hospital.name, zone: hospital.zone },
    consultation: { ...(await view(ctx, c)), patientZone: patientZoneOf(c) },
  };
}
