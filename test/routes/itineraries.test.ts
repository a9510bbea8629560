import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ItinerarySchema,
  type Itinerary,
  HistorySchema,
  CancellationQuoteSchema,
} from "../../src/routes/itineraries/schemas";
import { ok } from "../helpers/itinerary-fixtures";
import { bedNights, journey, seatsLeft } from "../helpers/itinerary-journey";
import { convertHalfEven, divHalfEven } from "../helpers/money";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** The trip the steps below build on, one step after another. */
let token: string;
let itn: Itinerary;

async function assembles() {
  const j = await journey(t, "dana@example.kz");
  token = j.token;
  itn = j.itn;
  expect(itn.status).toBe("draft");
  expect(itn.issues.filter((i) => i.severity === "error")).toEqual([]);
  expect(itn.components.map((c) => c.type)).toEqual([
    "consultation",
    "treatment",
    "flight",
    "transfer",
    "lodging",
    "lodging",
    "lodging",
    "tour",
    "transfer",
    "flight",
  ]);

  // The timeline is in order and each event in its own place's zone.
  const utc = itn.timeline.map((e) => Date.parse(e.start.utc));
  expect(utc).toEqual([...utc].sort((a, b) => a - b));
  const landing = itn.timeline.find((e) => e.type === "flight_arrival")!;
  expect(landing.start.zone).toBe("Asia/Shanghai");
  expect(landing.start.local).toBe("2026-12-05T13:25:00+08:00");
  const admission = itn.timeline.find((e) => e.type === "admission")!;
  expect(admission.start.local).toBe("2026-12-07T08:00:00+08:00");
  const checkIn = itn.timeline.find((e) => e.type === "check_in")!;
  expect(checkIn.start.zone).toBe("Asia/Urumqi");

  // Medical lines: exactly the quote's domestic prices, payable at the hospital.
  const medical = j.quote.totals.medical.amount as number;
  expect(medical).toBe(9_800_000 + 2 * 250_000 + 8 * 18_000);
  const tot = itn.pricing.totals.hospitalCurrency;
  expect(tot.medical).toEqual({ amount: medical, currency: "CNY" });
  expect(tot.payableAtHospital).toEqual(tot.medical);

  // Travel: each line converted to CNY once, half-even (the flights are sold in tenge).
  const kztToCny = (tiyn: number) => divHalfEven(BigInt(tiyn) * 100n, 7085n);
  const tour = itn.components.find((c) => c.type === "tour")!;
  const expectedTravel =
    2 * kztToCny(2 * 9_500_000) + // both flights, two seats each
    2 * 24_000 + // two minivan transfers
    (2 + 10 + 7) * 38_000 + // 19 room-nights, one room each
    tour.price.amount;
  expect(tour.price.amount).toBeGreaterThan(0);
  expect(tot.travel).toEqual({ amount: expectedTravel, currency: "CNY" });
  // Concierge fees (Silk Road Care: 5% of travel + 200.00 CNY flat), never on medical lines.
  const fees = divHalfEven(BigInt(expectedTravel) * 500n, 10_000n) + 20_000;
  expect(tot.fees).toEqual({ amount: fees, currency: "CNY" });
  expect(tot.dueNow.amount).toBe(expectedTravel + fees);
  expect(tot.grandTotal.amount).toBe(medical + expectedTravel + fees);

  await inTenge(expectedTravel, tot.dueNow);
  // The companion's passport is the patient's own data here: shown in full to the patient, masked to the agent.
  expect(itn.travelers[1]!.passportNumber).toBe("N87654321");
  const asAgent = ItinerarySchema.parse(await ok(await t.call("GET", `/v1/itineraries/${itn.id}`, { token: T.agent })));
  expect(asAgent.travelers[1]!.passportNumber).toBe("*****4321");

  // Every component shows its cancellation timeline in local time.
  const flight = itn.components.find((c) => c.type === "flight")!;
  expect(flight.cancellation.map((e) => e.refund.amount)).toEqual([7_600_000 * 2, 4_750_000 * 2, 0].map((x) => x));
  expect(flight.cancellation[0]!.before.zone).toBe("Asia/Almaty");
}

