import { type Kysely, type Transaction, sql } from "kysely";
import { prepared } from "./prepared";
import type { Database } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

export interface HospitalFilter {
  city?: string;
  country?: string;
  language?: string;
  department?: string;
  after?: (string | number)[];
  limit: number;
}

export async function listHospitals(db: Db, f: HospitalFilter) {
  let q = db.selectFrom("hospitals").selectAll();
  if (f.city) q = q.where(sql`lower(city)`, "=", f.city.toLowerCase());
  if (f.country) q = q.where("country", "=", f.country.toUpperCase());
  // languages is a JSON array of codes; matching the quoted code is exact and dialect-neutral.
  if (f.language) q = q.where("languages", "like", `%"${f.language}"%`);
  if (f.department) {
    const dep = f.department;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("departments as d")
          .select("d.id")
          .whereRef("d.hospital_id", "=", "hospitals.id")
          .where("d.code", "=", dep),
      ),
    );
  }
  if (f.after) q = q.where("id", ">", String(f.after[0]));
  return q
    .orderBy("id")
    .limit(f.limit + 1)
    .execute();
}

export async function getHospital(db: Db, id: string) {
  return db.selectFrom("hospitals").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function departmentsOf(db: Db, hospitalIds: string[]) {
  if (hospitalIds.length === 0) return [];
  return db
    .selectFrom("departments")
    .selectAll()
    .where("hospital_id", "in", hospitalIds)
    .orderBy("hospital_id")
    .orderBy("code")
    .execute();
}

/** The tariff version in force at a hospital on a hospital-local date: latest effective_from ≤ date. */
export async function tariffVersionInForce(db: Db, hospitalId: string, date: string) {
  return db
    .selectFrom("tariff_versions")
    .selectAll()
    .where("hospital_id", "=", hospitalId)
    .where("effective_from", "<=", date)
    .orderBy("effective_from", "desc")
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
}

export interface TariffItemFilter {
  department?: string;
  kind?: string;
  serviceClass?: string;
  code?: string;
  after?: (string | number)[];
  limit: number;
}

export async function listTariffItems(db: Db, versionId: string, f: TariffItemFilter) {
  let q = db.selectFrom("tariff_items").selectAll().where("tariff_version_id", "=", versionId);
  if (f.department) q = q.where("department_code", "=", f.department);
  if (f.kind) q = q.where("kind", "=", f.kind);
  if (f.serviceClass) q = q.where("service_class", "=", f.serviceClass);
  if (f.code) q = q.where("code", "=", f.code);
  if (f.after) {
    const [code, cls] = f.after.map(String) as [string, string];
    q = q.where((eb) => eb.or([eb("code", ">", code), eb.and([eb("code", "=", code), eb("service_class", ">", cls)])]));
  }
  return q
    .orderBy("code")
    .orderBy("service_class")
    .limit(f.limit + 1)
    .execute();
}

export async function listAirports(db: Db) {
  return db.selectFrom("airports").selectAll().orderBy("code").execute();
}

export async function getAirport(db: Db, code: string) {
  return db.selectFrom("airports").selectAll().where("code", "=", code).executeTakeFirst();
}

export interface FlightFilter {
  origin: string;
  destination: string;
  /** Origin-local departure date. */
  date: string;
  passengers: number;
  after?: (string | number)[];
  limit: number;
}

const flightSearch = (db: Db, origin: string, destination: string, date: string, passengers: number) =>
  db
    .selectFrom("flights as f")
    .innerJoin("airports as o", "o.code", "f.origin")
    .innerJoin("airports as d", "d.code", "f.destination")
    .selectAll("f")
    .select([
      "o.city as origin_city",
      "o.zone as origin_zone",
      "d.city as destination_city",
      "d.zone as destination_zone",
    ])
    .where("f.origin", "=", origin)
    .where("f.destination", "=", destination)
    .where("f.origin_local_date", "=", date)
    .where("f.seats_left", ">=", passengers);

const firstFlights = prepared(
  (db, origin: string, destination: string, date: string, passengers: number, take: number) =>
    flightSearch(db, origin, destination, date, passengers).orderBy("f.departs_at").orderBy("f.id").limit(take),
);

const laterFlights = prepared(
  (
    db,
    origin: string,
    destination: string,
    date: string,
    passengers: number,
    afterAt: string,
    afterId: string,
    take: number,
  ) =>
    flightSearch(db, origin, destination, date, passengers)
      .where((eb) =>
        eb.or([eb("f.departs_at", ">", afterAt), eb.and([eb("f.departs_at", "=", afterAt), eb("f.id", ">", afterId)])]),
      )
      .orderBy("f.departs_at")
      .orderBy("f.id")
      .limit(take),
);

/** Flights with both airports joined in: one statement per search, compiled once. */
export async function searchFlights(db: Db, f: FlightFilter) {
  if (!f.after) return firstFlights(db, f.origin, f.destination, f.date, f.passengers, f.limit + 1);
  const [at, id] = f.after.map(String) as [string, string];
  return laterFlights(db, f.origin, f.destination, f.date, f.passengers, at, id, f.limit + 1);
}

export interface TransferFilter {
  airport: string;
  hospitalId?: string;
  passengers: number;
  wheelchair?: boolean;
  /** UTC hour start, for availability. */
  hourStart: string;
  after?: (string | number)[];
  limit: number;
}

export async function searchTransfers(db: Db, f: TransferFilter) {
  let q = db
    .selectFrom("transfer_products as p")
    .leftJoin("transfer_hours as h", (j) => j.onRef("h.product_id", "=", "p.id").on("h.hour_start", "=", f.hourStart))
    .selectAll("p")
    .select((eb) => eb.fn.coalesce("h.reserved", eb.lit(0)).as("reserved"))
    .where("p.airport_code", "=", f.airport)
    .where("p.max_passengers", ">=", f.passengers);
  if (f.hospitalId) q = q.where("p.hospital_id", "=", f.hospitalId);
  if (f.wheelchair) q = q.where("p.wheelchair_accessible", "=", 1);
  if (f.after) q = q.where("p.id", ">", String(f.after[0]));
  return q
    .orderBy("p.id")
    .limit(f.limit + 1)
    .execute();
}

export interface LodgingFilter {
  hospitalId: string;
  nights: string[];
  guests: number;
  accessible?: boolean;
  after?: (string | number)[];
  limit: number;
}

/** Hotels near a hospital, nearest first, with at least one room type that fits. */
export async function searchHotels(db: Db, f: LodgingFilter) {
  let q = db
    .selectFrom("hotel_distances as d")
    .innerJoin("hotels as h", "h.id", "d.hotel_id")
    .selectAll("h")
    .select("d.distance_m")
    .where("d.hospital_id", "=", f.hospitalId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("room_types as r")
          .select("r.id")
          .whereRef("r.hotel_id", "=", "h.id")
          .where("r.max_guests", ">=", f.guests)
          .$if(!!f.accessible, (qb) => qb.where("r.accessible", "=", 1)),
      ),
    );
  if (f.after) {
    const [dist, id] = f.after as [number, string];
    q = q.where((eb) =>
      eb.or([
        eb("d.distance_m", ">", Number(dist)),
        eb.and([eb("d.distance_m", "=", Number(dist)), eb("h.id", ">", String(id))]),
      ]),
    );
  }
  return q
    .orderBy("d.distance_m")
    .orderBy("h.id")
    .limit(f.limit + 1)
    .execute();
}

