import type { Kysely, Transaction } from "kysely";
import { prepared } from "./prepared";
import type { Database } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

// The catalog rows components refer to, by id, each with its airports or hotel joined in.

const flightsByIdQuery = prepared((db, ids: readonly string[]) =>
  db
    .selectFrom("flights as f")
    .innerJoin("airports as o", "o.code", "f.origin")
    .innerJoin("airports as d", "d.code", "f.destination")
    .select([
      "f.id",
      "f.flight_number",
      "f.carrier",
      "f.departs_at",
      "f.arrives_at",
      "f.fare_amount",
      "f.fare_currency",
    ])
    .select(["o.code as o_code", "o.city as o_city", "o.country as o_country", "o.zone as o_zone"])
    .select(["d.code as d_code", "d.city as d_city", "d.country as d_country", "d.zone as d_zone"])
    .where("f.id", "in", ids),
);

export function flightsById(db: Db, ids: string[]) {
  return flightsByIdQuery(db, ids);
}

const transfersByIdQuery = prepared((db, ids: readonly string[]) =>
  db
    .selectFrom("transfer_products as t")
    .innerJoin("airports as a", "a.code", "t.airport_code")
    .select([
      "t.id",
      "t.vehicle_type",
      "t.wheelchair_accessible",
      "t.duration_minutes",
      "t.price_amount",
      "t.price_currency",
      "t.vehicles_per_hour",
    ])
    .select(["a.code as a_code", "a.city as a_city", "a.country as a_country", "a.zone as a_zone"])
    .where("t.id", "in", ids),
);

export function transfersById(db: Db, ids: string[]) {
  return transfersByIdQuery(db, ids);
}

const roomsByIdQuery = prepared((db, ids: readonly string[]) =>
  db
    .selectFrom("room_types as r")
    .innerJoin("hotels as h", "h.id", "r.hotel_id")
    .select(["r.id", "r.name", "r.accessible", "r.rooms_total", "r.nightly_amount", "r.nightly_currency"])
    .select([
      "h.id as hotel_id",
      "h.name as hotel_name",
      "h.city as hotel_city",
      "h.zone as hotel_zone",
      "h.check_in_time",
      "h.check_out_time",
    ])
    .where("r.id", "in", ids),
);

export function roomsById(db: Db, ids: string[]) {
  return roomsByIdQuery(db, ids);
}

const departuresByIdQuery = prepared((db, ids: readonly string[]) =>
  db
    .selectFrom("tour_departures as d")
    .innerJoin("tours as t", "t.id", "d.tour_id")
    .select([
      "t.id",
      "t.title",
      "t.language",
      "t.intensity",
      "t.zone",
      "t.city",
      "t.duration_minutes",
      "t.price_amount",
      "t.price_currency",
      "d.id as departure_id",
      "d.starts_at",
    ])
    .where("d.id", "in", ids),
);

export function departuresById(db: Db, ids: string[]) {
  return departuresByIdQuery(db, ids);
}

const consultationsByIdQuery = prepared((db, ids: readonly string[]) =>
  db
    .selectFrom("consultations as c")
    .leftJoin("consultation_slots as s", "s.id", "c.slot_id")
    .select(["c.id", "c.mode", "c.status", "c.department_code", "s.starts_at", "s.duration_minutes"])
    .where("c.id", "in", ids),
);

export function consultationsById(db: Db, ids: string[]) {
  return consultationsByIdQuery(db, ids);
}

/** What an itinerary holds or has booked, per component (the view's inventory state). */
export async function findTransferProduct(db: Db, id: string) {
  return db.selectFrom("transfer_products").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findRoomType(db: Db, id: string) {
  return db.selectFrom("room_types").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findConsultation(db: Db, id: string) {
  return db.selectFrom("consultations").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function consultationRecommendation(db: Db, id: string) {
  return db.selectFrom("consultations").select("recommendation").where("id", "=", id).executeTakeFirst();
}
