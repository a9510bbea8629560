import type * as repo from "../../data/quotes-repo";
import type { ServiceContext } from "../context";
import { actsForPatient, isStaffOf, requireActor } from "../scope";

type Scope = {
  id: string;
  patient_id: string;
  hospital_id: string;
  patient_agency_id: string | null;
  status: string;
  valid_until: string;
};

/** The patient, their agent, an admin, or staff of the quote's hospital. */
export function canSeeQuote(ctx: ServiceContext, q: Scope): boolean {
  const actor = requireActor(ctx);
  return actsForPatient(actor, { id: q.patient_id, agencyId: q.patient_agency_id }) || isStaffOf(actor, q.hospital_id);
}

/** A quote as the contract shows it: `open` past its validUntil reads `expired`. */
export function quoteView(ctx: ServiceContext, q: repo.QuoteWithLines) {
  const now = ctx.clock.now().toISOString();
  const fx = JSON.parse(q.fx) as { from: string; to: string; rate: string; source: string; asOf: string };
  const status: "open" | "expired" | "withdrawn" = q.status === "open" && q.valid_until < now ? "expired" : q.status;
  const m = (amount: number, currency: string) => ({ amount, currency });
  return {
    id: q.id,
    revision: q.revision,
    status,
    patientId: q.patient_id,
    hospitalId: q.hospital_id,
    consultationId: q.consultation_id,
    serviceDate: q.service_date,
    validUntil: q.valid_until,
    lines: q.lines.map((l) => ({
      lineNo: l.line_no,
      code: l.code,
      name: JSON.parse(l.name) as Record<string, string>,
      department: l.department_code,
      serviceClass: l.service_class,
      kind: l.kind,
      unit: l.unit,
      quantity: l.quantity,
      serviceDate: l.service_date,
      unitPrice: m(l.unit_price, q.hospital_currency),
      standardUnitPrice:
        l.standard_unit_price === null || l.standard_unit_price === undefined
          ? null
          : m(l.standard_unit_price, q.hospital_currency),
      lineTotal: m(l.line_total, q.hospital_currency),
      tariffVersion: { id: l.tariff_version_id, version: l.tariff_version },
    })),
    totals: {
      medical: m(q.medical_total, q.hospital_currency),
      medicalInPatientCurrency: m(q.medical_total_patient, q.patient_currency),
      payableAtHospital: m(q.medical_total, q.hospital_currency),
    },
    fx,
    parityAffirmation: {
      algorithm: "Ed25519" as const,
      keyId: q.affirmation_key_id,
      payload: q.affirmation_payload,
      signature: q.affirmation_signature,
    },
    withdrawnReason: q.withdrawn_reason,
    createdAt: q.created_at,
    updatedAt: q.updated_at,
  };
}
