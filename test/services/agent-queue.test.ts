import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findTokenOwner } from "../../src/data/access-repo";
import { hashToken } from "../../src/ports/crypto";
import { ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { agentQueue, type QueueEntry } from "../../src/services/agent/index";
import { ForbiddenError } from "../../src/services/errors";
import { cardiacPatient, demoComponents, H, lowTourDeparture, ok, quotedCabg } from "../helpers/itinerary-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

/**
 * The queue's order over trips in every state that needs the agent: holds by expiry, timeline
 * errors, a refund pending on a confirmed trip, a recommendation without a trip, the rest; its
 * filters and pages; and nothing of another agency.
 */
vi.setConfig({ testTimeout: 30_000, hookTimeout: 120_000 });

let t: TestApp;
const ids: Record<string, string> = {};
const patients: Record<string, string> = {};

const ctxOf = async (token: string) => ({ ...t.deps, actor: (await findTokenOwner(t.handle.db, hashToken(token)))! });
const TWO = [
  { fullName: "Patient tianshan", role: "patient" },
  { fullName: "Companion", role: "companion" },
];
const ifMatch = (v: number) => ({ "If-Match": `"${v}"` });

async function draft(name: string, opts: { withoutOutbound?: boolean; slot: number }) {
  const p = await cardiacPatient(t, `${name}@queue.example.kz`);
  patients[name] = p.patientId;
  const components = demoComponents(p.consultationId, opts.slot);
  (components[7] as { departureId: string }).departureId = await lowTourDeparture(t, "2026-12-20");
  if (opts.withoutOutbound) components.splice(2, 1); // no flight there: the travelers never arrive
  const travelers = [
    { fullName: `Patient ${name}`, role: "patient" },
    { fullName: "Companion", role: "companion" },
  ];
  const body = { quoteId: p.quote.id, travelers, components };
  const itn = ItinerarySchema.parse(await ok(await t.call("POST", "/v1/itineraries", { token: p.token, body }), 201));
  ids[name] = itn.id;
  return { p, itn };
}

async function hold(name: string, token: string, version: number) {
  const res = await t.call("POST", `/v1/itineraries/${ids[name]}/hold`, { token, headers: ifMatch(version) });
  return ItinerarySchema.parse(await ok(res));
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.handle.db;
  await db.updateTable("room_types").set({ rooms_total: 1000 }).execute();
  await db.updateTable("transfer_products").set({ vehicles_per_hour: 1000 }).execute();
  await db.updateTable("flights").set({ seats_total: 1000, seats_left: 1000 }).execute();
  await db.updateTable("hospitals").set({ international_beds: 1000 }).where("id", "=", H).execute();
  await db.updateTable("tour_departures").set({ capacity: 1000 }).execute();
  // A recommendation and its quote, no trip yet.
  patients.recommended = (await cardiacPatient(t, "recommended@queue.example.kz")).patientId;
  // Two holds: "later" is held 5 minutes after "sooner", so it expires 5 minutes later.
  const later = await draft("later", { slot: 0 });
  const sooner = await draft("sooner", { slot: 1 });
  await hold("sooner", sooner.p.token, sooner.itn.version);
  t.clock.advance(5 * 60_000);
  await hold("later", later.p.token, later.itn.version);
  await draft("errors", { withoutOutbound: true, slot: 2 });
  await draft("open", { slot: 3 });
  // Confirmed, then a tour removed by the agent: the difference is refunded (pending, by bank transfer).
  const refund = await draft("refund", { slot: 4 });
  const held = await hold("refund", refund.p.token, refund.itn.version);
  const paid = ItinerarySchema.parse(
    await ok(
      await t.call("POST", `/v1/itineraries/${held.id}/bank-transfers`, {
        token: T.agent,
        headers: ifMatch(held.version),
        body: { reference: "BANK-Q", amount: held.balance.outstanding },
      }),
    ),
  );
  const tour = paid.components.find((c) => c.type === "tour")!;
  await ok(
    await t.call("DELETE", `/v1/itineraries/${paid.id}/components/${tour.id}`, {
      token: T.agent,
      headers: ifMatch(paid.version),
    }),
  );
  await db.updateTable("patients").set({ full_name: "Soonest Patient" }).where("id", "=", patients.sooner!).execute();
  // Another agency's patient and trip (Tianshan): never in this agent's queue.
  const other = await ok(
    await t.call("POST", "/v1/patients", {
      body: {
        fullName: "Patient tianshan",
        email: "tianshan@queue.example.kz",
        nationality: "KZ",
        homeCity: "Almaty",
        language: "ru",
        currency: "KZT",
        agencyId: "agy_tianshan",
      },
    }),
    201,
  );
  const q = await quotedCabg(t, other.token);
  const components = demoComponents(q.consultationId, 5);
  (components[7] as { departureId: string }).departureId = await lowTourDeparture(t, "2026-12-20");
  const body = { quoteId: q.quote.id, travelers: TWO, components };
  ids.tianshan = (await ok(await t.call("POST", "/v1/itineraries", { token: other.token, body }), 201)).id;
  patients.tianshan = other.patient.id;
});
afterAll(() => t?.close());

