import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findTokenOwner } from "../../src/data/access-repo";
import { hashToken } from "../../src/ports/crypto";
import { type Itinerary, ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { ForbiddenError, NotFoundError } from "../../src/services/errors";
import { previewChange } from "../../src/services/itineraries/index";
import { cardiacPatient, demoComponents, H, lowTourDeparture, ok } from "../helpers/itinerary-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

/**
 * previewChange for each component kind on a held trip: its numbers are exactly what applying the
 * same change then gives (totals in both currencies, issues), and it writes nothing (version,
 * history, reservations and inventory counters unchanged).
 */
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

type Kind = "consultation" | "treatment" | "flight" | "transfer" | "lodging" | "tour";
const MINIVAN = "trp_urc_xjph_minivan";
const ROOM = "rmt_urc_yindu_std";
const RETURN_FLIGHT = "flt_kc872_20261224";
const LATER_FLIGHT = "flt_kc872_20261225";

let t: TestApp;
let patient: Awaited<ReturnType<typeof cardiacPatient>>;
let tour20: string;
let tour21: string;
let secondConsultation: string;

const ifMatch = (itn: { version: number }) => ({ "If-Match": `"${itn.version}"` });
const ctxOf = async (token: string) => ({ ...t.deps, actor: (await findTokenOwner(t.handle.db, hashToken(token)))! });

beforeAll(async () => {
  t = await createTestApp();
  patient = await cardiacPatient(t, "preview-change@example.kz");
  tour20 = await lowTourDeparture(t, "2026-12-20");
  tour21 = await lowTourDeparture(t, "2026-12-21");
  const body = { hospitalId: H, department: "cardiac_surgery", mode: "video", complaint: "Second", language: "ru" };
  secondConsultation = (await ok(await t.call("POST", "/v1/consultations", { token: patient.token, body }), 201)).id;
  const db = t.handle.db;
  await db.updateTable("transfer_products").set({ vehicles_per_hour: 1000 }).where("id", "=", MINIVAN).execute();
  await db.updateTable("room_types").set({ rooms_total: 1000 }).where("id", "=", ROOM).execute();
  await db.updateTable("hospitals").set({ international_beds: 1000 }).where("id", "=", H).execute();
  await db.updateTable("tour_departures").set({ capacity: 1000 }).where("id", "in", [tour20, tour21]).execute();
  await db
    .updateTable("flights")
    .set({ seats_total: 1000, seats_left: 1000 })
    .where("id", "in", ["flt_kc871_20261205", RETURN_FLIGHT, LATER_FLIGHT])
    .execute();
});
afterAll(() => t?.close());

async function heldJourney(): Promise<Itinerary> {
  const components = demoComponents(patient.consultationId);
  (components[7] as { departureId: string }).departureId = tour20;
  const travelers = [
    { fullName: "Dana Bekova", role: "patient" },
    { fullName: "Aigerim Bekova", role: "companion", languages: ["ru", "kk"] },
  ];
  const body = { quoteId: patient.quote.id, travelers, components };
  const itn = ItinerarySchema.parse(
    await ok(await t.call("POST", "/v1/itineraries", { token: patient.token, body }), 201),
  );
  const held = await t.call("POST", `/v1/itineraries/${itn.id}/hold`, { token: patient.token, headers: ifMatch(itn) });
  return ItinerarySchema.parse(await ok(held));
}

const target = (itn: Itinerary, kind: Kind) =>
  kind === "flight"
    ? itn.components.find((c) => c.type === "flight" && (c.details as { flightId: string }).flightId === RETURN_FLIGHT)!
    : itn.components.find((c) => c.type === kind)!;

const replacement: Record<Kind, () => Record<string, unknown>> = {
  consultation: () => ({ type: "consultation", consultationId: secondConsultation }),
  treatment: () => ({ type: "treatment", inpatientNights: 9 }),
  flight: () => ({ type: "flight", flightId: LATER_FLIGHT }),
  transfer: () => ({
    type: "transfer",
    productId: MINIVAN,
    pickupAt: "2026-12-05T16:30:00+08:00",
    direction: "arrival",
  }),
  lodging: () => ({ type: "lodging", roomTypeId: ROOM, checkIn: "2026-12-06", checkOut: "2026-12-07" }),
  tour: () => ({ type: "tour", departureId: tour21 }),
};

/** Everything a write would touch: the trip's version and history, reservations, inventory counters. */
async function state(id: string) {
  const db = t.handle.db;
  const itn = await db.selectFrom("itineraries").select("version").where("id", "=", id).executeTakeFirstOrThrow();
  const history = await db.selectFrom("itinerary_history").select("id").where("itinerary_id", "=", id).execute();
  const reservations = await db.selectFrom("reservations").selectAll().orderBy("id").execute();
  const flights = await db.selectFrom("flights").select(["id", "seats_left"]).orderBy("id").execute();
  const tours = await db.selectFrom("tour_departures").select(["id", "reserved"]).orderBy("id").execute();
  const rooms = await db.selectFrom("room_nights").selectAll().orderBy("room_type_id").orderBy("night").execute();
  const hours = await db.selectFrom("transfer_hours").selectAll().orderBy("product_id").orderBy("hour_start").execute();
  const beds = await db.selectFrom("hospital_bed_nights").selectAll().orderBy("night").execute();
  const cmps = await db.selectFrom("itinerary_components").selectAll().where("itinerary_id", "=", id).execute();
  return { version: itn.version, history: history.length, reservations, flights, tours, rooms, hours, beds, cmps };
}

const codes = (issues: { code: string }[]) => issues.map((i) => i.code).sort();

describe.each(["consultation", "treatment", "flight", "transfer", "lodging", "tour"] as Kind[])(
  "previewChange: replace a %s on a held trip",
  (kind) => {
    it("gives the numbers applying the change then gives, and writes nothing", async () => {
      const itn = await heldJourney();
      const comp = target(itn, kind);
      const change = { action: "replace" as const, componentId: comp.id, component: replacement[kind]() };
      const ctx = await ctxOf(T.agent);
      const before = await state(itn.id);
      const input = { id: itn.id, ifMatch: itn.version, change: change as never, reason: "moved" };
      const p = await previewChange({ ctx, input });
      expect(await state(itn.id)).toEqual(before);
      expect(p.change).toEqual({ kind: "replace", componentId: comp.id, type: kind });
      expect(p.version).toBe(itn.version);
      expect(p.before.totals.hospitalCurrency.grandTotal).toEqual(itn.pricing.totals.hospitalCurrency.grandTotal);
      expect(p.inventory.available).toBe(true);
      expect(p.datesMoved).toBe(true); // every replacement here moves a time of the trip
      expect(p.offerRequired).toBe(false); // a held trip changes directly
      const res = await t.call("PUT", `/v1/itineraries/${itn.id}/components/${comp.id}?reason=moved`, {
        token: T.agent,
        headers: ifMatch(itn),
        body: change.component,
      });
      const applied = ItinerarySchema.parse(await ok(res));
      const { hospitalCurrency: h, patientCurrency: pc } = applied.pricing.totals;
      expect(p.after.totals.hospitalCurrency.grandTotal).toEqual(h.grandTotal);
      expect(p.after.totals.patientCurrency.grandTotal).toEqual(pc.grandTotal);
      expect(p.after.totals.hospitalCurrency.dueNow).toEqual(h.dueNow);
      const was = itn.pricing.totals;
      expect(p.difference.hospitalCurrency.amount).toBe(h.grandTotal.amount - was.hospitalCurrency.grandTotal.amount);
      expect(p.difference.patientCurrency.amount).toBe(pc.grandTotal.amount - was.patientCurrency.grandTotal.amount);
      expect(p.difference.patientCurrency.currency).toBe("KZT");
      expect(p.balance.amountDue).toEqual(applied.balance.outstanding); // nothing paid on a held trip
      expect(p.balance.refund.amount).toBe(0);
      expect(codes(p.after.issues)).toEqual(codes(applied.issues));
      const created = codes(p.issues.created);
      const solved = codes(p.issues.solved);
      expect(created.every((c) => codes(applied.issues).includes(c))).toBe(true);
      expect(solved.every((c) => codes(itn.issues).includes(c))).toBe(true);
      const history = await ok(await t.call("GET", `/v1/itineraries/${itn.id}/history`, { token: T.agent }));
      expect(history.data.at(-1).reason).toBe("moved");
    });
  },
);

describe("previewChange: other cases", () => {
  it("a flight sold out is reported as not available, the numbers still given", async () => {
    const itn = await heldJourney();
    await t.handle.db.updateTable("flights").set({ seats_left: 1 }).where("id", "=", LATER_FLIGHT).execute();
    try {
      const change = {
        action: "replace" as const,
        componentId: target(itn, "flight").id,
        component: { type: "flight", flightId: LATER_FLIGHT },
      };
      const p = await previewChange({ ctx: await ctxOf(T.agent), input: { id: itn.id, change: change as never } });
      expect(p.inventory.available).toBe(false);
      expect(p.inventory.needs).toEqual([
        { resource: "flight", key: LATER_FLIGHT, needed: 2, available: 1, ok: false },
      ]);
    } finally {
      await t.handle.db.updateTable("flights").set({ seats_left: 1000 }).where("id", "=", LATER_FLIGHT).execute();
    }
  });

  it("removing the return flight lowers the price by its fare and creates the missing-flight issue", async () => {
    const itn = await heldJourney();
    const comp = target(itn, "flight");
    const p = await previewChange({
      ctx: await ctxOf(T.agent),
      input: { id: itn.id, change: { action: "remove" as const, componentId: comp.id } },
    });
    expect(p.change.kind).toBe("remove");
    expect(p.difference.hospitalCurrency.amount).toBeLessThan(0);
    expect(p.inventory.needs).toEqual([]);
    expect(codes(p.issues.created)).toContain("traveler_without_flight");
    expect(p.datesMoved).toBe(true);
  });

  it("adding a tour is priced and its seats checked", async () => {
    const itn = await heldJourney();
    const p = await previewChange({
      ctx: await ctxOf(T.agent),
      input: { id: itn.id, change: { action: "add" as const, component: { type: "tour", departureId: tour21 } } },
    });
    expect(p.change).toEqual({ kind: "add", componentId: null, type: "tour" });
    expect(p.difference.hospitalCurrency.amount).toBeGreaterThan(0);
    expect(p.inventory.needs).toEqual([
      { resource: "tour_departure", key: tour21, needed: 2, available: 998, ok: true },
    ]);
  });

  it.each([
    ["clinician", T.clinician, ForbiddenError],
    ["billing", T.billing, ForbiddenError],
    ["another patient", T.anar, NotFoundError],
  ])("%s may not preview (refused before anything is computed)", async (_who, token, error) => {
    const itn = await heldJourney();
    const input = { id: itn.id, change: { action: "remove" as const, componentId: target(itn, "flight").id } };
    await expect(previewChange({ ctx: await ctxOf(token), input })).rejects.toBeInstanceOf(error);
  });
});
