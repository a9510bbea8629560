import type { ColumnType, Insertable, Selectable } from "kysely";
import type { SessionsTable, SignInCodesTable } from "./schema/sessions";

/** bigint columns come back as number (the Postgres dialect installs a parser for int8). */
type Int = ColumnType<number, number, number>;
/** A column with a database default. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface AgenciesTable {
  id: string;
  name: string;
  country: string;
  fee_percent_bp: Defaulted<number>;
  fee_flat_amount: Defaulted<number>;
  fee_currency: string;
  created_at: string;
}

export interface HospitalsTable {
  id: string;
  name: string;
  name_local: string;
  city: string;
  country: string;
  zone: string;
  currency: string;
  /** JSON array of BCP 47 language codes. */
  languages: string;
  international_beds: number;
  address: string;
  latitude: number;
  longitude: number;
  created_at: string;
}

export interface DepartmentsTable {
  id: string;
  hospital_id: string;
  code: string;
  name: string;
  languages: string;
  /** 1: the hospital marks it as serving foreign patients (international clinic, VIP ward…). */
  serves_foreign_patients: Defaulted<number>;
}

export type Role = "patient" | "agent" | "clinician" | "billing" | "admin";

export interface UsersTable {
  id: string;
  role: Role;
  display_name: string;
  email: string;
  language: string;
  agency_id: string | null;
  hospital_id: string | null;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  token_hash: string;
  label: string;
  created_at: string;
  revoked_at: string | null;
}

