/** The database's tables, one file per area in ./schema/; this barrel keeps one import path for them. */
import type { Insertable, Selectable } from "kysely";
import type { AgenciesTable, UsersTable, ApiTokensTable, PatientsTable } from "./schema/access";
import type {
  HospitalsTable,
  DepartmentsTable,
  TariffVersionsTable,
  TariffItemsTable,
  AirportsTable,
  FlightsTable,
  TransferProductsTable,
  TransferHoursTable,
  HotelsTable,
  HotelDistancesTable,
  RoomTypesTable,
  RoomNightsTable,
  ToursTable,
  TourDeparturesTable,
  ConsultationSlotsTable,
  FxRatesTable,
} from "./schema/catalog";
import type { ConsultationsTable, QuotesTable, QuoteLinesTable, NotificationsTable } from "./schema/sales";
import type {
  ItinerariesTable,
  ItineraryComponentsTable,
  ReservationsTable,
  HospitalBedNightsTable,
  ItineraryHistoryTable,
  CancellationQuotesTable,
  PaymentsTable,
  WebhookEventsTable,
  CalendarEventsTable,
} from "./schema/itineraries";
import type { IdempotencyKeysTable, RateLimitsTable, AppMetaTable } from "./schema/system";
import type { SessionsTable, SignInCodesTable } from "./schema/sessions";
import type { ChangeOffersTable } from "./schema/offers";
import type { TripMessagesTable, TripMessageReadsTable } from "./schema/messages";

export type * from "./schema/access";
export type * from "./schema/catalog";
export type * from "./schema/sales";
export type * from "./schema/itineraries";
export type * from "./schema/system";
export type * from "./schema/offers";
export type * from "./schema/messages";

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
  change_offers: ChangeOffersTable;
  trip_messages: TripMessagesTable;
  trip_message_reads: TripMessageReadsTable;
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
export type ChangeOfferRow = Selectable<ChangeOffersTable>;
