import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { testDatabases } from "../helpers/databases";
import { H, lowTourDeparture, ok } from "../helpers/itinerary-fixtures";
import { leaveLastPlaces, tourAndRoomCounters } from "../helpers/inventory-counters";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { createD1TestApp } from "../worker/d1-test-app";

const COMPETITORS = 200;
const LAST = 5;

/**
 * Every database the app runs on: SQLite, PostgreSQL when configured,
 * and D1 (a fake binding, transactions emulated by an undo log).
 */
const targets = [
  ...testDatabases.map(({ dialect, open }) => ({
    dialect: dialect as string,
    app: async () => createTestApp({ handle: await open() }),
  })),
  { dialect: "d1", app: async () => (await createD1TestApp()) as unknown as TestApp },
];

type Competitor = { id: string; version: number };

/** Holds every itinerary at once; the answers' statuses, in the itineraries' order. */
async function holdAll(t: TestApp, itineraries: Competitor[]): Promise<number[]> {
  const results = await Promise.all(
    itineraries.map((itn) =>
      t.call("POST", `/v1/itineraries/${itn.id}/hold`, {
        token: T.alexander,
        headers: { "If-Match": `"${itn.version}"` },
      }),
    ),
  );
  return results.map((r) => r.status);
}

/** Alexander's draft itinerary with the given components; it must have no error issues. */
async function draft(t: TestApp, travelers: string[], components: unknown[]) {
  const itn = ItinerarySchema.parse(
    await ok(
      await t.call("POST", "/v1/itineraries", {
        token: T.alexander,
        body: {
          hospitalId: H,
          travelers: travelers.map((fullName, i) => ({ fullName, role: i === 0 ? "patient" : "companion" })),
          components,
        },
      }),
      201,
    ),
  );
  expect(itn.issues.filter((x) => x.severity === "error")).toEqual([]);
  return itn;
}

/**
 * The last LAST places on the tour; a few more rooms than that, so the tour decides and the
 * rooms taken by losers must be given back in the same transaction. Returns the places already reserved.
 */
const lastPlaces = (t: TestApp, departureId: string, room: string, night: string) =>
  leaveLastPlaces(t.handle.db, { departureId, room, night, last: LAST });

/** COMPETITORS itineraries for one tour place and one room night each. */
async function tourAndRoomCompetitors(t: TestApp, departureId: string, room: string, night: string) {
  const itineraries: Competitor[] = [];
  const tour = { type: "tour", departureId };
  const lodging = { type: "lodging", roomTypeId: room, checkIn: night, checkOut: "2026-12-22" };
  for (let i = 0; i < COMPETITORS; i++) {
    // Half list the room first, half the tour: lock order must not matter.
    const itn = await draft(t, ["Alexander Kovalenko"], i % 2 ? [tour, lodging] : [lodging, tour]);
    itineraries.push({ id: itn.id, version: itn.version });
  }
  return itineraries;
}

/** inventory = capacity − holds − bookings for the tour and the room; every winner holds both, no loser anything. */
async function expectTourAndRoomAllOrNothing(
  t: TestApp,
  at: { departureId: string; room: string; night: string; reservedBefore: number },
  itineraries: Competitor[],
) {
  const { tour, rooms, held } = await tourAndRoomCounters(t.handle.db, at);
  const sum = (resource: string) => held.filter((h) => h.resource === resource).reduce((s, h) => s + h.quantity, 0);
  expect(tour.reserved).toBe(LAST);
  expect(tour.capacity - tour.reserved).toBe(at.reservedBefore + LAST - sum("tour_departure") - at.reservedBefore);
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
  const statusRows = await t.handle.db
    .selectFrom("itineraries")
    .select(["id", "status"])
    .where(
      "id",
      "in",
      itineraries.map((i) => i.id),
    )
    .execute();
  expect(
    statusRows
      .filter((r) => r.status === "held")
      .map((r) => r.id)
      .sort(),
  ).toEqual([...winners].sort());
}

const SMALL = "rmt_urc_hoitak_std";
const BIG = "rmt_urc_sheraton_std";
const STAY_NIGHTS = ["2026-12-10", "2026-12-11", "2026-12-12", "2026-12-13", "2026-12-14"];
/** Three overlapping three-night windows: 2026-12-10…12, 11…13, 12…14. */
const WINDOWS = [0, 1, 2].map((k) => ({
  checkIn: STAY_NIGHTS[k]!,
  checkOut: `2026-12-${13 + k}`,
  nights: STAY_NIGHTS.slice(k, k + 3),
}));
type StayCompetitor = Competitor & { window: number };

