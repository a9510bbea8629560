import * as catalog from "../../data/catalog-repo";
import * as repo from "../../data/consultations-repo";
import { enqueueNotification } from "../../data/notifications-repo";
import { loadTariffVersions } from "../../data/tariffs-repo";
import { withUnitOfWork } from "../../data/unit-of-work";
import { priceMedicalLines } from "../../domain/pricing/medical";
import { localDate } from "../../domain/time/local-time";
import type { ServiceContext } from "../context";
import { businessRule, conflict, forbidden } from "../errors";
import { isStaffOf } from "../scope";
import { requireConsultationRole } from "./policy";
import type { Recommendation } from "./schemas";
import { load, view } from "./view";

/** The clinician records the doctor's recommendation; every code must exist in the hospital's domestic tariff. */
export async function recordRecommendation({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string } & Recommendation;
}) {
  const actor = requireConsultationRole(ctx, "recommend");
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
