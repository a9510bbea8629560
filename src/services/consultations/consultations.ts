import * as catalog from "../../data/catalog-repo";
import * as repo from "../../data/consultations-repo";
import { isUniqueViolation } from "../../data/errors";
import { newId } from "../../data/ids";
import { enqueueNotification } from "../../data/notifications-repo";
import { decodeCursor, paginate } from "../../data/pagination";
import * as patients from "../../data/patients-repo";
import type { ConsultationRow } from "../../data/schema";
import { loadTariffVersions } from "../../data/tariffs-repo";
import { priceMedicalLines } from "../../domain/pricing/medical";
import { defaultHomeZone } from "../../domain/time/home-zones";
import { localDate, toLocal } from "../../domain/time/local-time";
import type { ServiceContext } from "../context";
import { businessRule, conflict, forbidden, notFound, validationError } from "../errors";
import { actsForPatient, isStaffOf, patientIdFor, requireActor } from "../scope";
import { withUnitOfWork } from "../../data/unit-of-work";

/** Widest slot window, in days (the route's schema states it; checked here against now). */
const MAX_SLOT_WINDOW_DAYS = 92;

export interface RecordMeta {
  name: string;
  kind: "imaging" | "lab_result" | "discharge_summary" | "prescription" | "referral" | "other";
  mediaType: string;
  sizeBytes: number;
  takenOn?: string;
  sha256?: string;
}

export interface RequestConsultationInput {
  patientId?: string;
  hospitalId: string;
  department: string;
  mode: "video" | "in_person";
  complaint: string;
  language: string;
  preferredTimes: { from: string; to: string }[];
  records: RecordMeta[];
}

export interface Recommendation {
  items: { code: string; quantity: number; department?: string; serviceClass?: string }[];
  admissionDate?: string | null;
  inpatientNights: number;
  fitToFlyDays: number;
  activityRestrictions: {
    activity: "strenuous" | "walking_tours" | "altitude" | "flying" | "swimming" | "other";
    days: number;
    note?: string;
  }[];
  notes?: string;
}

type Loaded = repo.ConsultationWithPatient;

function visibleTo(ctx: ServiceContext, c: Loaded): boolean {
  const actor = requireActor(ctx);
  return (
    actsForPatient(actor, { id: c.patient_id, agencyId: c.patient_agency_id }) ||
    isStaffOf(actor, c.hospital_id, ["clinician"])
  );
}

async function load(ctx: ServiceContext, id: string): Promise<Loaded> {
  const c = await repo.findConsultation(ctx.db, id);
  if (!c || !visibleTo(ctx, c)) throw notFound("consultation", id);
  return c;
}

