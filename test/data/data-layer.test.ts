import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations } from "../../db/migrations/index";
import { seedDemo } from "../../db/seed/demo";
import { findTokenOwner } from "../../src/data/access-repo";
import * as catalog from "../../src/data/catalog-repo";
import type { DatabaseHandle } from "../../src/data/connect-node";
import { migrateAllDown, migrateToLatest, pendingMigrations } from "../../src/data/migrate";
import { hashToken } from "../../src/ports/crypto";
import { testDatabases } from "../helpers/databases";

const NOW = new Date("2026-11-22T10:00:00.000Z");
const encrypt = async (s: string) => `enc:${s}`;

describe.each(testDatabases)("data layer on $dialect", ({ dialect, open }) => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = await open();
    expect(h.dialect).toBe(dialect);
  });
  afterAll(() => h.close());

  it(`[${dialect}] migrates up, down and up again`, async () => {
    const names = Object.keys(migrations).sort();
    expect(names.length).toBeGreaterThan(1);
    expect(await pendingMigrations(h.db)).toEqual(names);
    expect(await migrateToLatest(h.db)).toEqual(names.map((n) => `Up ${n}`));
    expect(await pendingMigrations(h.db)).toEqual([]);
    expect(await migrateAllDown(h.db)).toEqual([...names].reverse().map((n) => `Down ${n}`));
    await expect(sql`select count(*) from hospitals`.execute(h.db)).rejects.toThrow();
    expect(await migrateToLatest(h.db)).toEqual(names.map((n) => `Up ${n}`));
    expect(await migrateToLatest(h.db)).toEqual([]);
  });

  it(`[${dialect}] seeds demo data once, even when two starters race`, async () => {
    const results = await Promise.allSettled([
      seedDemo(h.db, { now: NOW, encrypt }),
      seedDemo(h.db, { now: NOW, encrypt }),
    ]);
    const seeded = results.map((r) => (r.status === "fulfilled" ? r.value.seeded : false));
    expect(seeded.filter(Boolean)).toHaveLength(1);
    const again = await seedDemo(h.db, { now: NOW, encrypt });
    expect(again.seeded).toBe(false);
    const n = await h.db
      .selectFrom("hospitals")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(6);
  });

  it(`[${dialect}] finds a token's owner by hash only`, async () => {
    const owner = await findTokenOwner(h.db, await hashToken("cvn_demo_patient_anar"));
    expect(owner).toMatchObject({ role: "patient", patientId: "pat_demo_anar", agencyId: null });
    expect(await findTokenOwner(h.db, "cvn_demo_patient_anar")).toBeUndefined();
    const agent = await findTokenOwner(h.db, await hashToken("cvn_demo_agent_silkroad"));
    expect(agent).toMatchObject({ role: "agent", agencyId: "agy_silkroad", patientId: null });
  });

  it(`[${dialect}] money columns come back as integers`, async () => {
    const v = await catalog.tariffVersionInForce(h.db, "hsp_xjph", "2026-12-01");
    expect(v?.version).toBe(1);
    const items = await catalog.listTariffItems(h.db, v!.id, { limit: 100 });
    expect(items.length).toBeGreaterThan(5);
    for (const i of items) expect(Number.isInteger(i.unit_price) && typeof i.unit_price === "number").toBe(true);
    expect((await catalog.tariffVersionInForce(h.db, "hsp_xjph", "2027-03-01"))?.version).toBe(2);
  });

  it(`[${dialect}] pages flights by keyset without gaps or repeats`, async () => {
    const all = await catalog.searchFlights(h.db, {
      origin: "ALA",
      destination: "URC",
      date: "2026-12-01",
      passengers: 1,
      limit: 100,
    });
    expect(all.length).toBeGreaterThan(0);
    const seen: string[] = [];
    let after: (string | number)[] | undefined;
    for (;;) {
      const rows = await catalog.searchFlights(h.db, {
        origin: "ALA",
        destination: "URC",
        date: "2026-12-01",
        passengers: 1,
        limit: 1,
        after,
      });
      seen.push(...rows.slice(0, 1).map((r) => r.id));
      if (rows.length <= 1) break;
      after = [rows[0]!.departs_at, rows[0]!.id];
    }
    expect(seen).toEqual(all.map((r) => r.id));
  });

  it(`[${dialect}] the database refuses to oversell inventory`, async () => {
    const room = await h.db
      .selectFrom("room_types")
      .selectAll()
      .orderBy("rooms_total")
      .limit(1)
      .executeTakeFirstOrThrow();
    await h.db
      .insertInto("room_nights")
      .values({ room_type_id: room.id, night: "2026-12-10", capacity: room.rooms_total, reserved: room.rooms_total })
      .execute();
    await expect(
      h.db
        .updateTable("room_nights")
        .set((eb) => ({ reserved: eb("reserved", "+", 1) }))
        .where("room_type_id", "=", room.id)
        .execute(),
    ).rejects.toThrow();
    const flight = await h.db.selectFrom("flights").select(["id"]).limit(1).executeTakeFirstOrThrow();
    await expect(
      h.db.updateTable("flights").set({ seats_left: -1 }).where("id", "=", flight.id).execute(),
    ).rejects.toThrow();
    const tour = await h.db.selectFrom("tour_departures").selectAll().limit(1).executeTakeFirstOrThrow();
    await expect(
      h.db
        .updateTable("tour_departures")
        .set({ reserved: tour.capacity + 1 })
        .where("id", "=", tour.id)
        .execute(),
    ).rejects.toThrow();
  });

  it(`[${dialect}] lodging and transfer availability read reserved counts`, async () => {
    const hotels = await catalog.searchHotels(h.db, {
      hospitalId: "hsp_xjph",
      nights: ["2026-12-10"],
      guests: 1,
      limit: 50,
    });
    expect(hotels.length).toBeGreaterThan(0);
    const { roomTypes, reserved } = await catalog.roomTypesWithReserved(
      h.db,
      hotels.map((x) => x.id),
      ["2026-12-10"],
      1,
    );
    expect(roomTypes.length).toBeGreaterThan(0);
    expect(reserved.every((r) => r.night === "2026-12-10")).toBe(true);
    const products = await catalog.searchTransfers(h.db, {
      airport: "URC",
      passengers: 1,
      hourStart: "2026-12-01T04:00:00.000Z",
      limit: 50,
    });
    expect(products.length).toBeGreaterThan(0);
    expect(products.every((p) => Number(p.reserved) === 0)).toBe(true);
  });

  it(`[${dialect}] a user's scope is enforced by the schema`, async () => {
    await expect(
      h.db
        .insertInto("users")
        .values({
          id: "usr_bad",
          role: "agent",
          display_name: "x",
          email: "x@x",
          language: "en",
          agency_id: null,
          hospital_id: null,
          created_at: NOW.toISOString(),
        })
        .execute(),
    ).rejects.toThrow();
  });
});