/** 4 Hoitak rooms, 7 Sheraton rooms; counter rows partly exist, partly appear on first use. */
async function twoHotels(t: TestApp) {
  await t.handle.db.updateTable("room_types").set({ rooms_total: 4 }).where("id", "=", SMALL).execute();
  await t.handle.db.updateTable("room_types").set({ rooms_total: 7 }).where("id", "=", BIG).execute();
  await t.handle.db
    .deleteFrom("room_nights")
    .where("room_type_id", "in", [SMALL, BIG])
    .where("night", "in", STAY_NIGHTS)
    .execute();
  await t.handle.db
    .insertInto("room_nights")
    .values([
      { room_type_id: SMALL, night: "2026-12-11", capacity: 4, reserved: 0 },
      { room_type_id: BIG, night: "2026-12-13", capacity: 7, reserved: 0 },
    ])
    .execute();
}

/** COMPETITORS / 2 itineraries with a stay in each hotel; half list the Hoitak first. */
async function twoHotelCompetitors(t: TestApp): Promise<StayCompetitor[]> {
  const itineraries: StayCompetitor[] = [];
  for (let i = 0; i < COMPETITORS / 2; i++) {
    const w = WINDOWS[i % 3]!;
    const stays = [
      { type: "lodging", roomTypeId: SMALL, checkIn: w.checkIn, checkOut: w.checkOut, travelerIds: ["t1"] },
      { type: "lodging", roomTypeId: BIG, checkIn: w.checkIn, checkOut: w.checkOut, travelerIds: ["t2"] },
    ];
    const travelers = ["Alexander Kovalenko", "Irina Kovalenko"];
    const itn = await draft(t, travelers, Math.floor(i / 3) % 2 ? stays.reverse() : stays);
    itineraries.push({ id: itn.id, version: itn.version, window: i % 3 });
  }
  return itineraries;
}

/** Both hotels' night counters, by `room|night`. */
async function stayCounters(t: TestApp) {
  const rows = await t.handle.db
    .selectFrom("room_nights")
    .select(["room_type_id", "night", "capacity", "reserved"])
    .where("room_type_id", "in", [SMALL, BIG])
    .where("night", "in", STAY_NIGHTS)
    .execute();
  return new Map(rows.map((r) => [`${r.room_type_id}|${r.night}`, r]));
}

/** Each night's counter matches its reservations; every winner holds all six of its nights, no loser any. */
async function expectEveryNightOrNone(
  t: TestApp,
  itineraries: StayCompetitor[],
  statuses: number[],
  counters: Awaited<ReturnType<typeof stayCounters>>,
) {
  const held = await t.handle.db
    .selectFrom("reservations")
    .select(["itinerary_id", "resource_key", "quantity"])
    .where("status", "in", ["held", "booked"])
    .where(
      "itinerary_id",
      "in",
      itineraries.map((i) => i.id),
    )
    .execute();
  for (const room of [SMALL, BIG]) {
    for (const night of STAY_NIGHTS) {
      const key = `${room}|${night}`;
      const c = counters.get(key);
      const sum = held.filter((h) => h.resource_key === key).reduce((s, h) => s + h.quantity, 0);
      expect(c?.reserved ?? 0, key).toBe(sum);
      if (c) expect(c.reserved, key).toBeLessThanOrEqual(c.capacity);
    }
  }
  expect(counters.get(`${SMALL}|2026-12-12`)!.reserved).toBe(4);
  const winners = itineraries.filter((_, i) => statuses[i] === 200);
  for (const w of winners) {
    const expected = [SMALL, BIG].flatMap((room) => WINDOWS[w.window]!.nights.map((n) => `${room}|${n}`)).sort();
    expect(
      held
        .filter((h) => h.itinerary_id === w.id)
        .map((h) => h.resource_key)
        .sort(),
    ).toEqual(expected);
  }
  expect(new Set(held.map((h) => h.itinerary_id))).toEqual(new Set(winners.map((w) => w.id)));
}

/** A loser tries again: the problem names the first night (in key order) with no room left, and nothing is taken. */
async function expectLoserRefusedAgain(
  t: TestApp,
  loser: StayCompetitor,
  counters: Awaited<ReturnType<typeof stayCounters>>,
) {
  const again = await t.call("POST", `/v1/itineraries/${loser.id}/hold`, {
    token: T.alexander,
    headers: { "If-Match": `"${loser.version}"` },
  });
  expect(again.status).toBe(409);
  const short = [SMALL, BIG]
    .flatMap((room) => WINDOWS[loser.window]!.nights.map((n) => `${room}|${n}`))
    .sort()
    .find((key) => {
      const c = counters.get(key);
      return c !== undefined && c.reserved + 1 > c.capacity;
    })!;
  const problem = (await again.json()) as { code: string; detail: string };
  expect(problem.code).toBe("sold_out");
  expect(problem.detail).toContain(`(${short})`);
  expect(await stayCounters(t)).toEqual(counters);
}