/** Each total in tenge: every line as shown converted once (tenge fares not at all), never via CNY. */
async function inTenge(expectedTravel: number, dueNow: { amount: number; currency: string }) {
  const kztToCny = (tiyn: number) => divHalfEven(BigInt(tiyn) * 100n, 7085n);
  // And in tenge, each line as shown converted once (the tenge fares not at all, never via CNY), so
  // every total is the sum of its own lines.
  const kzt = itn.pricing.totals.patientCurrency;
  const inKzt = (m: { amount: number; currency: string }) =>
    m.currency === "KZT" ? m.amount : convertHalfEven(m.amount, "70.85", 2, 2);
  const travelLines = itn.pricing.travelLines as { total: { amount: number; currency: string } }[];
  expect(travelLines.filter((l) => l.total.currency === "KZT").map((l) => l.total.amount)).toEqual([
    2 * 9_500_000,
    2 * 9_500_000,
  ]);
  expect(kzt.medical.amount).toBe(
    convertHalfEven(9_800_000, "70.85", 2, 2) +
      convertHalfEven(2 * 250_000, "70.85", 2, 2) +
      convertHalfEven(8 * 18_000, "70.85", 2, 2),
  );
  expect(kzt.travel).toEqual({ amount: travelLines.reduce((sum, l) => sum + inKzt(l.total), 0), currency: "KZT" });
  expect(kzt.travel.amount).toBe(
    4 * 9_500_000 + convertHalfEven(expectedTravel - 2 * kztToCny(2 * 9_500_000), "70.85", 2, 2),
  );
  const feeLines = itn.pricing.feeLines as { amount: { amount: number; currency: string } }[];
  expect(kzt.fees.amount).toBe(feeLines.reduce((sum, l) => sum + inKzt(l.amount), 0));
  expect(kzt.dueNow.amount).toBe(kzt.travel.amount + kzt.fees.amount);
  expect(kzt.grandTotal.amount).toBe(kzt.medical.amount + kzt.travel.amount + kzt.fees.amount);
  expect(itn.balance.outstanding).toEqual(dueNow);
}

async function isHeld() {
  const beforeSeats = await seatsLeft(t, "flt_kc871_20261205");
  const res = await t.call("POST", `/v1/itineraries/${itn.id}/hold`, {
    token,
    headers: { "If-Match": `"${itn.version}"` },
  });
  itn = ItinerarySchema.parse(await ok(res));
  expect(itn.status).toBe("held");
  expect(res.headers.get("etag")).toBe(`"${itn.version}"`);
  expect(itn.hold!.expiresAt).toBe(new Date(t.clock.now().getTime() + 20 * 60_000).toISOString());
  expect(await seatsLeft(t, "flt_kc871_20261205")).toBe(beforeSeats - 2);
  expect((await bedNights(t)).filter((b) => b.reserved > 0).map((b) => b.night)).toEqual([
    "2026-12-07",
    "2026-12-08",
    "2026-12-09",
    "2026-12-10",
    "2026-12-11",
    "2026-12-12",
    "2026-12-13",
    "2026-12-14",
    "2026-12-15",
    "2026-12-16",
  ]);
  expect(itn.components.filter((c) => c.type !== "consultation").every((c) => c.inventory === "held")).toBe(true);
}

