import type { Kysely, Transaction } from "kysely";
import { newId } from "./ids";
import type { Database, ReservationRow, ResourceKind } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

/** One unit of need: so many of a resource. Counters live in the inventory tables; the database refuses to oversell. */
export interface Need {
  resource: ResourceKind;
  key: string;
  quantity: number;
  /** Capacity for counters whose rows appear on first use (transfer hours, room nights, bed nights). */
  capacity?: number;
}

const split = (key: string) => {
  const i = key.lastIndexOf("|");
  return [key.slice(0, i), key.slice(i + 1)] as const;
};

/**
 * Takes `quantity` of a resource if that many are left: a conditional update the database
 * decides atomically. Returns false when not enough is left (nothing is changed then).
 */
export async function take(db: Db, need: Need): Promise<boolean> {
  const n = need.quantity;
  switch (need.resource) {
    case "flight": {
      const r = await db
        .updateTable("flights")
        .set((eb) => ({ seats_left: eb("seats_left", "-", n) }))
        .where("id", "=", need.key)
        .where("seats_left", ">=", n)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    }
    case "tour_departure": {
      const r = await db
        .updateTable("tour_departures")
        .set((eb) => ({ reserved: eb("reserved", "+", n) }))
        .where("id", "=", need.key)
        .where((eb) => eb(eb("reserved", "+", n), "<=", eb.ref("capacity")))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    }
    case "transfer_hour": {
      const [productId, hour] = split(need.key);
      await db
        .insertInto("transfer_hours")
        .values({ product_id: productId, hour_start: hour, capacity: need.capacity ?? 0, reserved: 0 })
        .onConflict((oc) => oc.columns(["product_id", "hour_start"]).doNothing())
        .execute();
      const r = await db
        .updateTable("transfer_hours")
        .set((eb) => ({ reserved: eb("reserved", "+", n) }))
        .where("product_id", "=", productId)
        .where("hour_start", "=", hour)
        .where((eb) => eb(eb("reserved", "+", n), "<=", eb.ref("capacity")))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    }
    case "room_night": {
      const [roomTypeId, night] = split(need.key);
      await db
        .insertInto("room_nights")
        .values({ room_type_id: roomTypeId, night, capacity: need.capacity ?? 0, reserved: 0 })
        .onConflict((oc) => oc.columns(["room_type_id", "night"]).doNothing())
        .execute();
      const r = await db
        .updateTable("room_nights")
        .set((eb) => ({ reserved: eb("reserved", "+", n) }))
        .where("room_type_id", "=", roomTypeId)
        .where("night", "=", night)
        .where((eb) => eb(eb("reserved", "+", n), "<=", eb.ref("capacity")))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    }
    case "bed_night": {
      const [hospitalId, night] = split(need.key);
      await db
        .insertInto("hospital_bed_nights")
        .values({ hospital_id: hospitalId, night, capacity: need.capacity ?? 0, reserved: 0 })
        .onConflict((oc) => oc.columns(["hospital_id", "night"]).doNothing())
        .execute();
      const r = await db
        .updateTable("hospital_bed_nights")
        .set((eb) => ({ reserved: eb("reserved", "+", n) }))
        .where("hospital_id", "=", hospitalId)
        .where("night", "=", night)
        .where((eb) => eb(eb("reserved", "+", n), "<=", eb.ref("capacity")))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    }
  }
}

/** Gives units back. */
export async function giveBack(db: Db, resource: ResourceKind, key: string, n: number): Promise<void> {
  switch (resource) {
    case "flight":
      await db.updateTable("flights").set((eb) => ({ seats_left: eb("seats_left", "+", n) })).where("id", "=", key).execute();
      return;
    case "tour_departure":
      await db.updateTable("tour_departures").set((eb) => ({ reserved: eb("reserved", "-", n) })).where("id", "=", key).execute();
      return;
    case "transfer_hour": {
      const [p, h] = split(key);
      await db.updateTable("transfer_hours").set((eb) => ({ reserved: eb("reserved", "-", n) })).where("product_id", "=", p).where("hour_start", "=", h).execute();
      return;
    }
    case "room_night": {
      const [r, night] = split(key);
      await db.updateTable("room_nights").set((eb) => ({ reserved: eb("reserved", "-", n) })).where("room_type_id", "=", r).where("night", "=", night).execute();
      return;
    }
    case "bed_night": {
      const [hsp, night] = split(key);
      await db.updateTable("hospital_bed_nights").set((eb) => ({ reserved: eb("reserved", "-", n) })).where("hospital_id", "=", hsp).where("night", "=", night).execute();
      return;
    }
  }
}

export async function insertReservation(
  db: Db,
  r: { itineraryId: string; componentId: string; need: Need; status: "held" | "booked"; expiresAt: string | null; now: Date },
): Promise<void> {
  await db
    .insertInto("reservations")
    .values({
      id: newId("rsv", r.now),
      itinerary_id: r.itineraryId,
      component_id: r.componentId,
      resource: r.need.resource,
      resource_key: r.need.key,
      quantity: r.need.quantity,
      status: r.status,
      expires_at: r.expiresAt,
      created_at: r.now.toISOString(),
      released_at: null,
    })
    .execute();
}

export async function activeReservations(db: Db, itineraryId: string): Promise<ReservationRow[]> {
  return db.selectFrom("reservations").selectAll().where("itinerary_id", "=", itineraryId).where("status", "in", ["held", "booked"]).orderBy("resource").orderBy("resource_key").execute();
}

/** Releases reservations: gives the units back and marks them released, only once each. */
export async function releaseReservations(db: Db, rows: ReservationRow[], now: Date): Promise<void> {
  for (const r of rows) {
    const marked = await db
      .updateTable("reservations")
      .set({ status: "released", released_at: now.toISOString() })
      .where("id", "=", r.id)
      .where("status", "in", ["held", "booked"])
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) === 1) await giveBack(db, r.resource, r.resource_key, r.quantity);
  }
}

export async function bookReservations(db: Db, itineraryId: string): Promise<void> {
  await db.updateTable("reservations").set({ status: "booked", expires_at: null }).where("itinerary_id", "=", itineraryId).where("status", "=", "held").execute();
}

/** Itineraries whose hold ran out. */
export async function expiredHolds(db: Db, nowIso: string, limit = 100): Promise<string[]> {
  const rows = await db.selectFrom("itineraries").select("id").where("status", "=", "held").where("hold_expires_at", "<=", nowIso).orderBy("hold_expires_at").limit(limit).execute();
  return rows.map((r) => r.id);
}
