import * as catalog from "../../data/catalog-repo";
import * as repo from "../../data/consultations-repo";
import { newId } from "../../data/ids";
import { enqueueNotification } from "../../data/notifications-repo";
import * as patients from "../../data/patients-repo";
import type { ConsultationRow } from "../../data/schema";
import { withUnitOfWork } from "../../data/unit-of-work";
import type { ServiceContext } from "../context";
import { notFound, validationError } from "../errors";
import { actsForPatient, patientIdFor } from "../scope";
import { requireConsultationRole } from "./policy";
import type { RequestConsultationInput } from "./schemas";
import { view } from "./view";

/** A patient (or their agent) asks for a consultation. Always free: the price is zero and nothing can set another. */
export async function requestConsultation({ ctx, input }: { ctx: ServiceContext; input: RequestConsultationInput }) {
  const actor = requireConsultationRole(ctx, "request");
  const patientId = patientIdFor(actor, input.patientId, "Consultations are requested by patients or their agents.");
  const patient = await patients.findPatient(ctx.db, patientId);
  if (!patient || !actsForPatient(actor, { id: patient.id, agencyId: patient.agency_id }))
    throw notFound("patient", patientId);
  const hospital = await catalog.getHospital(ctx.db, input.hospitalId);
  if (!hospital)
    throw validationError("Unknown hospital.", [
      { path: "body.hospitalId", message: `unknown hospital '${input.hospitalId}'` },
    ]);
  const deps = await catalog.departmentsOf(ctx.db, [hospital.id]);
  if (!deps.some((d) => d.code === input.department)) {
    throw validationError("Unknown department.", [
      { path: "body.department", message: `no department '${input.department}' at ${hospital.id}` },
    ]);
  }
  input.preferredTimes.forEach((t, i) => {
    if (Date.parse(t.to) <= Date.parse(t.from))
      throw validationError("A preferred time ends before it starts.", [
        { path: `body.preferredTimes.${i}.to`, message: "must be after from" },
      ]);
  });
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const row: ConsultationRow = {
    id: newId("con", now),
    patient_id: patient.id,
    hospital_id: hospital.id,
    department_code: input.department,
    mode: input.mode,
    status: "requested",
    complaint: input.complaint,
    language: input.language,
    preferred_times: JSON.stringify(
      input.preferredTimes.map((t) => ({ from: new Date(t.from).toISOString(), to: new Date(t.to).toISOString() })),
    ),
    records: JSON.stringify(input.records),
    slot_id: null,
    price_amount: 0,
    price_currency: hospital.currency,
    recommendation: null,
    recommended_by: null,
    recommended_at: null,
    cancel_reason: null,
    created_by: actor.userId,
    created_at: nowIso,
    updated_at: nowIso,
  };
  await withUnitOfWork(ctx.db, async (trx) => {
    await repo.insertConsultation(trx, row);
    await enqueueNotification(trx, {
      userId: patient.user_id,
      kind: "consultation_requested",
      language: patient.language,
      subjectId: row.id,
      payload: { consultationId: row.id, hospitalId: hospital.id, department: input.department, mode: input.mode },
      now,
    });
  });
  return view(ctx, (await repo.findConsultation(ctx.db, row.id))!);
}
