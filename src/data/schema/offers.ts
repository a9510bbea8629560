/** Table: change offers (a priced change to a confirmed itinerary, held until the patient decides). */
import type { Int } from "./columns";

export type OfferStatus = "open" | "accepted" | "declined" | "expired" | "superseded";
export type OfferAction = "add" | "replace" | "remove";

export interface ChangeOffersTable {
  id: string;
  itinerary_id: string;
  /** The itinerary's version the offer was priced on: accepting needs it unchanged. */
  base_version: number;
  action: OfferAction;
  /** The component changed or removed, or the id the added one will get. */
  component_id: string;
  /** The change as the agent sent it (JSON). */
  change: string;
  /** The new component's stored params (JSON), null for a removal. */
  params: string | null;
  hospital_currency: string;
  difference_hospital: Int;
  patient_currency: string;
  difference_patient: Int;
  /** What the patient owes after accepting (negative: refunded), hospital currency. */
  amount_due: Int;
  /** Before → after per component, totals and the new timeline (JSON). */
  summary: string;
  reason: string;
  status: OfferStatus;
  valid_until: string;
  created_by: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
}
