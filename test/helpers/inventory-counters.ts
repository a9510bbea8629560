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

/**
 * Leaves `last` places on a tour departure and `last + 2` rooms for the night: more rooms than places, so holds
 * that got a room and then lose the tour must give the room back. Returns the places already reserved.
 */
export async function leaveLastPlaces(
  db: Kysely<Database>,
  at: { departureId: string; room: string; night: string; last: number },
): Promise<number> {
  const dep = await db
    .selectFrom("tour_departures")
    .select(["reserved"])
    .where("id", "=", at.departureId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable("tour_departures")
    .set({ capacity: dep.reserved + at.last })
    .where("id", "=", at.departureId)
    .execute();
  await db
    .insertInto("room_nights")
    .values({ room_type_id: at.room, night: at.night, capacity: at.last + 2, reserved: 0 })
    .execute();
  return dep.reserved;
}
