import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { testDatabases } from "../helpers/databases";
import { H, lowTourDeparture, ok } from "../helpers/itinerary-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

const COMPETITORS = 200;
const LAST = 5;

describe.each(testDatabases)("200 concurrent holds on $dialect", ({ dialect, open }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ handle: await open() });
  });
  afterAll(() => t.close());

  it(`[${dialect}] exactly the last ${LAST} tour places and rooms are held, all or nothing, never oversold`, async () => {
    const departureId = await lowTourDeparture(t, "2026-12-21");
    const room = "rmt_urc_hoitak_acc";
    const night = "2026-12-21";
    // The last LAST places on the tour; a few more rooms than that, so the tour decides and the
    // rooms taken by losers must be given back in the same transaction.
    const dep = await t.handle.db.selectFrom("tour_departures").select(["reserved"]).where("id", "=", departureId).executeTakeFirstOrThrow();
    await t.handle.db.updateTable("tour_departures").set({ capacity: dep.reserved + LAST }).where("id", "=", departureId).execute();
    await t.handle.db.insertInto("room_nights").values({ room_type_id: room, night, capacity: LAST + 2, reserved: 0 }).execute();

    const itineraries: { id: string; version: number }[] = [];
    for (let i = 0; i < COMPETITORS; i++) {
      const itn = ItinerarySchema.parse(
        await ok(
          await t.call("POST", "/v1/itineraries", {
            token: T.alexander,
            body: {
              hospitalId: H,
              travelers: [{ fullName: "Alexander Kovalenko", role: "patient" }],
              components: [
                // Half list the room first, half the tour: lock order must not matter.
                ...(i % 2
                  ? [{ type: "tour", departureId }, { type: "lodging", roomTypeId: room, checkIn: night, checkOut: "2026-12-22" }]
                  : [{ type: "lodging", roomTypeId: room, checkIn: night, checkOut: "2026-12-22" }, { type: "tour", departureId }]),
              ],
            },
          }),
          201,
        ),
      );
      expect(itn.issues.filter((x) => x.severity === "error")).toEqual([]);
      itineraries.push({ id: itn.id, version: itn.version });
    }

    const results = await Promise.all(
      itineraries.map((itn) => t.call("POST", `/v1/itineraries/${itn.id}/hold`, { token: T.alexander, headers: { "If-Match": `"${itn.version}"` } })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LAST);
    expect(statuses.filter((s) => s === 409)).toHaveLength(COMPETITORS - LAST);

    const tour = await t.handle.db.selectFrom("tour_departures").select(["capacity", "reserved"]).where("id", "=", departureId).executeTakeFirstOrThrow();
    const rooms = await t.handle.db.selectFrom("room_nights").select(["capacity", "reserved"]).where("room_type_id", "=", room).where("night", "=", night).executeTakeFirstOrThrow();
    const held = await t.handle.db
      .selectFrom("reservations")
      .select(["resource", "itinerary_id", "quantity"])
      .where("status", "in", ["held", "booked"])
      .where("resource_key", "in", [departureId, `${room}|${night}`])
      .execute();
    const sum = (resource: string) => held.filter((h) => h.resource === resource).reduce((s, h) => s + h.quantity, 0);
    // inventory = capacity − holds − bookings, for both resources
    expect(tour.reserved).toBe(LAST);
    expect(tour.capacity - tour.reserved).toBe(dep.reserved + LAST - sum("tour_departure") - dep.reserved);
    expect(sum("tour_departure")).toBe(LAST);
    expect(rooms.reserved).toBe(sum("room_night"));
    expect(rooms.reserved).toBe(LAST);
    // All or nothing: every winner holds both, no loser holds anything.
    const winners = new Set(held.map((h) => h.itinerary_id));
    expect(winners.size).toBe(LAST);
    for (const id of winners) expect(held.filter((h) => h.itinerary_id === id).map((h) => h.resource).sort()).toEqual(["room_night", "tour_departure"]);
    const statusRows = await t.handle.db.selectFrom("itineraries").select(["id", "status"]).where("id", "in", itineraries.map((i) => i.id)).execute();
    expect(statusRows.filter((r) => r.status === "held").map((r) => r.id).sort()).toEqual([...winners].sort());
  }, 120_000);
});
