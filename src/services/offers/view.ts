import type { ChangeOfferRow } from "../../data/schema";
import type { ComponentChange } from "../itineraries/schemas";
import type { OfferSummary } from "./summary";

/** An offer as the API and the pages show it. Money in integer minor units. */
export function offerView(row: ChangeOfferRow) {
  const due = Number(row.amount_due);
  return {
    id: row.id,
    itineraryId: row.itinerary_id,
    baseVersion: row.base_version,
    status: row.status,
    change: JSON.parse(row.change) as ComponentChange,
    reason: row.reason,
    difference: {
      hospitalCurrency: { amount: Number(row.difference_hospital), currency: row.hospital_currency },
      patientCurrency: { amount: Number(row.difference_patient), currency: row.patient_currency },
    },
    amountDue: { amount: Math.max(0, due), currency: row.hospital_currency },
    refund: { amount: Math.max(0, -due), currency: row.hospital_currency },
    summary: JSON.parse(row.summary) as OfferSummary,
    validUntil: row.valid_until,
    createdBy: row.created_by,
    createdAt: row.created_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
  };
}
export type OfferView = ReturnType<typeof offerView>;