export interface PatientsTable {
  id: string;
  user_id: string;
  agency_id: string | null;
  full_name: string;
  email: string;
  phone: string | null;
  nationality: string;
  home_city: string;
  language: string;
  languages: string;
  currency: string;
  passport_number_enc: string | null;
  birth_date_enc: string | null;
  created_at: string;
  /** IANA zone of the patient's home, for showing times (migration 002). */
  zone: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface TariffVersionsTable {
  id: string;
  hospital_id: string;
  version: number;
  effective_from: string;
  currency: string;
  published_at: string;
  published_by: string | null;
  note: string | null;
  /** JSON list of the premium classes declared as bought domestically at these prices; null before that declaration existed. */
  premium_classes: string | null;
}

export interface TariffItemsTable {
  id: string;
  tariff_version_id: string;
  code: string;
  /** JSON object language -> name. */
  name: string;
  department_code: string;
  service_class: string;
  kind: string;
  unit: string;
  unit_price: Int;
  description: string | null;
}

export interface AirportsTable {
  code: string;
  name: string;
  city: string;
  country: string;
  zone: string;
}

export interface FlightsTable {
  id: string;
  carrier: string;
  flight_number: string;
  origin: string;
  destination: string;
  departs_at: string;
  arrives_at: string;
  origin_local_date: string;
  cabin: string;
  seats_total: number;
  seats_left: number;
  fare_amount: Int;
  fare_currency: string;
}

export interface TransferProductsTable {
  id: string;
  airport_code: string;
  hospital_id: string;
  vehicle_type: string;
  wheelchair_accessible: number;
  max_passengers: number;
  vehicles_per_hour: number;
  duration_minutes: number;
  price_amount: Int;
  price_currency: string;
}

export interface TransferHoursTable {
  product_id: string;
  hour_start: string;
  capacity: number;
  reserved: Defaulted<number>;
}

export interface HotelsTable {
  id: string;
  name: string;
  city: string;
  zone: string;
  address: string;
  stars: number;
  languages: string;
  check_in_time: string;
  check_out_time: string;
}

export interface HotelDistancesTable {
  hotel_id: string;
  hospital_id: string;
  distance_m: number;
}

export interface RoomTypesTable {
  id: string;
  hotel_id: string;
  name: string;
  max_guests: number;
  accessible: number;
  rooms_total: number;
  nightly_amount: Int;
  nightly_currency: string;
}

export interface RoomNightsTable {
  room_type_id: string;
  night: string;
  capacity: number;
  reserved: Defaulted<number>;
}

export interface ToursTable {
  id: string;
  city: string;
  zone: string;
  title: string;
  description: string;
  language: string;
  intensity: "low" | "moderate" | "high";
  duration_minutes: number;
  wheelchair_accessible: number;
  price_amount: Int;
  price_currency: string;
}

export interface TourDeparturesTable {
  id: string;
  tour_id: string;
  starts_at: string;
  local_date: string;
  capacity: number;
  reserved: Defaulted<number>;
}

export interface ConsultationSlotsTable {
  id: string;
  hospital_id: string;
  department_code: string;
  mode: "video" | "in_person";
  starts_at: string;
  duration_minutes: number;
  capacity: Defaulted<number>;
  reserved: Defaulted<number>;
}

export interface FxRatesTable {
  base: string;
  quote: string;
  as_of: string;
  /** Decimal string: units of `quote` per unit of `base`. */
  rate: string;
  source: string;
}

export type ConsultationStatus = "requested" | "scheduled" | "completed" | "cancelled";

export interface ConsultationsTable {
  id: string;
  patient_id: string;
  /** The patient's agency, copied on insert (so an agency's list pages by index); never set by callers. */
  agency_id: ColumnType<string | null, string | null | undefined, never>;
  hospital_id: string;
  department_code: string;
  mode: "video" | "in_person";
  status: ConsultationStatus;
  complaint: string;
  language: string;
  preferred_times: string;
  records: string;
  slot_id: string | null;
  price_amount: Defaulted<number>;
  price_currency: string;
  recommendation: string | null;
  recommended_by: string | null;
  recommended_at: string | null;
  cancel_reason: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface QuotesTable {
  id: string;
  patient_id: string;
  /** The patient's agency, copied on insert (so an agency's list pages by index); never set by callers. */
  agency_id: ColumnType<string | null, string | null | undefined, never>;
  hospital_id: string;
  consultation_id: string | null;
  status: "open" | "withdrawn";
  revision: number;
  service_date: string;
  hospital_currency: string;
  patient_currency: string;
  medical_total: Int;
  medical_total_patient: Int;
  /** JSON: the resolved hospital→patient rate. */
  fx: string;
  valid_until: string;
  affirmation_payload: string;
  affirmation_signature: string;
  affirmation_key_id: string;
  withdrawn_reason: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface QuoteLinesTable {
  quote_id: string;
  line_no: number;
  hospital_id: string;
  code: string;
  name: string;
  department_code: string;
  service_class: string;
  kind: string;
  unit: string;
  quantity: number;
  service_date: string;
  unit_price: Int;
  line_total: Int;
  tariff_version_id: string;
  tariff_version: number;
  /** The standard class's domestic unit price, on a premium-class line; null on a standard-class line. */
  standard_unit_price: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  language: string;
  subject_id: string;
  payload: string;
  status: Defaulted<string>;
  attempts: Defaulted<number>;
  next_attempt_at: string;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  sent_at: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
  /** Stable RFC 5322 Message-ID, set at first attempt (migration 004). */
  message_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Lease: a dispatcher that claimed the row owns it until then. */
  locked_until: ColumnType<string | null, string | null | undefined, string | null>;
  /** Address it was (or will be) sent to. */
  recipient: ColumnType<string | null, string | null | undefined, string | null>;
}

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

export interface IdempotencyKeysTable {
  owner: string;
  key: string;
  fingerprint: string;
  status: "in_progress" | "done";
  response_status: number | null;
  response_headers: string | null;
  response_body: string | null;
  created_at: string;
  /** The current claimant's fencing token; a taken-over claim can no longer commit. */
  lease: string | null;
  claimed_at: string | null;
  /** Set inside the transaction of the request's change, so it commits with it. */
  committed_at: string | null;
  /** The stored response, sealed with the PII cipher (`response_status/headers/body` are no longer written). */
  response_enc: string | null;
}

/** One budget's counter for one client key in the current fixed window. */
export interface RateLimitsTable {
  key: string;
  hits: number;
  /** Epoch milliseconds when the window ends; bigint, so PostgreSQL returns it as a string. */
  reset_at: number | string;
}

export interface AppMetaTable {
  key: string;
  value: string;
}

export interface Database {
  agencies: AgenciesTable;
  hospitals: HospitalsTable;
  departments: DepartmentsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  patients: PatientsTable;
  tariff_versions: TariffVersionsTable;
  tariff_items: TariffItemsTable;
  airports: AirportsTable;
  flights: FlightsTable;
  transfer_products: TransferProductsTable;
  transfer_hours: TransferHoursTable;
  hotels: HotelsTable;
  hotel_distances: HotelDistancesTable;
  room_types: RoomTypesTable;
  room_nights: RoomNightsTable;
  tours: ToursTable;
  tour_departures: TourDeparturesTable;
  consultation_slots: ConsultationSlotsTable;
  app_meta: AppMetaTable;
  fx_rates: FxRatesTable;
  consultations: ConsultationsTable;
  quotes: QuotesTable;
  quote_lines: QuoteLinesTable;
  notifications: NotificationsTable;
  itineraries: ItinerariesTable;
  itinerary_components: ItineraryComponentsTable;
  reservations: ReservationsTable;
  hospital_bed_nights: HospitalBedNightsTable;
  itinerary_history: ItineraryHistoryTable;
  cancellation_quotes: CancellationQuotesTable;
  payments: PaymentsTable;
  idempotency_keys: IdempotencyKeysTable;
  webhook_events: WebhookEventsTable;
  rate_limits: RateLimitsTable;
  calendar_events: CalendarEventsTable;
  sessions: SessionsTable;
  sign_in_codes: SignInCodesTable;
}

export type HospitalRow = Selectable<HospitalsTable>;
export type DepartmentRow = Selectable<DepartmentsTable>;
export type UserRow = Selectable<UsersTable>;
export type PatientRow = Selectable<PatientsTable>;
export type NewPatient = Insertable<PatientsTable>;
export type FlightRow = Selectable<FlightsTable>;
export type TariffItemRow = Selectable<TariffItemsTable>;
export type TariffVersionRow = Selectable<TariffVersionsTable>;
export type TourRow = Selectable<ToursTable>;
export type HotelRow = Selectable<HotelsTable>;
export type RoomTypeRow = Selectable<RoomTypesTable>;
export type TransferProductRow = Selectable<TransferProductsTable>;
export type AirportRow = Selectable<AirportsTable>;
export type ConsultationRow = Omit<Selectable<ConsultationsTable>, "agency_id">;
export type QuoteRow = Omit<Selectable<QuotesTable>, "agency_id">;
export type QuoteLineRow = Selectable<QuoteLinesTable>;
export type ItineraryRow = Selectable<ItinerariesTable>;
export type ComponentRow = Selectable<ItineraryComponentsTable>;
export type ReservationRow = Selectable<ReservationsTable>;
