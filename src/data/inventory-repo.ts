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

/** Counters whose rows appear on first use, one row per owner and hour or night. */
const SERIES = {
  transfer_hour: { table: "transfer_hours", owner: "product_id", at: "hour_start" },
  room_night: { table: "room_nights", owner: "room_type_id", at: "night" },
  bed_night: { table: "hospital_bed_nights", owner: "hospital_id", at: "night" },
} as const;

/** True when `take` of `a` and `b` can go in one `takeSeries`: the same series, owner, quantity and capacity. */
export function sameSeries(a: Need, b: Need): boolean {
  return (
    a.resource === b.resource &&
    a.resource in SERIES &&
    a.quantity === b.quantity &&
    a.capacity === b.capacity &&
    split(a.key)[0] === split(b.key)[0]
  );
}

/**
 * `take` for several counters of one series at once (the nights of a stay: same resource, owner,
 * quantity and capacity, distinct nights), in a fixed number of statements however many nights:
 * the missing rows are inserted (insert or ignore, in key order), then one UPDATE takes every
 * night or none. It adds `quantity` to each row only where `reserved + quantity <= capacity`, and
 * only when that holds for all of them (a count in the same statement). Atomic on SQLite and D1,
 * where a statement runs alone; on PostgreSQL `lockInOrder` first locks the rows in key order
 * (`select … order by … for update`), so concurrent holds lock in the same order and the count
 * cannot change under the update. The CHECK constraints still refuse any oversell.
 * Returns the first need (in key order) that could not be taken, having taken nothing (rows it
 * created stay, with nothing reserved, as with `take`); or null.
 * Large series stay within D1's 100 parameters: d1-dialect passes IN lists as one JSON parameter
 * and splits multi-row INSERTs.
 */
export async function takeSeries(db: Db, needs: Need[], opts: { lockInOrder?: boolean } = {}): Promise<Need | null> {
  const sorted = [...needs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const first = sorted[0];
  if (!first) return null;
  if (sorted.length === 1) return (await take(db, first)) ? null : first;
  for (let i = 1; i < sorted.length; i++) {
    if (!sameSeries(first, sorted[i]!) || sorted[i]!.key === sorted[i - 1]!.key)
      throw new Error(`takeSeries: ${sorted[i]!.resource} ${sorted[i]!.key} is not in the series of ${first.key}`);
  }
  const s = SERIES[first.resource as keyof typeof SERIES];
  const owner = split(first.key)[0];
  const ats = sorted.map((x) => split(x.key)[1]);
  const n = first.quantity;
  // One table of three with the same shape; Kysely's types cannot follow a table chosen at run time.
  const q = db as unknown as Kysely<Record<string, Record<string, string | number>>>;
  await q
    .insertInto(s.table)
    .values(ats.map((at) => ({ [s.owner]: owner, [s.at]: at, capacity: first.capacity ?? 0, reserved: 0 })))
    .onConflict((oc) => oc.columns([s.owner, s.at]).doNothing())
    .execute();
  if (opts.lockInOrder) {
    await q
      .selectFrom(s.table)
      .select(s.at)
      .where(s.owner, "=", owner)
      .where(s.at, "in", ats)
      .orderBy(s.at)
      .forUpdate()
      .execute();
  }
  const r = await q
    .updateTable(s.table)
    .set((eb) => ({ reserved: eb(eb.ref("reserved"), "+", n) }))
    .where(s.owner, "=", owner)
    .where(s.at, "in", ats)
    .where((eb) => eb(eb(eb.ref("reserved"), "+", n), "<=", eb.ref("capacity")))
    .where((eb) =>
      eb(
        eb
          .selectFrom(`${s.table} as c`)
          .select((c) => c.fn.countAll().as("n"))
          .where(`c.${s.owner}`, "=", owner)
          .where(`c.${s.at}`, "in", ats)
          .where((c) => c(c(c.ref("c.reserved"), "+", n), "<=", c.ref("c.capacity"))),
        "=",
        ats.length,
      ),
    )
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === ats.length) return null;
  // Nothing was taken: say which night is short, as `take` one night at a time would have.
  const rows = await q
    .selectFrom(s.table)
    .select([s.at, "reserved", "capacity"])
    .where(s.owner, "=", owner)
    .where(s.at, "in", ats)
    .execute();
  const left = new Map(rows.map((row) => [String(row[s.at]), Number(row.capacity) - Number(row.reserved)]));
  return sorted.find((x) => (left.get(split(x.key)[1]) ?? 0) < n) ?? first;
}

/** Gives units back. */
export async function giveBack(db: Db, resource: ResourceKind, key: string, n: number): Promise<void> {
  switch (resource) {
    case "flight":
      await db
        .updateTable("flights")
        .set((eb) => ({ seats_left: eb("seats_left", "+", n) }))
        .where("id", "=", key)
        .execute();
      return;
    case "tour_departure":
      await db
        .updateTable("tour_departures")
        .set((eb) => ({ reserved: eb("reserved", "-", n) }))
        .where("id", "=", key)
        .execute();
      return;
    case "transfer_hour": {
      const [p, h] = split(key);
      await db
        .updateTable("transfer_hours")
        .set((eb) => ({ reserved: eb("reserved", "-", n) }))
        .where("product_id", "=", p)
        .where("hour_start", "=", h)
        .execute();
      return;
    }
    case "room_night": {
      const [r, night] = split(key);
      await db
        .updateTable("room_nights")
        .set((eb) => ({ reserved: eb("reserved", "-", n) }))
        .where("room_type_id", "=", r)
        .where("night", "=", night)
        .execute();
      return;
    }
    case "bed_night": {
      const [hsp, night] = split(key);
      await db
        .updateTable("hospital_bed_nights")
        .set((eb) => ({ reserved: eb("reserved", "-", n) }))
        .where("hospital_id", "=", hsp)
        .where("night", "=", night)
        .execute();
      return;
    }
  }
}

type ReservationInput = {
  itineraryId: string;
  componentId: string;
  need: Need;
  status: "held" | "booked";
  expiresAt: string | null;
  now: Date;
};

export async function insertReservation(db: Db, r: ReservationInput): Promise<void> {
  await insertReservations(db, [r]);
}

/** Several reservations in one INSERT (d1-dialect splits it to stay within D1's parameter limit). */
export async function insertReservations(db: Db, rows: ReservationInput[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("reservations")
    .values(
      rows.map((r) => ({
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
      })),
    )
    .execute();
}

export async function activeReservations(db: Db, itineraryId: string): Promise<ReservationRow[]> {
  return db
    .selectFrom("reservations")
    .selectAll()
    .where("itinerary_id", "=", itineraryId)
    .where("status", "in", ["held", "booked"])
    .orderBy("resource")
    .orderBy("resource_key")
    .execute();
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

/** Books what a held itinerary holds; what an open change offer holds (its id as component id) stays held. */
export async function bookReservations(db: Db, itineraryId: string): Promise<void> {
  await db
    .updateTable("reservations")
    .set({ status: "booked", expires_at: null })
    .where("itinerary_id", "=", itineraryId)
    .where("status", "=", "held")
    .where("component_id", "not like", "cof_%")
    .execute();
}

/** Itineraries whose hold ran out. */
export async function expiredHolds(db: Db, nowIso: string, limit = 100): Promise<string[]> {
  const rows = await db
    .selectFrom("itineraries")
    .select("id")
    .where("status", "=", "held")
    .where("hold_expires_at", "<=", nowIso)
    .orderBy("hold_expires_at")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
