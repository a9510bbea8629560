import type { Kysely, Transaction } from "kysely";
import * as repo from "../../data/itineraries-repo";
import { enqueueNotification } from "../../data/notifications-repo";
import type { Database } from "../../data/schema";
import { foreignDepartmentCodes } from "../../data/tariffs-repo";
import { priceMedicalLines } from "../../domain/pricing/medical";
import type { TariffVersion } from "../../domain/pricing/tariff";
import type { ComponentParams, Uow } from "./types";
import { summaryOf } from "../../domain/itineraries/history-summary";

type Db = Kysely<Database> | Transaction<Database>;
type Args = { hospitalId: string; fromDate: string; versions: TariffVersion[] };

/** Each live treatment component the versions re-price (a date on or after fromDate, a price or version changed). */
async function* repricings(db: Db, args: Args) {
  const rows = await repo.liveTreatmentComponentsOf(db, args.hospitalId);
  const foreignDepartments = rows.length === 0 ? undefined : await foreignDepartmentCodes(db, args.hospitalId);
  for (const r of rows) {
    const p = JSON.parse(r.params) as Extract<ComponentParams, { type: "treatment" }>;
    if (!p.medicalLines.some((l) => l.serviceDate >= args.fromDate)) continue;
    const { lines, violations } = priceMedicalLines(
      p.medicalLines.map((l) => ({
        code: l.code,
        quantity: l.quantity,
        department: l.department,
        serviceClass: l.serviceClass,
        serviceDate: l.serviceDate,
      })),
      args.versions,
      { foreignDepartments },
    );
    if (violations.length) continue; // kept as is; the timeline/quote flow flags a withdrawn code on hold
    const before = p.medicalLines.reduce((s, l) => s + l.lineTotal, 0);
    const after = lines.reduce((s, l) => s + l.lineTotal, 0);
    if (
      lines.every(
        (l, i) =>
          l.unitPrice === p.medicalLines[i]!.unitPrice && l.tariffVersionId === p.medicalLines[i]!.tariffVersionId,
      )
    )
      continue;
    yield { r, p, lines, before, after };
  }
}

/** What repriceItineraries would change with `versions` (one not yet stored among them), without changing it. */
export async function previewItineraryRepricing(db: Db, args: Args) {
  const out: { itineraryId: string; before: number; after: number }[] = [];
  for await (const { r, before, after } of repricings(db, args))
    out.push({ itineraryId: r.itinerary_id, before, after });
  return out;
}

/**
 * After a new tariff version, inside the publication's unit of work: re-prices the medical lines of
 * open itineraries whose treatment dates it covers.
 */
export async function repriceItineraries(
  uow: Uow,
  args: { hospitalId: string; fromDate: string; versions: TariffVersion[]; reason: string },
) {
  const trx = uow.db;
  const changed: { itineraryId: string; before: number; after: number }[] = [];
  const now = uow.clock.now();
  for await (const { r, p, lines, before, after } of repricings(trx, args)) {
    const itn = (await repo.findItinerary(trx, r.itinerary_id))!;
    await repo.updateComponent(trx, r.id, {
      params: JSON.stringify({ ...p, type: undefined, medicalLines: lines }),
      updated_at: now.toISOString(),
    });
    await repo.bumpVersion(trx, itn.id, itn.version, { updated_at: now.toISOString() });
    await repo.insertHistory(trx, {
      itineraryId: itn.id,
      version: itn.version + 1,
      action: "repriced",
      actorUserId: null,
      actorRole: "system",
      at: now,
      summary: summaryOf.repriced(args.reason, before, after),
      before: { medical: before },
      after: { medical: after },
    });
    await enqueueNotification(trx, {
      userId: itn.patient_user_id,
      kind: "itinerary_repriced",
      language: itn.patient_language,
      subjectId: itn.id,
      payload: {
        itineraryId: itn.id,
        reason: args.reason,
        before: { amount: before, currency: lines[0]?.currency },
        after: { amount: after, currency: lines[0]?.currency },
      },
      now,
    });
    changed.push({ itineraryId: itn.id, before, after });
  }
  return changed;
}
