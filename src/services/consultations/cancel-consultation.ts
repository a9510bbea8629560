import * as repo from "../../data/consultations-repo";
import { enqueueNotification } from "../../data/notifications-repo";
import { withUnitOfWork } from "../../data/unit-of-work";
import type { ServiceContext } from "../context";
import { conflict } from "../errors";
import { requireConsultationRole } from "./policy";
import type { CancelConsultationInput } from "./schemas";
import { load, view } from "./view";

/** The patient, their agent, a clinician or an admin cancels; a scheduled one gives its slot back. */
export async function cancelConsultation({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string } & CancelConsultationInput;
}) {
  requireConsultationRole(ctx, "cancel");
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
