import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { spawnServer } from "../helpers/spawn";
import { T } from "../helpers/tokens";

const dataDir = mkdtempSync(path.join(tmpdir(), "caravan-crash-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const ITINERARIES = 60;

type Tours = { data: { departureId: string }[] };
type Created = { id: string; version: number };
type Accepted = { holds: Set<string>; confirms: Set<string> };

const call = (
  base: string,
  token: string,
  method: string,
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
) =>
  fetch(`${base}${p}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** Draft itineraries, each with a tour place (one of three departures) and three room-nights. */
async function createItineraries(base: string, tours: Tours): Promise<Created[]> {
  const created: Created[] = [];
  for (let i = 0; i < ITINERARIES; i++) {
    const res = await call(base, T.alexander, "POST", "/v1/itineraries", {
      hospitalId: "hsp_xjph",
      travelers: [{ fullName: "Alexander Kovalenko", role: "patient" }],
      components: [
        { type: "tour", departureId: tours.data[i % 3]!.departureId },
        { type: "lodging", roomTypeId: "rmt_urc_yindu_std", checkIn: "2026-12-18", checkOut: "2026-12-21" },
      ],
    });
    expect(res.status).toBe(201);
    const itn = (await res.json()) as Created;
    created.push(itn);
  }
  return created;
}

/** Load: hold, then pay by bank transfer, for every itinerary at once; kill the server mid-way. */
async function holdAndPayUntilKilled(server: { url: string; kill(): Promise<unknown> }, created: Created[]) {
  const accepted: Accepted = { holds: new Set(), confirms: new Set() };
  let answered = 0;
  const load = created.map(async (itn) => {
    try {
      const h = await call(server.url, T.alexander, "POST", `/v1/itineraries/${itn.id}/hold`, undefined, {
        "If-Match": `"${itn.version}"`,
      });
      answered++;
      if (h.status !== 200) return;
      const held = (await h.json()) as { version: number; balance: { outstanding: unknown } };
      accepted.holds.add(itn.id);
      const p = await call(
        server.url,
        T.agent,
        "POST",
        `/v1/itineraries/${itn.id}/bank-transfers`,
        { reference: `CRASH-${itn.id}`, amount: held.balance.outstanding },
        { "If-Match": `"${held.version}"` },
      );
      answered++;
      if (p.status === 200) accepted.confirms.add(itn.id);
    } catch {
      // the server died under this request: its effect may or may not be there, but never half of it
    }
  });
  while (answered < ITINERARIES * 0.6) await new Promise((r) => setTimeout(r, 5));
  await server.kill();
  await Promise.all(load);
  return accepted;
}

/** Each counter equals its held and booked reservations: tour places and the three room-nights. */
function expectInventoryMatchesReservations(db: SQLite.Database, tours: Tours): void {
  const active = (resource: string, key: string) =>
    (
      db
        .prepare(
          "select coalesce(sum(quantity),0) as n from reservations where resource = ? and resource_key = ? " +
            "and status in ('held','booked')",
        )
        .get(resource, key) as { n: number }
    ).n;
  for (const t of tours.data) {
    const row = db.prepare("select capacity, reserved from tour_departures where id = ?").get(t.departureId) as {
      capacity: number;
      reserved: number;
    };
    expect(row.reserved, `tour ${t.departureId}`).toBe(active("tour_departure", t.departureId));
  }
  for (const night of ["2026-12-18", "2026-12-19", "2026-12-20"]) {
    const row = db
      .prepare("select capacity, reserved from room_nights where room_type_id = ? and night = ?")
      .get("rmt_urc_yindu_std", night) as { capacity: number; reserved: number } | undefined;
    expect(row?.reserved ?? 0, `room night ${night}`).toBe(active("room_night", `rmt_urc_yindu_std|${night}`));
  }
}

/** Every itinerary whole (all its reservations or none, paid iff confirmed); every accepted request's effect there. */
function expectItinerariesWhole(db: SQLite.Database, created: Created[], accepted: Accepted): void {
  for (const itn of created) {
    const row = db.prepare("select status from itineraries where id = ?").get(itn.id) as { status: string };
    const n = (
      db
        .prepare("select count(*) as n from reservations where itinerary_id = ? and status in ('held','booked')")
        .get(itn.id) as { n: number }
    ).n;
    // A tour place and three room-nights, or nothing: never part of a hold.
    if (row.status === "held" || row.status === "confirmed") expect(n, `${itn.id} ${row.status}`).toBe(4);
    else expect(n, `${itn.id} ${row.status}`).toBe(0);
    const paid = (
      db
        .prepare(
          "select count(*) as n from payments where itinerary_id = ? and kind = 'payment' and status = " +
            "'succeeded'",
        )
        .get(itn.id) as { n: number }
    ).n;
    expect(paid, itn.id).toBe(row.status === "confirmed" ? 1 : 0);
    if (accepted.holds.has(itn.id)) expect(["held", "confirmed"]).toContain(row.status);
    if (accepted.confirms.has(itn.id)) expect(row.status).toBe("confirmed");
  }
}

describe("SIGKILL in the middle of a hold/confirm load on the embedded default", () => {
  it("restarts with no half-written itinerary, inventory = capacity − holds − " +
    "bookings, every accepted request's effect present", async () => {
    const env = { DATA_DIR: dataDir, DATABASE_URL: "" };
    const first = await spawnServer(env, { ready: /Demo tokens/ });
    const tours = (await (
      await call(first.url, T.alexander, "GET", "/v1/tours?city=Urumqi&intensity=low&limit=3")
    ).json()) as Tours;
    const created = await createItineraries(first.url, tours);
    const accepted = await holdAndPayUntilKilled(first, created);
    expect(accepted.holds.size).toBeGreaterThan(0);
    expect(accepted.holds.size + accepted.confirms.size).toBeLessThan(ITINERARIES * 2);

    const second = await spawnServer(env, { ready: /Demo data already present/ });
    try {
      const health = await fetch(`${second.url}/health`);
      expect(health.status).toBe(200);
      const db = new SQLite(path.join(dataDir, "caravan.sqlite"), { readonly: true });
      try {
        expectInventoryMatchesReservations(db, tours);
        expectItinerariesWhole(db, created, accepted);
      } finally {
        db.close();
      }
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 150_000);
});