async function movesReturnFlight() {
  const retId = itn.components.find(
    (c) => c.type === "flight" && (c.details as { flightId: string }).flightId === "flt_kc872_20261224",
  )!.id;
  const oldBefore = await seatsLeft(t, "flt_kc872_20261224");
  const newBefore = await seatsLeft(t, "flt_kc872_20261225");
  const res = await t.call("PUT", `/v1/itineraries/${itn.id}/components/${retId}`, {
    token: T.agent,
    headers: { "If-Match": `"${itn.version}"` },
    body: { type: "flight", flightId: "flt_kc872_20261225" },
  });
  const moved = ItinerarySchema.parse(await ok(res));
  expect(moved.version).toBe(itn.version + 1);
  expect(moved.status).toBe("held");
  expect(await seatsLeft(t, "flt_kc872_20261224")).toBe(oldBefore + 2);
  expect(await seatsLeft(t, "flt_kc872_20261225")).toBe(newBefore - 2);
  // The night of the 24th is now uncovered: the timeline says so, naming the lodging gap.
  expect(moved.issues.some((i) => i.code === "lodging_gap")).toBe(true);

  const history = HistorySchema.parse(await ok(await t.call("GET", `/v1/itineraries/${itn.id}/history`, { token })));
  const last = history.data.at(-1)!;
  expect(last).toMatchObject({
    action: "component_changed",
    version: moved.version,
    actor: { role: "agent", userId: "usr_demo_agent_silkroad" },
  });
  const ids = (snap: unknown) =>
    (snap as { components: { flightId?: string }[] }).components.map((c) => c.flightId).filter(Boolean);
  expect(ids(last.before)).toContain("flt_kc872_20261224");
  expect(ids(last.after)).toContain("flt_kc872_20261225");
  expect(ids(last.after)).not.toContain("flt_kc872_20261224");
  expect(history.data.map((h) => h.action)).toEqual(["created", "held", "component_changed"]);
  const note = await t.handle.db
    .selectFrom("notifications")
    .selectAll()
    .where("kind", "=", "itinerary_changed")
    .where("subject_id", "=", itn.id)
    .execute();
  expect(note).toHaveLength(1);
  itn = moved;
}

async function refusesStaleWrites() {
  const stale = await t.call("DELETE", `/v1/itineraries/${itn.id}/components/${itn.components[7]!.id}`, {
    token: T.agent,
    headers: { "If-Match": '"1"' },
  });
  expect(stale.status).toBe(412);
  const missing = await t.call("DELETE", `/v1/itineraries/${itn.id}/components/${itn.components[7]!.id}`, {
    token: T.agent,
  });
  expect(missing.status).toBe(428);
  const patient = await t.call("DELETE", `/v1/itineraries/${itn.id}/components/${itn.components[7]!.id}`, {
    token,
    headers: { "If-Match": `"${itn.version}"` },
  });
  expect(patient.status).toBe(403);
  const other = await t.call("GET", `/v1/itineraries/${itn.id}`, { token: T.anar });
  expect(other.status).toBe(404);
  expect(ItinerarySchema.parse(await ok(await t.call("GET", `/v1/itineraries/${itn.id}`, { token }))).version).toBe(
    itn.version,
  );
}

async function bankTransfer() {
  const wrong = await t.call("POST", `/v1/itineraries/${itn.id}/bank-transfers`, {
    token: T.agent,
    headers: { "If-Match": `"${itn.version}"` },
    body: { reference: "KZ-BANK-1", amount: { amount: 1, currency: "CNY" } },
  });
  expect(wrong.status).toBe(422);
  const res = await t.call("POST", `/v1/itineraries/${itn.id}/bank-transfers`, {
    token: T.agent,
    headers: { "If-Match": `"${itn.version}"` },
    body: { reference: "KZ-BANK-1", amount: itn.balance.outstanding },
  });
  itn = ItinerarySchema.parse(await ok(res));
  expect(itn.status).toBe("confirmed");
  expect(itn.balance.outstanding.amount).toBe(0);
  expect(itn.components.filter((c) => c.type !== "consultation").every((c) => c.inventory === "booked")).toBe(true);
  const rsv = await t.handle.db
    .selectFrom("reservations")
    .select("status")
    .where("itinerary_id", "=", itn.id)
    .where("status", "=", "held")
    .execute();
  expect(rsv).toEqual([]);
}

