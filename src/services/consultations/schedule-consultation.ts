import * as catalog from "../../data/catalog-repo";
import * as repo from "../../data/consultations-repo";
import { isUniqueViolation } from "../../data/errors";
import { enqueueNotification } from "../../data/notifications-repo";
import { withUnitOfWork } from "../../data/unit-of-work";
import { defaultHomeZone } from "../../domain/time/home-zones";
import { toLocal } from "../../domain/time/local-time";
import type { ServiceContext } from "../context";
import { businessRule, conflict, validationError } from "../errors";
import { requireConsultationRole } from "./policy";
import type { ScheduleConsultationInput } from "./schemas";
import { load, view } from "./view";

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
  input: { id: string } & ScheduleConsultationInput;
}) {
  requireConsultationRole(ctx, "schedule");
  const c = await load(ctx, input.id);
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
