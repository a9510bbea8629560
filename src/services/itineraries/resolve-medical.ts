import type { HospitalInfo } from "../../data/itineraries-repo";
import { addDays, localToUtc, nightsBetween, toLocal } from "../../domain/time/local-time";
import { validationError } from "../errors";
import type { Base } from "./resolve-travel";
import { type CatalogRows, money, type ParamsOf, type ResolvedComponent } from "./types";

export function resolveConsultation(
  catalog: CatalogRows,
  hospital: HospitalInfo,
  base: Base,
  p: ParamsOf<"consultation">,
): ResolvedComponent {
  const c = catalog.consultations.get(p.consultationId);
  if (!c)
    throw validationError("Unknown consultation.", [
      { path: "body.consultationId", message: `unknown consultation '${p.consultationId}'` },
    ]);
  return {
    ...base,
    params: p,
    details: {
      consultationId: c.id,
      mode: c.mode,
      status: c.status,
      department: c.department_code,
      startsAt: c.starts_at ? toLocal(c.starts_at, hospital.zone) : null,
      price: money(0, hospital.currency),
    },
    travel: null,
    medical: [],
    needs: [], // the consultation's slot is reserved by the consultation itself
    holdLimit: null,
    policy: {
      kind: "consultation",
      startsAt: c.starts_at ?? "9999-12-31T00:00:00.000Z",
      price: money(0, hospital.currency),
    },
    timeline: c.starts_at
      ? {
          consultation: {
            componentId: base.id,
            startsAt: c.starts_at,
            durationMinutes: c.duration_minutes ?? 30,
            mode: c.mode,
            zone: hospital.zone,
          },
        }
      : {},
  };
}

export function resolveTreatment(hospital: HospitalInfo, base: Base, p: ParamsOf<"treatment">): ResolvedComponent {
  const admissionAt = localToUtc(p.admissionDate, "08:00", hospital.zone);
  const nights = nightsBetween(p.admissionDate, addDays(p.admissionDate, p.inpatientNights));
  const medicalTotal = p.medicalLines.reduce((s, l) => s + l.lineTotal, 0);
  return {
    ...base,
    params: p,
    details: {
      quoteId: p.quoteId,
      admission: toLocal(admissionAt, hospital.zone),
      discharge: toLocal(
        localToUtc(addDays(p.admissionDate, p.inpatientNights), "10:00", hospital.zone),
        hospital.zone,
      ),
      inpatientNights: p.inpatientNights,
      fitToFlyDays: p.fitToFlyDays,
      activityRestrictions: p.activityRestrictions,
      medicalTotal: money(medicalTotal, hospital.currency),
      payableAt: "hospital",
    },
    travel: null,
    medical: p.medicalLines,
    needs: nights.map((n) => ({
      resource: "bed_night" as const,
      key: `${hospital.id}|${n}`,
      quantity: 1,
      capacity: hospital.international_beds,
    })),
    holdLimit: admissionAt,
    policy: { kind: "treatment", startsAt: admissionAt, price: money(0, hospital.currency) },
    timeline: {
      treatment: {
        componentId: base.id,
        admissionDate: p.admissionDate,
        inpatientNights: p.inpatientNights,
        fitToFlyDays: p.fitToFlyDays,
        activityRestrictions: p.activityRestrictions,
      },
    },
  };
}