export async function roomTypesWithReserved(
  db: Db,
  hotelIds: string[],
  nights: string[],
  guests: number,
  accessible?: boolean,
) {
  if (hotelIds.length === 0) return { roomTypes: [], reserved: [] };
  let rq = db.selectFrom("room_types").selectAll().where("hotel_id", "in", hotelIds).where("max_guests", ">=", guests);
  if (accessible) rq = rq.where("accessible", "=", 1);
  const roomTypes = await rq.orderBy("hotel_id").orderBy("nightly_amount").orderBy("id").execute();
  const ids = roomTypes.map((r) => r.id);
  const reserved =
    ids.length === 0 || nights.length === 0
      ? []
      : await db
          .selectFrom("room_nights")
          .select(["room_type_id", "night", "reserved"])
          .where("room_type_id", "in", ids)
          .where("night", "in", nights)
          .execute();
  return { roomTypes, reserved };
}

export interface TourFilter {
  city?: string;
  date?: string;
  /** Without a date: departures starting after this instant. */
  startsAfter: string;
  language?: string;
  intensity?: string;
  participants: number;
  after?: (string | number)[];
  limit: number;
}

export async function searchTourDepartures(db: Db, f: TourFilter) {
  let q = db
    .selectFrom("tour_departures as d")
    .innerJoin("tours as t", "t.id", "d.tour_id")
    .selectAll("t")
    .select(["d.id as departure_id", "d.starts_at", "d.local_date", "d.capacity", "d.reserved"])
    .where(sql<number>`d.capacity - d.reserved`, ">=", f.participants);
  if (f.date) q = q.where("d.local_date", "=", f.date);
  else q = q.where("d.starts_at", ">", f.startsAfter);
  if (f.city) q = q.where(sql`lower(t.city)`, "=", f.city.toLowerCase());
  if (f.language) q = q.where("t.language", "=", f.language);
  if (f.intensity) q = q.where("t.intensity", "=", f.intensity as "low");
  if (f.after) {
    const [at, id] = f.after.map(String) as [string, string];
    q = q.where((eb) => eb.or([eb("d.starts_at", ">", at), eb.and([eb("d.starts_at", "=", at), eb("d.id", ">", id)])]));
  }
  return q
    .orderBy("d.starts_at")
    .orderBy("d.id")
    .limit(f.limit + 1)
    .execute();
}

export async function listAgencies(db: Db) {
  return db.selectFrom("agencies").selectAll().orderBy("id").execute();
}
