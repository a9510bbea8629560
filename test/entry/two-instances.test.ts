import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations } from "../../db/migrations/index";
import { TEST_DATABASE_URL } from "../helpers/databases";
import { spawnServer, type SpawnedServer } from "../helpers/spawn";
import { T } from "../helpers/tokens";

const KEY = (n: number) => Buffer.alloc(32, n).toString("base64");
const LAST = 7;
const COMPETITORS = 120;

describe.skipIf(!TEST_DATABASE_URL)("two Node instances on one PostgreSQL database", () => {
  const dbName = `caravan_it_${Date.now().toString(36)}`;
  let url = "";
  let a: SpawnedServer;
  let b: SpawnedServer;
  const admin = () => new pg.Client({ connectionString: TEST_DATABASE_URL });

  beforeAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`create database ${dbName}`);
    await c.end();
    const u = new URL(TEST_DATABASE_URL!);
    u.pathname = `/${dbName}`;
    url = u.toString();
    const env = {
      DATABASE_URL: url,
      MIGRATE_ON_START: "always",
      SEED_DEMO: "always",
      ENCRYPTION_KEY: KEY(1),
      SIGNING_KEY: KEY(2),
      DATA_DIR: "/tmp/caravan-two-instances",
    };
    // Both start at once: migrations and demo data must land exactly once.
    [a, b] = await Promise.all([spawnServer(env), spawnServer(env)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    const c = admin();
    await c.connect();
    await c.query(`drop database if exists ${dbName} with (force)`);
    await c.end();
  });

  it("migrations and demo data ran once", async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const m = await c.query("select name from kysely_migration order by name");
      expect(m.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
      expect(Number((await c.query("select count(*) as n from hospitals")).rows[0].n)).toBe(6);
      expect(Number((await c.query("select count(*) as n from app_meta where key = 'demo_seeded'")).rows[0].n)).toBe(1);
    } finally {
      await c.end();
    }
  });

  it(`concurrent holds through both instances take exactly the last ${LAST} places`, async () => {
    const call = async (
      base: string,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) =>
      fetch(`${base}${path}`, {
        method,
        headers: { Authorization: `Bearer ${T.alexander}`, "Content-Type": "application/json", ...headers },
        body: body ? JSON.stringify(body) : undefined,
      });
    const tours = (await (await call(a.url, "GET", "/v1/tours?city=Urumqi&intensity=low&limit=1")).json()) as {
      data: { departureId: string }[];
    };
    const departureId = tours.data[0]!.departureId;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query("update tour_departures set capacity = reserved + $1 where id = $2", [LAST, departureId]);

    const itineraries: { id: string; version: number }[] = [];
    for (let i = 0; i < COMPETITORS; i++) {
      const res = await call(i % 2 ? b.url : a.url, "POST", "/v1/itineraries", {
        hospitalId: "hsp_xjph",
        travelers: [{ fullName: "Alexander Kovalenko", role: "patient" }],
        components: [{ type: "tour", departureId }],
      });
      expect(res.status).toBe(201);
      const itn = (await res.json()) as { id: string; version: number };
      itineraries.push({ id: itn.id, version: itn.version });
    }
    const results = await Promise.all(
      itineraries.map((itn, i) =>
        call(i % 2 ? a.url : b.url, "POST", `/v1/itineraries/${itn.id}/hold`, undefined, {
          "If-Match": `"${itn.version}"`,
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LAST);
    expect(statuses.filter((s) => s === 409)).toHaveLength(COMPETITORS - LAST);
    const row = (await c.query("select capacity, reserved from tour_departures where id = $1", [departureId])).rows[0];
    const held = (
      await c.query(
        "select coalesce(sum(quantity), 0) as n from reservations where resource_key = $1 and status in " +
          "('held','booked')",
        [departureId],
      )
    ).rows[0];
    await c.end();
    expect(Number(row.capacity) - Number(row.reserved)).toBe(0);
    expect(Number(held.n)).toBe(LAST);
  }, 120_000);
});