describe.each(targets)("200 concurrent holds on $dialect", ({ dialect, app }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await app();
  }, 60_000);
  afterAll(() => t.close());

  it(`[${dialect}] exactly the last ${LAST} tour places and rooms are held, ` +
    "all or nothing, never oversold", async () => {
    const departureId = await lowTourDeparture(t, "2026-12-21");
    const room = "rmt_urc_hoitak_acc";
    const night = "2026-12-21";
    const reservedBefore = await lastPlaces(t, departureId, room, night);
    const itineraries = await tourAndRoomCompetitors(t, departureId, room, night);

    const statuses = await holdAll(t, itineraries);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LAST);
    expect(statuses.filter((s) => s === 409)).toHaveLength(COMPETITORS - LAST);
    await expectTourAndRoomAllOrNothing(t, { departureId, room, night, reservedBefore }, itineraries);
  }, 120_000);

  it(`[${dialect}] multi-night stays in two hotels: every night of a stay or none, ` +
    "each night's counter matches its reservations, never oversold", async () => {
    // Two stays per itinerary (one traveler in each hotel), three nights each, in one of three
    // overlapping windows: 2026-12-10…12, 11…13, 12…14. Night 12 is in every window and the
    // Hoitak has 4 rooms, so exactly 4 itineraries win; losers may have got Sheraton nights (it
    // has more rooms) before the Hoitak said no, and must give every one back. Half list the
    // Hoitak first: lock order must not depend on it. Counter rows partly exist, partly appear on first use.
    await twoHotels(t);
    const itineraries = await twoHotelCompetitors(t);

    const statuses = await holdAll(t, itineraries);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 409)).toHaveLength(COMPETITORS / 2 - 4);

    const before = await stayCounters(t);
    await expectEveryNightOrNone(t, itineraries, statuses, before);
    await expectLoserRefusedAgain(t, itineraries.find((_, i) => statuses[i] === 409)!, before);
    // On D1 every losing unit was undone by its log (nothing it could not describe).
    expect(t.logger.lines.filter((l) => String(l.msg).startsWith("D1 rollback"))).toEqual([]);
  }, 120_000);

  it(`[${dialect}] a 40-night stay is held in full or not at all ` +
    "(over D1's 100 parameters per statement)", async () => {
    const room = "rmt_urc_jinjiang_std";
    const nights = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2027, 0, 5 + i)).toISOString().slice(0, 10));
    await t.handle.db.updateTable("room_types").set({ rooms_total: 2 }).where("id", "=", room).execute();
    // Night 35 already has its last room taken.
    await t.handle.db
      .insertInto("room_nights")
      .values({ room_type_id: room, night: nights[34]!, capacity: 2, reserved: 1 })
      .execute();
    const create = async () =>
      ItinerarySchema.parse(
        await ok(
          await t.call("POST", "/v1/itineraries", {
            token: T.alexander,
            body: {
              hospitalId: H,
              travelers: [{ fullName: "Alexander Kovalenko", role: "patient" }],
              components: [{ type: "lodging", roomTypeId: room, checkIn: nights[0], checkOut: "2027-02-14" }],
            },
          }),
          201,
        ),
      );
    const counters = async () =>
      (
        await t.handle.db
          .selectFrom("room_nights")
          .select(["night", "reserved"])
          .where("room_type_id", "=", room)
          .where("night", "in", nights)
          .orderBy("night")
          .execute()
      ).map((r) => `${r.night}:${r.reserved}`);

    const first = await create();
    const held = await t.call("POST", `/v1/itineraries/${first.id}/hold`, {
      token: T.alexander,
      headers: { "If-Match": `"${first.version}"` },
    });
    expect(held.status).toBe(200);
    expect(ItinerarySchema.parse(await held.json()).components[0]!.inventory).toBe("held");
    expect(await counters()).toEqual(nights.map((n, i) => `${n}:${i === 34 ? 2 : 1}`));
    const rows = await t.handle.db
      .selectFrom("reservations")
      .select(["resource_key", "status"])
      .where("itinerary_id", "=", first.id)
      .orderBy("resource_key")
      .execute();
    expect(rows).toEqual(nights.map((n) => ({ resource_key: `${room}|${n}`, status: "held" })));

    const second = await create();
    const refused = await t.call("POST", `/v1/itineraries/${second.id}/hold`, {
      token: T.alexander,
      headers: { "If-Match": `"${second.version}"` },
    });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toContain(`(${room}|${nights[34]})`);
    expect(await counters()).toEqual(nights.map((n, i) => `${n}:${i === 34 ? 2 : 1}`));
    expect(
      await t.handle.db.selectFrom("reservations").select("id").where("itinerary_id", "=", second.id).execute(),
    ).toEqual([]);
    expect(t.logger.lines.filter((l) => String(l.msg).startsWith("D1 rollback"))).toEqual([]);
  }, 120_000);
});