async function view(ctx: ServiceContext, c: Loaded) {
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

/** A patient (or their agent) asks for a consultation. Always free: the price is zero and nothing can set another. */
export async function requestConsultation({ ctx, input }: { ctx: ServiceContext; input: RequestConsultationInput }) {
  const actor = requireActor(ctx);
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

export async function getConsultation({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  return view(ctx, await load(ctx, input.id));
}

export async function listConsultations({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { status?: string; hospitalId?: string; limit: number; cursor?: string };
}) {
  const actor = requireActor(ctx);
  const f: repo.ConsultationFilter = {
    status: input.status,
    hospitalId: input.hospitalId,
    after: decodeCursor(input.cursor, 1),
    limit: input.limit,
  };
  if (actor.role === "patient") f.patientId = actor.patientId!;
  else if (actor.role === "agent") f.agencyId = actor.agencyId!;
  else if (actor.role === "clinician") {
    if (input.hospitalId && input.hospitalId !== actor.hospitalId) return { data: [], nextCursor: null };
    f.hospitalId = actor.hospitalId!;
  } else if (actor.role !== "admin") throw forbidden();
  const rows = await repo.listConsultations(ctx.db, f);
  const p = paginate(rows, input.limit, (r) => [r.id]);
  return { data: await Promise.all(p.data.map((c) => view(ctx, c))), nextCursor: p.nextCursor };
}

/**
 * A clinician of the hospital, an agent of the patient's agency, or an admin books (or moves)
 * the consultation into a slot. The slot is taken by a conditional update; a unique index on
 * scheduled consultations per slot backs it up. Two requests for one slot: one wins, one gets 409.
 */
export async function scheduleConsultation({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; slotId: string };
}) {
  const actor = requireActor(ctx);
  const c = await load(ctx, input.id);
  if (actor.role === "patient") throw forbidden("A clinician or your agent schedules the consultation.");
  if (c.status !== "requested" && c.status !== "scheduled")
    throw conflict(`A ${c.status} consultation cannot be scheduled.`, "invalid_state");
  const slot = await repo.findSlot(ctx.db, input.slotId);
  if (!slot)
    throw validationError("Unknown slot.", [{ path: "body.slotId", message: `unknown slot '${input.slotId}'` }]);
  const problems = [
    slot.hospital_id !== c.hospital_id && `the slot is at another hospital (${slot.hospital_id})`,
    slot.department_code !== c.department_code && `the slot is in another department (${slot.department_code})`,
    slot.mode !== c.mode && `the slot is for ${slot.mode} consultations, this one is ${c.mode}`,
    slot.starts_at <= ctx.clock.now().toISOString() && "the slot has already started",
  ].filter(Boolean) as string[];
  if (problems.length)
    throw businessRule("slot_mismatch", `That slot does not fit: ${problems.join("; ")}.`, [
      { path: "body.slotId", message: problems.join("; ") },
    ]);
  if (c.slot_id === slot.id && c.status === "scheduled") return view(ctx, c);

  const now = ctx.clock.now();
  const hospital = (await catalog.getHospital(ctx.db, c.hospital_id))!;
  try {
    await withUnitOfWork(ctx.db, async (trx) => {
      if (!(await repo.reserveSlot(trx, slot.id)))
        throw conflict("That slot was just taken; pick another.", "slot_taken");
      if (c.status === "scheduled" && c.slot_id) await repo.releaseSlot(trx, c.slot_id);
      const moved = await repo.updateConsultationIf(trx, c.id, [c.status], {
        status: "scheduled",
        slot_id: slot.id,
        updated_at: now.toISOString(),
      });
      if (!moved) throw conflict("The consultation changed meanwhile; reload and retry.", "concurrent_change");
      const patientZone = c.patient_zone ?? defaultHomeZone(c.patient_nationality);
      await enqueueNotification(trx, {
        userId: c.patient_user_id,
        kind: "consultation_scheduled",
        language: c.patient_language,
        subjectId: c.id,
        payload: {
          consultationId: c.id,
          mode: c.mode,
          startsAt: { hospital: toLocal(slot.starts_at, hospital.zone), patient: toLocal(slot.starts_at, patientZone) },
          durationMinutes: slot.duration_minutes,
        },
        now,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("That slot was just taken; pick another.", "slot_taken");
    throw err;
  }
  return view(ctx, (await repo.findConsultation(ctx.db, c.id))!);
}

/** The clinician records the doctor's recommendation; every code must exist in the hospital's domestic tariff. */
export async function recordRecommendation({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string } & Recommendation;
}) {
  const actor = requireActor(ctx);
  const c = await load(ctx, input.id);
  if (!isStaffOf(actor, c.hospital_id, ["clinician"]))
    throw forbidden("Only a clinician of the hospital records a recommendation.");
  if (c.status !== "scheduled")
    throw conflict(`A ${c.status} consultation cannot take a recommendation; schedule it first.`, "invalid_state");
  const hospital = (await catalog.getHospital(ctx.db, c.hospital_id))!;
  const now = ctx.clock.now();
  const onDate = input.admissionDate ?? localDate(now, hospital.zone);
  const versions = await loadTariffVersions(ctx.db, hospital.id);
  const { violations } = priceMedicalLines(
    input.items.map((i) => ({
      code: i.code,
      quantity: i.quantity,
      department: i.department,
      serviceClass: i.serviceClass,
      serviceDate: onDate,
    })),
    versions,
  );
  if (violations.length) {
    throw businessRule(
      "unknown_treatment",
      "Every recommended item must be in the hospital's domestic tariff.",
      violations.map((v) => ({ path: `body.items.${v.lineNo - 1}.${v.field}`, message: `${v.code}: ${v.message}` })),
    );
  }
  const rec: Recommendation = {
    items: input.items,
    admissionDate: input.admissionDate ?? null,
    inpatientNights: input.inpatientNights,
    fitToFlyDays: input.fitToFlyDays,
    activityRestrictions: input.activityRestrictions,
    notes: input.notes,
  };
  const nowIso = now.toISOString();
  await withUnitOfWork(ctx.db, async (trx) => {
    const ok = await repo.updateConsultationIf(trx, c.id, ["scheduled"], {
      status: "completed",
      recommendation: JSON.stringify(rec),
      recommended_by: actor.userId,
      recommended_at: nowIso,
      updated_at: nowIso,
    });
    if (!ok) throw conflict("The consultation changed meanwhile; reload and retry.", "concurrent_change");
    await enqueueNotification(trx, {
      userId: c.patient_user_id,
      kind: "consultation_completed",
      language: c.patient_language,
      subjectId: c.id,
      payload: { consultationId: c.id, recommendation: rec },
      now,
    });
  });
  return view(ctx, (await repo.findConsultation(ctx.db, c.id))!);
}

export async function cancelConsultation({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; reason?: string };
}) {
  requireActor(ctx);
  const c = await load(ctx, input.id);
  if (c.status !== "requested" && c.status !== "scheduled")
    throw conflict(`A ${c.status} consultation cannot be cancelled.`, "invalid_state");
  const now = ctx.clock.now();
  await withUnitOfWork(ctx.db, async (trx) => {
    const ok = await repo.updateConsultationIf(trx, c.id, [c.status], {
      status: "cancelled",
      cancel_reason: input.reason ?? null,
      updated_at: now.toISOString(),
    });
    if (!ok) throw conflict("The consultation changed meanwhile; reload and retry.", "concurrent_change");
    if (c.status === "scheduled" && c.slot_id) await repo.releaseSlot(trx, c.slot_id);
    await enqueueNotification(trx, {
      userId: c.patient_user_id,
      kind: "consultation_cancelled",
      language: c.patient_language,
      subjectId: c.id,
      payload: { consultationId: c.id, reason: input.reason ?? null },
      now,
    });
  });
  return view(ctx, (await repo.findConsultation(ctx.db, c.id))!);
}

export async function listSlots({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    hospitalId: string;
    department?: string;
    mode?: string;
    from?: string;
    to?: string;
    limit: number;
    cursor?: string;
  };
}) {
  const hospital = await catalog.getHospital(ctx.db, input.hospitalId);
  if (!hospital) throw notFound("hospital", input.hospitalId);
  const now = ctx.clock.now();
  const fromMs = Math.max(now.getTime(), input.from ? Date.parse(input.from) : 0);
  // The window is bounded from where it really starts (now, when `from` is past or absent).
  if (input.to && Date.parse(input.to) - fromMs > MAX_SLOT_WINDOW_DAYS * 86_400_000) {
    throw validationError(`The slot window is at most ${MAX_SLOT_WINDOW_DAYS} days.`, [
      { path: "query.to", message: `must be at most ${MAX_SLOT_WINDOW_DAYS} days after from (or now)` },
    ]);
  }
  const from = new Date(fromMs).toISOString();
  const to = input.to ? new Date(input.to).toISOString() : new Date(fromMs + 60 * 86_400_000).toISOString();
  const rows = await repo.listSlots(ctx.db, {
    hospitalId: hospital.id,
    department: input.department,
    mode: input.mode,
    from,
    to,
    onlyFree: true,
    after: decodeCursor(input.cursor, 2),
    limit: input.limit,
  });
  const p = paginate(rows, input.limit, (r) => [r.starts_at, r.id]);
  return {
    data: p.data.map((s) => ({
      id: s.id,
      hospitalId: s.hospital_id,
      department: s.department_code,
      mode: s.mode,
      startsAt: toLocal(s.starts_at, hospital.zone),
      durationMinutes: s.duration_minutes,
      placesLeft: s.capacity - s.reserved,
    })),
    nextCursor: p.nextCursor,
  };
}
