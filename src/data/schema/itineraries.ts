/** Tables: itineraries, their components and reservations, history, cancellation quotes, payments, calendar events. */
import type { ColumnType } from "kysely";
import type { Defaulted, Int } from "./columns";

export type ItineraryStatus = "draft" | "held" | "confirmed" | "completed" | "cancelled";
export type ComponentType = "consultation" | "treatment" | "flight" | "transfer" | "lodging" | "tour";
export type ResourceKind = "flight" | "transfer_hour" | "room_night" | "tour_departure" | "bed_night";

export interface ItinerariesTable {
  id: string;
  patient_id: string;
  agency_id: string | null;
  hospital_id: string;
  quote_id: string | null;
  status: ItineraryStatus;
  version: number;
  patient_currency: string;
  /** JSON array of travelers; passport and birth date values encrypted. */
  travelers: string;
  hold_expires_at: string | null;
  notes: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ItineraryComponentsTable {
  id: string;
  itinerary_id: string;
  type: ComponentType;
  ref: string;
  params: string;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface ReservationsTable {
  id: string;
  itinerary_id: string;
  component_id: string;
  resource: ResourceKind;
  resource_key: string;
  quantity: number;
  status: "held" | "booked" | "released";
  expires_at: string | null;
  created_at: string;
  released_at: string | null;
}

export interface HospitalBedNightsTable {
  hospital_id: string;
  night: string;
  capacity: number;
  reserved: Defaulted<number>;
}

export interface ItineraryHistoryTable {
  id: string;
  itinerary_id: string;
  version: number;
  action: string;
  actor_user_id: string | null;
  actor_role: string;
  at: string;
  summary: string;
  before: string | null;
  after: string | null;
  /** The reason the agent gave (change-components, change offers); null when none. */
  reason: Defaulted<string | null>;
}

export interface CancellationQuotesTable {
  id: string;
  itinerary_id: string;
  itinerary_version: number;
  status: "open" | "used";
  refunds: string;
  total_refund: Int;
  currency: string;
  created_at: string;
  expires_at: string;
}

export interface PaymentsTable {
  id: string;
  itinerary_id: string;
  kind: "payment" | "refund";
  method: string;
  status: string;
  amount: Int;
  currency: string;
  reference: string | null;
  cancellation_quote_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** Stripe PaymentIntent or Refund id (migration 004). */
  provider_ref: ColumnType<string | null, string | null | undefined, string | null>;
  failure_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface WebhookEventsTable {
  id: string;
  type: string;
  object_id: string | null;
  received_at: string;
  outcome: string | null;
}

/** The state of each calendar event last served, and its iCalendar SEQUENCE. */
export interface CalendarEventsTable {
  itinerary_id: string;
  uid: string;
  /** The event's times, zones, summary and place, as JSON. */
  state: string;
  sequence: number;
  updated_at: string;
}
