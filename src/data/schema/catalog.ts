/**
 * Tables of what can be booked: hospitals and their tariffs, flights, transfers, hotels, tours,
 * consultation slots, FX rates.
 */
import type { Defaulted, Int } from "./columns";

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

export interface TariffVersionsTable {
  id: string;
  hospital_id: string;
  version: number;
  effective_from: string;
  currency: string;
  published_at: string;
  published_by: string | null;
  note: string | null;
  /**
   * JSON list of the premium classes declared as bought domestically at these prices;
   * null on versions published without that declaration.
   */
  premium_classes: string | null;
  /** SHA-256 (hex) of the spreadsheet upload it was published from; null when published as JSON. */
  source_hash?: string | null;
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