const mineOnly = (data: QueueEntry[]) => data.filter((e) => Object.values(patients).includes(e.patient.id));
const nameOf = (e: QueueEntry) => Object.entries(patients).find(([, id]) => id === e.patient.id)![0];

describe("the agent's queue", () => {
  it("puts what needs the agent first, each entry with its reasons", async () => {
    const q = await agentQueue({ ctx: await ctxOf(T.agent), input: { limit: 50 } });
    const mine = mineOnly(q.data);
    expect(mine.map(nameOf)).toEqual(["sooner", "later", "errors", "refund", "recommended", "open"]);
    expect(mine.map((e) => e.reasons[0])).toEqual([
      "hold_expiring",
      "hold_expiring",
      "timeline_errors",
      "refund_pending",
      "recommendation",
      "open",
    ]);
    const [sooner, later] = mine;
    expect(sooner!.holdExpiresAt! < later!.holdExpiresAt!).toBe(true);
    expect(mine[2]!.errors).toBeGreaterThan(0);
    expect(mine[3]!.status).toBe("confirmed");
    expect(mine[4]!.kind).toBe("recommendation");
    expect(mine[5]!.dates!.to).toBe("2026-12-24"); // home on the 24th (local dates of the timeline)
    expect(mine[5]!.dates!.from <= "2026-12-05").toBe(true);
  });

  it("never lists another agency's patients or trips; an admin sees them", async () => {
    const agent = await agentQueue({ ctx: await ctxOf(T.agent), input: { limit: 50 } });
    expect(agent.data.some((e) => e.patient.id === patients.tianshan)).toBe(false);
    const admin = await agentQueue({ ctx: await ctxOf(T.admin), input: { limit: 50 } });
    expect(admin.data.some((e) => e.id === ids.tianshan)).toBe(true);
  });

  it.each([
    ["state", { status: "held" as const }, ["sooner", "later"]],
    ["patient name (any case, any part)", { q: "ONEST PAT" }, ["sooner"]],
    ["trip reference", { q: "" }, ["errors"]],
    ["dates", { from: "2027-01-01" }, []],
    ["hospital", { hospitalId: "hsp_zju4" }, []],
  ])("filters by %s", async (_what, filter, expected) => {
    const input = filter.q === "" ? { q: ids.errors } : filter;
    const q = await agentQueue({ ctx: await ctxOf(T.agent), input: { ...input, limit: 50 } });
    expect(mineOnly(q.data).map(nameOf)).toEqual(expected);
  });

  it("pages: a bounded page size and page number, each page the next slice of the order", async () => {
    const ctx = await ctxOf(T.agent);
    const all = (await agentQueue({ ctx, input: { limit: 50 } })).data.map((e) => e.id);
    const second = await agentQueue({ ctx, input: { limit: 2, page: 2 } });
    expect(second.data.map((e) => e.id)).toEqual(all.slice(2, 4));
    expect(second.total).toBe(all.length);
    await expect(agentQueue({ ctx, input: { limit: 51 } })).rejects.toThrow();
    await expect(agentQueue({ ctx, input: { page: 11 } })).rejects.toThrow();
  });

  it.each([
    ["patient", T.alexander],
    ["clinician", T.clinician],
    ["billing", T.billing],
  ])("refuses a %s", async (_who, token) => {
    await expect(agentQueue({ ctx: await ctxOf(token), input: {} })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
