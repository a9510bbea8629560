/** Input and output shapes of the itinerary timeline (SPEC §7). Pure data, no behaviour. */

export type Severity = "error" | "warning";

export interface TimelineIssue {
  severity: Severity;
  code: string;
  message: string;
  componentIds: string[];
  travelerIds?: string[];
}

export interface Place {
  code?: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** IANA zone of this place; never assumed from the city. */
  zone: string;
}

export interface TimelineTraveler {
  id: string;
  name: string;
  role: "patient" | "companion";
  languages: string[];
  needsLodging: boolean;
}

export interface TimelineConsultation {
  componentId: string;
  startsAt: string;
  durationMinutes: number;
  mode: "video" | "in_person";
  zone: string;
}

export type RestrictedActivity = "strenuous" | "walking_tours" | "altitude" | "flying" | "swimming" | "other";

export interface TimelineTreatment {
  componentId: string;
  /** Hospital-local YYYY-MM-DD. */
  admissionDate: string;
  /** Hospital-local HH:mm, default "08:00". */
  admissionTime?: string;
  /** Discharge date = admissionDate + inpatientNights (hospital-local), at 10:00. */
  inpatientNights: number;
  fitToFlyDays: number;
  /** `days` are counted from the discharge date. */
  activityRestrictions: { activity: RestrictedActivity; days: number }[];
}

export interface TimelineFlight {
  componentId: string;
  flightNumber: string;
  departsAt: string;
  arrivesAt: string;
  origin: Place;
  destination: Place;
  travelerIds: string[];
}

export interface TimelineTransfer {
  componentId: string;
  airport: Place;
  pickupAt: string;
  durationMinutes: number;
  direction: "arrival" | "departure";
  travelerIds: string[];
}

export interface TimelineLodging {
  componentId: string;
  hotelName: string;
  zone: string;
  city: string;
  /** Hotel-local YYYY-MM-DD; the stay covers the nights checkIn … checkOut − 1. */
  checkIn: string;
  checkOut: string;
  /** Hotel-local HH:mm. */
  checkInTime: string;
  checkOutTime: string;
  travelerIds: string[];
}

export interface TimelineTour {
  componentId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  zone: string;
  city: string;
  language: string;
  intensity: "low" | "moderate" | "high";
  travelerIds: string[];
}

export interface TimelineInput {
  hospital: { id: string; name: string; city: string; country: string; zone: string };
  travelers: TimelineTraveler[];
  consultation?: TimelineConsultation;
  treatment?: TimelineTreatment;
  flights: TimelineFlight[];
  transfers: TimelineTransfer[];
  lodging: TimelineLodging[];
  tours: TimelineTour[];
}

export interface TimelinePoint {
  utc: string;
  local: string;
  zone: string;
}

export type TimelineEventType =
  | "consultation"
  | "flight_departure"
  | "flight_arrival"
  | "transfer"
  | "check_in"
  | "check_out"
  | "admission"
  | "discharge"
  | "tour";

export interface TimelineEvent {
  componentId: string;
  type: TimelineEventType;
  title: string;
  start: TimelinePoint;
  end?: TimelinePoint;
  location?: string;
}

export interface Timeline {
  events: TimelineEvent[];
  issues: TimelineIssue[];
}
