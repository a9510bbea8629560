import type { Kysely, Transaction } from "kysely";
import type { Need } from "./inventory-repo";
import type { Database } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

const split = (key: string) => {
  const i = key.lastIndexOf("|");
  return [key.slice(0, i), key.slice(i + 1)] as const;
};

/** Capacity and reserved of one owner's series rows (transfer hours, room nights, bed nights) at the given times. */
async function seriesRows(db: Db, resource: Need["resource"], owner: string, at: string[]) {
  switch (resource) {
    case "transfer_hour":
      return db
        .selectFrom("transfer_hours")
        .select(["hour_start as at", "capacity", "reserved"])
        .where("product_id", "=", owner)
        .where("hour_start", "in", at)
        .execute();
    case "room_night":
      return db
        .selectFrom("room_nights")
        .select(["night as at", "capacity", "reserved"])
        .where("room_type_id", "=", owner)
        .where("night", "in", at)
        .execute();
    case "bed_night":
      return db
        .selectFrom("hospital_bed_nights")
        .select(["night as at", "capacity", "reserved"])
        .where("hospital_id", "=", owner)
        .where("night", "in", at)
        .execute();
    default:
      return [];
  }
}

/**
 * How many of each needed resource are left now, by `resource|key` — read only, nothing taken
 * (a change's preview). A series counter without a row yet has its whole capacity left. One query
 * per resource kind and owner; at most `maxNeeds` needs are looked at (the rest are not answered).
 */
export async function leftFor(db: Db, needs: Need[], maxNeeds = 400): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const bounded = needs.slice(0, maxNeeds);
  const flights = bounded.filter((n) => n.resource === "flight").map((n) => n.key);
  if (flights.length) {
    const rows = await db.selectFrom("flights").select(["id", "seats_left"]).where("id", "in", flights).execute();
    for (const r of rows) out.set(`flight|${r.id}`, Number(r.seats_left));
  }
  const tours = bounded.filter((n) => n.resource === "tour_departure").map((n) => n.key);
  if (tours.length) {
    const rows = await db
      .selectFrom("tour_departures")
      .select(["id", "capacity", "reserved"])
      .where("id", "in", tours)
      .execute();
    for (const r of rows) out.set(`tour_departure|${r.id}`, Number(r.capacity) - Number(r.reserved));
  }
  for (const resource of ["transfer_hour", "room_night", "bed_night"] as const) {
    const mine = bounded.filter((n) => n.resource === resource);
    const owners = new Map<string, Need[]>();
    for (const n of mine) owners.set(split(n.key)[0], [...(owners.get(split(n.key)[0]) ?? []), n]);
    for (const [owner, list] of owners) {
      for (const n of list) out.set(`${resource}|${n.key}`, n.capacity ?? 0);
      const rows = await seriesRows(
        db,
        resource,
        owner,
        list.map((n) => split(n.key)[1]),
      );
      for (const r of rows) out.set(`${resource}|${owner}|${r.at}`, Number(r.capacity) - Number(r.reserved));
    }
  }
  return out;
}