async function cancels() {
  const seatsBefore = await seatsLeft(t, "flt_kc871_20261205");
  const q = CancellationQuoteSchema.parse(
    await ok(await t.call("POST", `/v1/itineraries/${itn.id}/cancellation-quotes`, { token: T.agent }), 201),
  );
  // Each component refunds what its own published cancellation timeline says for now, in CNY:
  // the outbound flight is 13 days away (50%), the moved return flight over 14 (80%); lodging,
  // transfers and the tour are still free to cancel; fees follow pro rata.
  const now = t.clock.now().getTime();
  for (const c of q.components) {
    const shown = itn.components.find((x) => x.id === c.componentId)!;
    const tier = shown.cancellation.find((e) => Date.parse(e.before.utc) > now);
    const refund = tier ? tier.refund : { amount: 0, currency: shown.price.currency };
    const inCny = refund.currency === "KZT" ? divHalfEven(BigInt(refund.amount) * 100n, 7085n) : refund.amount;
    expect(c.refund, `${c.type} ${c.componentId}`).toEqual({ amount: inCny, currency: "CNY" });
  }
  const byType = (type: string) => q.components.filter((c) => c.type === type);
  const flights = byType("flight").map((f) =>
    Math.round((f.refund.amount / divHalfEven(BigInt(f.price.amount) * 100n, 7085n)) * 100),
  );
  expect(flights.sort()).toEqual([50, 80]);
  for (const l of byType("lodging")) expect(l.refund).toEqual(l.price);
  for (const m of [...byType("treatment"), ...byType("consultation")]) expect(m.refund.amount).toBe(0);
  const travelRefund = q.components.reduce((s, c) => s + c.refund.amount, 0);
  expect(q.totalRefund.amount).toBe(travelRefund + q.fees.amount);
  expect(q.totalRefund.amount).toBeLessThanOrEqual(q.paid.amount);

  const stale = await t.call("POST", `/v1/itineraries/${itn.id}/cancel`, {
    token: T.agent,
    headers: { "If-Match": '"2"' },
    body: { cancellationQuoteId: q.id },
  });
  expect(stale.status).toBe(412);
  const res = await t.call("POST", `/v1/itineraries/${itn.id}/cancel`, {
    token: T.agent,
    headers: { "If-Match": `"${itn.version}"` },
    body: { cancellationQuoteId: q.id },
  });
  const cancelled = ItinerarySchema.parse(await ok(res));
  expect(cancelled.status).toBe("cancelled");
  const refunds = cancelled.payments.filter((p) => p.kind === "refund");
  expect(refunds).toHaveLength(1);
  expect(refunds[0]!.amount).toEqual(q.totalRefund);
  expect(cancelled.balance.refunded).toEqual(q.totalRefund);
  expect(await seatsLeft(t, "flt_kc871_20261205")).toBe(seatsBefore + 2);
  expect((await bedNights(t)).every((b) => b.reserved === 0)).toBe(true);
  const live = await t.handle.db
    .selectFrom("reservations")
    .select("id")
    .where("itinerary_id", "=", itn.id)
    .where("status", "!=", "released")
    .execute();
  expect(live).toEqual([]);
  // The same quote cannot be used twice.
  const again = await t.call("POST", `/v1/itineraries/${itn.id}/cancel`, {
    token: T.agent,
    headers: { "If-Match": `"${cancelled.version}"` },
    body: { cancellationQuoteId: q.id },
  });
  expect(again.status).toBe(409);
}

describe("the demo journey", () => {
  it("a patient from Almaty with a companion assembles the trip: consistent timeline and exact totals", assembles);
  it("is held: every component's inventory taken at once", isHeld);
  it("an agent moves the return flight: new seats taken, old released, history shows it", movesReturnFlight);
  it("refuses a stale or missing If-Match, and a patient changing a held itinerary", refusesStaleWrites);
  it("an agent records the bank transfer: confirmed, holds become bookings", bankTransfer);
  it("cancellation is quoted first, then confirmed: everything released, exactly the quote refunded, once", cancels);
});
