import type { Kysely } from "kysely";
import type { Database } from "../../src/data/schema";

/** A tour departure's and a room night's counters, and the live (held or booked) reservations on them. */
export async function tourAndRoomCounters(
  db: Kysely<Database>,
  at: { departureId: string; room: string; night: string },
) {
  const { departureId, room, night } = at;
  const tour = await db
    .selectFrom("tour_departures")
    .select(["capacity", "reserved"])
    .where("id", "=", departureId)
    .executeTakeFirstOrThrow();
  const rooms = await db
    .selectFrom("room_nights")
    .select(["capacity", "reserved"])
    .where("room_type_id", "=", room)
    .where("night", "=", night)
    .executeTakeFirstOrThrow();
  const held = await db
    .selectFrom("reservations")
    .select(["resource", "itinerary_id", "quantity"])
    .where("status", "in", ["held", "booked"])
    .where("resource_key", "in", [departureId, `${room}|${night}`])
    .execute();
  return { tour, rooms, held };
}
