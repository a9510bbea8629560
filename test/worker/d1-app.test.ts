/** The whole app on the D1 dialect: demo data seeded through it, and concurrent holds never oversell. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { H, lowTourDeparture, ok } from "../helpers/itinerary-fixtures";
import { leaveLastPlaces, tourAndRoomCounters } from "../helpers/inventory-counters";
import type { TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { createD1TestApp } from "./d1-test-app";

type D1TestApp = Awaited<ReturnType<typeof createD1TestApp>>;

const ROOM = "rmt_urc_hoitak_acc";
const NIGHT = "2026-12-21";

/** Leaves `last` places on a tour departure and `last + 2` rooms for the night; returns the departure. */
async function lastPlaces(t: D1TestApp, last: number) {
  const departureId = await lowTourDeparture(t as unknown as TestApp, NIGHT);
  const reservedBefore = await leaveLastPlaces(t.handle.db, { departureId, room: ROOM, night: NIGHT, last });
  return { departureId, reservedBefore };
}

/** `count` draft itineraries, each with the tour and a room for the night. */
async function draftItineraries(t: D1TestApp, count: number, departureId: string) {
  const itineraries: { id: string; version: number }[] = [];
  for (let i = 0; i < count; i++) {
    const itn = ItinerarySchema.parse(
      await ok(
        await t.call("POST", "/v1/itineraries", {
          token: T.alexander,
          body: {
            hospitalId: H,
            travelers: [{ fullName: "Alexander Kovalenko", role: "patient" }],
            components: [
              { type: "tour", departureId },
              { type: "lodging", roomTypeId: ROOM, checkIn: NIGHT, checkOut: "2026-12-22" },
            ],
          },
        }),
        201,
      ),
    );
    itineraries.push({ id: itn.id, version: itn.version });
  }
  return itineraries;
}

/** The counters and the live reservations on the tour departure and the room night. */
const inventory = (t: D1TestApp, departureId: string) =>
  tourAndRoomCounters(t.handle.db, { departureId, room: ROOM, night: NIGHT });

/** Winners are held with their history recorded; losers are back where they were: draft, version unchanged. */
async function expectOnlyWinnersHeld(t: D1TestApp, itineraries: { id: string }[], winners: Set<string>) {
  const rows = await t.handle.db
    .selectFrom("itineraries")
    .select(["id", "status", "version"])
    .where(
      "id",
      "in",
      itineraries.map((i) => i.id),
    )
    .execute();
  expect(
    rows
      .filter((r) => r.status === "held")
      .map((r) => r.id)
      .sort(),
  ).toEqual([...winners].sort());
  expect(rows.filter((r) => !winners.has(r.id)).every((r) => r.status === "draft" && r.version === 1)).toBe(true);
  const holdsRecorded = await t.handle.db
    .selectFrom("itinerary_history")
    .select("itinerary_id")
    .where("action", "=", "held")
    .execute();
  expect(holdsRecorded.map((h) => h.itinerary_id).sort()).toEqual([...winners].sort());
}

describe("the app on the D1 dialect (fake D1 binding, demo data seeded through the dialect)", () => {
  let t: D1TestApp;
  beforeAll(async () => {
    t = await createD1TestApp();
  }, 60_000);
  afterAll(() => t.close());

  it("seeds the demo data despite D1's 100-parameter limit (its 200-row INSERTs are split)", async () => {
    const flights = await t.handle.db
      .selectFrom("flights")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(flights.n).toBeGreaterThan(1000);
    const quote = await ok(
      await t.call("POST", "/v1/quotes", {
        token: T.agent,
        body: {
          patientId: "pat_demo_alexander",
          hospitalId: H,
          serviceDate: "2026-12-03",
          items: [{ code: "CARD-CABG", quantity: 1 }],
        },
      }),
      201,
    );
    expect(quote.lines[0].unitPrice).toEqual({ amount: 9_800_000, currency: "CNY" });
  });

  it("200 concurrent holds for the last 5 tour places: exactly 5 held, all or nothing, never oversold", async () => {
    const COMPETITORS = 200;
    const LAST = 5;
    const { departureId, reservedBefore } = await lastPlaces(t, LAST);
    const itineraries = await draftItineraries(t, COMPETITORS, departureId);
    const results = await Promise.all(
      itineraries.map((itn) =>
        t.call("POST", `/v1/itineraries/${itn.id}/hold`, {
          token: T.alexander,
          headers: { "If-Match": `"${itn.version}"` },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LAST);
    expect(statuses.filter((s) => s === 409)).toHaveLength(COMPETITORS - LAST);

    const { tour, rooms, held } = await inventory(t, departureId);
    const sum = (resource: string) => held.filter((h) => h.resource === resource).reduce((s, h) => s + h.quantity, 0);
    expect(tour.reserved).toBe(reservedBefore + LAST);
    expect(sum("tour_departure")).toBe(LAST);
    expect(rooms.reserved).toBe(sum("room_night"));
    expect(rooms.reserved).toBe(LAST);
    const winners = new Set(held.map((h) => h.itinerary_id));
    expect(winners.size).toBe(LAST);
    for (const id of winners)
      expect(
        held
          .filter((h) => h.itinerary_id === id)
          .map((h) => h.resource)
          .sort(),
      ).toEqual(["room_night", "tour_departure"]);
    await expectOnlyWinnersHeld(t, itineraries, winners);
  }, 120_000);
});
