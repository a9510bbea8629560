import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sweepExpiredOffers } from "../../src/services/offers";
import { testDatabases } from "../helpers/databases";
import { ok } from "../helpers/itinerary-fixtures";
import {
  activeOf,
  confirmedTrip,
  getTrip,
  historyActions,
  ifMatch,
  LATER_FLIGHT,
  moveReturn,
  NEXT_DAY_FLIGHT,
  RETURN_FLIGHT,
  returnFlightOf,
  seats,
  sendOffer,
} from "../helpers/offer-fixtures";
import { createTestApp, TEST_NOW, type TestApp } from "../helpers/test-app";
import { journey } from "../helpers/itinerary-journey";
import { ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { T } from "../helpers/tokens";

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

describe.each(testDatabases)("change offers on $dialect", ({ open }) => {
  let t: TestApp;
  let n = 0;
  const trip = () => confirmedTrip(t, `offers-${++n}@example.kz`);
  const decide = (id: string, offerId: string, verb: "accept" | "decline", token: string, headers = {}) =>
    t.call("POST", `/v1/itineraries/${id}/change-offers/${offerId}/${verb}`, { token, headers });

  beforeAll(async () => {
    t = await createTestApp({ handle: await open() });
    // Many journeys here: make room for all of them (capacity is not what is tested, but the seats are counted).
    const db = t.handle.db;
    await db.updateTable("transfer_products").set({ vehicles_per_hour: 1000 }).execute();
    await db.updateTable("room_types").set({ rooms_total: 1000 }).execute();
    await db.updateTable("hospitals").set({ international_beds: 1000 }).execute();
    await db.updateTable("tour_departures").set({ capacity: 1000 }).execute();
  });
  afterAll(() => t?.close());

  it("create holds the new flight's seats; accept moves the trip onto them and leaves the difference due", async () => {
    const { itn, token } = await trip();
    const [later0, return0] = [await seats(t, LATER_FLIGHT), await seats(t, RETURN_FLIGHT)];
    const offer = await sendOffer(t, itn);
    expect(offer).toMatchObject({ status: "open", baseVersion: itn.version, itineraryId: itn.id });
    expect(offer.id).toMatch(/^cof_/);
    expect(offer.difference.hospitalCurrency.currency).toBe("CNY");
    expect(offer.difference.patientCurrency.currency).toBe("KZT");
    expect(offer.difference.hospitalCurrency.amount).toBeGreaterThan(0);
    expect(offer.amountDue.amount).toBe(offer.difference.hospitalCurrency.amount);
    const changed = offer.summary.components.find((c: { changed: boolean }) => c.changed);
    expect(changed.before.ref).toBe(RETURN_FLIGHT);
    expect(changed.after.ref).toBe(LATER_FLIGHT);
    expect(await seats(t, LATER_FLIGHT)).toBe(later0 - 2);
    expect(await activeOf(t, offer.id)).toEqual([{ resource_key: LATER_FLIGHT, status: "held" }]);
    // The trip itself is untouched until the patient decides.
    expect((await getTrip(t, itn.id)).version).toBe(itn.version);
    const mail = await t.handle.db
      .selectFrom("notifications")
      .select(["payload", "language"])
      .where("subject_id", "=", itn.id)
      .where("kind", "=", "change_offer")
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.language).toBe("ru");
    expect(JSON.parse(mail[0]!.payload).link).toBe(`/trips/${itn.id}/offers/${offer.id}`);

    const res = await decide(itn.id, offer.id, "accept", token, ifMatch(itn.version));
    const accepted = await ok(res);
    expect(accepted.status).toBe("accepted");
    expect(accepted.itineraryVersion).toBe(itn.version + 1);
    expect(res.headers.get("etag")).toBe(`"${itn.version + 1}"`);
    expect(accepted.outstanding).toEqual(offer.amountDue);
    const after = await getTrip(t, itn.id);
    expect(after.version).toBe(itn.version + 1);
    expect(after.balance.outstanding).toEqual(offer.amountDue);
    const moved = after.components.find((c) => c.id === returnFlightOf(itn).id)!;
    expect((moved.details as { flightId: string }).flightId).toBe(LATER_FLIGHT);
    expect(moved.inventory).toBe("booked");
    expect(await activeOf(t, moved.id)).toEqual([{ resource_key: LATER_FLIGHT, status: "booked" }]);
    expect(await activeOf(t, offer.id)).toEqual([]);
    expect(await seats(t, LATER_FLIGHT)).toBe(later0 - 2);
    expect(await seats(t, RETURN_FLIGHT)).toBe(return0 + 2);
    expect(await historyActions(t, itn.id)).toEqual(expect.arrayContaining(["offer_created", "offer_accepted"]));
    const again = await decide(itn.id, offer.id, "accept", token, ifMatch(itn.version));
    expect((await ok(again, 409)).code).toBe("offer-closed");
  });

  it("decline releases what the offer held and leaves the trip as it was", async () => {
    const { itn, token } = await trip();
    const later0 = await seats(t, LATER_FLIGHT);
    const offer = await sendOffer(t, itn);
    expect(await seats(t, LATER_FLIGHT)).toBe(later0 - 2);
    const declined = await ok(await decide(itn.id, offer.id, "decline", token, ifMatch(itn.version)));
    expect(declined).toMatchObject({ status: "declined", decidedAt: TEST_NOW });
    expect(await seats(t, LATER_FLIGHT)).toBe(later0);
    expect(await activeOf(t, offer.id)).toEqual([]);
    const after = await getTrip(t, itn.id);
    expect(after.version).toBe(itn.version);
    expect((returnFlightOf(after).details as { flightId: string }).flightId).toBe(RETURN_FLIGHT);
    expect(await historyActions(t, itn.id)).toEqual(expect.arrayContaining(["offer_created", "offer_declined"]));
  });

  it("expiry (the sweep) releases the inventory; accepting afterwards is 409 offer-expired", async () => {
    const { itn, token } = await trip();
    const later0 = await seats(t, LATER_FLIGHT);
    const offer = await sendOffer(t, itn, moveReturn(itn, LATER_FLIGHT, 15));
    try {
      t.clock.set(new Date(Date.parse(TEST_NOW) + 14 * 60_000).toISOString());
      expect(await sweepExpiredOffers({ ...t.deps, actor: null })).toBe(0);
      t.clock.set(offer.validUntil);
      expect(await sweepExpiredOffers({ ...t.deps, actor: null })).toBe(1);
      expect(await seats(t, LATER_FLIGHT)).toBe(later0);
      const res = await decide(itn.id, offer.id, "accept", token, ifMatch(itn.version));
      expect((await ok(res, 409)).code).toBe("offer-expired");
      expect((await getTrip(t, itn.id)).version).toBe(itn.version);
      expect(await historyActions(t, itn.id)).toEqual(expect.arrayContaining(["offer_created", "offer_expired"]));
    } finally {
      t.clock.set(TEST_NOW);
    }
  });

  it("accept racing expiry: one outcome, the inventory given back exactly once", async () => {
    const { itn, token } = await trip();
    const later0 = await seats(t, LATER_FLIGHT);
    const offer = await sendOffer(t, itn, moveReturn(itn, LATER_FLIGHT, 15));
    try {
      t.clock.set(offer.validUntil);
      const [res, swept] = await Promise.all([
        decide(itn.id, offer.id, "accept", token, ifMatch(itn.version)),
        sweepExpiredOffers({ ...t.deps, actor: null }),
      ]);
      expect((await ok(res, 409)).code).toBe("offer-expired");
      expect(swept).toBeLessThanOrEqual(1);
      expect(await seats(t, LATER_FLIGHT)).toBe(later0);
      expect((await historyActions(t, itn.id)).filter((a) => a === "offer_expired")).toHaveLength(1);
      expect((await getTrip(t, itn.id)).version).toBe(itn.version);
    } finally {
      t.clock.set(TEST_NOW);
    }
  });

  it("two accepts and a decline at once: exactly one wins, inventory consistent", async () => {
    const { itn, token } = await trip();
    const [later0, return0] = [await seats(t, LATER_FLIGHT), await seats(t, RETURN_FLIGHT)];
    const offer = await sendOffer(t, itn);
    const results = await Promise.all([
      decide(itn.id, offer.id, "accept", token, ifMatch(itn.version)),
      decide(itn.id, offer.id, "accept", token, ifMatch(itn.version)),
      decide(itn.id, offer.id, "decline", token, ifMatch(itn.version)),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(2);
    const final = await ok(await t.call("GET", `/v1/itineraries/${itn.id}/change-offers/${offer.id}`, { token }));
    const after = await getTrip(t, itn.id);
    if (final.status === "accepted") {
      expect(after.version).toBe(itn.version + 1);
      expect(await seats(t, LATER_FLIGHT)).toBe(later0 - 2);
      expect(await seats(t, RETURN_FLIGHT)).toBe(return0 + 2);
    } else {
      expect(final.status).toBe("declined");
      expect(after.version).toBe(itn.version);
      expect(await seats(t, LATER_FLIGHT)).toBe(later0);
      expect(await seats(t, RETURN_FLIGHT)).toBe(return0);
    }
  });

  it("accept after the held inventory is gone: 409, the trip and the inventory unchanged", async () => {
    const { itn, token } = await trip();
    const offer = await sendOffer(t, itn);
    // What the offer held went (an operator's release): its reservation released and the seats given back.
    await t.handle.db
      .updateTable("reservations")
      .set({ status: "released", released_at: TEST_NOW })
      .where("component_id", "=", offer.id)
      .execute();
    await t.handle.db
      .updateTable("flights")
      .set((eb) => ({ seats_left: eb("seats_left", "+", 2) }))
      .where("id", "=", LATER_FLIGHT)
      .execute();
    const [later0, return0] = [await seats(t, LATER_FLIGHT), await seats(t, RETURN_FLIGHT)];
    const res = await decide(itn.id, offer.id, "accept", token, ifMatch(itn.version));
    expect((await ok(res, 409)).code).toBe("offer-inventory-gone");
    const after = await getTrip(t, itn.id);
    expect(after.version).toBe(itn.version);
    expect(after.components).toEqual(itn.components);
    expect([await seats(t, LATER_FLIGHT), await seats(t, RETURN_FLIGHT)]).toEqual([later0, return0]);
    expect(await activeOf(t, returnFlightOf(itn).id)).toEqual([{ resource_key: RETURN_FLIGHT, status: "booked" }]);
    const still = await ok(await t.call("GET", `/v1/itineraries/${itn.id}/change-offers/${offer.id}`, { token }));
    expect(still.status).toBe("open");
  });

  it("cancelling the trip closes its open offer (superseded): its seats released once, accepting is 409", async () => {
    const { itn, token } = await trip();
    const later0 = await seats(t, LATER_FLIGHT);
    const offer = await sendOffer(t, itn);
    expect(await seats(t, LATER_FLIGHT)).toBe(later0 - 2);
    const url = `/v1/itineraries/${itn.id}`;
    const q = await ok(await t.call("POST", `${url}/cancellation-quotes`, { token: T.agent }), 201);
    const body = { cancellationQuoteId: q.id };
    await ok(await t.call("POST", `${url}/cancel`, { token: T.agent, headers: ifMatch(itn.version), body }));
    expect(await seats(t, LATER_FLIGHT)).toBe(later0);
    expect(await activeOf(t, offer.id)).toEqual([]);
    const read = await ok(await t.call("GET", `${url}/change-offers/${offer.id}`, { token }));
    expect(read.status).toBe("superseded");
    const res = await decide(itn.id, offer.id, "accept", token, ifMatch(itn.version));
    expect(res.status).toBe(409);
    expect(await seats(t, LATER_FLIGHT)).toBe(later0);
  });

  it("a second offer supersedes the open one and releases what the first held", async () => {
    const { itn, token } = await trip();
    const [later0, next0] = [await seats(t, LATER_FLIGHT), await seats(t, NEXT_DAY_FLIGHT)];
    const first = await sendOffer(t, itn);
    const second = await sendOffer(t, itn, moveReturn(itn, NEXT_DAY_FLIGHT));
    expect(await seats(t, LATER_FLIGHT)).toBe(later0);
    expect(await seats(t, NEXT_DAY_FLIGHT)).toBe(next0 - 2);
    const list = await ok(await t.call("GET", `/v1/itineraries/${itn.id}/change-offers`, { token }));
    const byId = new Map((list.data as { id: string; status: string }[]).map((o) => [o.id, o.status]));
    expect(byId).toEqual(
      new Map([
        [first.id, "superseded"],
        [second.id, "open"],
      ]),
    );
    const res = await decide(itn.id, first.id, "accept", token, ifMatch(itn.version));
    expect((await ok(res, 409)).code).toBe("offer-superseded");
    expect(await historyActions(t, itn.id)).toEqual(
      expect.arrayContaining(["offer_created", "offer_superseded", "offer_created"]),
    );
  });

  it("on a held trip: the offer ends with the hold at the latest; accepted, the seat is held till then", async () => {
    const j = await journey(t, `offers-${++n}@example.kz`);
    const itn = ItinerarySchema.parse(
      await ok(await t.call("POST", `/v1/itineraries/${j.itn.id}/hold`, { token: j.token, headers: ifMatch(1) })),
    );
    const later0 = await seats(t, LATER_FLIGHT);
    const offer = await sendOffer(t, itn);
    expect(offer.validUntil).toBe(itn.hold!.expiresAt);
    const accepted = await ok(await decide(itn.id, offer.id, "accept", j.token, ifMatch(itn.version)));
    expect(accepted.status).toBe("accepted");
    const after = await getTrip(t, itn.id);
    expect(after).toMatchObject({ status: "held", version: itn.version + 1, hold: itn.hold });
    const moved = returnFlightOf(itn).id;
    const rows = await t.handle.db
      .selectFrom("reservations")
      .select(["resource_key", "status", "expires_at"])
      .where("component_id", "=", moved)
      .where("status", "in", ["held", "booked"])
      .execute();
    expect(rows).toEqual([{ resource_key: LATER_FLIGHT, status: "held", expires_at: itn.hold!.expiresAt }]);
    expect(await seats(t, LATER_FLIGHT)).toBe(later0 - 2);
    // Paying confirms it: the moved seat is booked with the rest.
    await ok(
      await t.call("POST", `/v1/itineraries/${itn.id}/bank-transfers`, {
        token: T.agent,
        headers: ifMatch(after.version),
        body: { reference: `BANK-${itn.id}`, amount: after.balance.outstanding },
      }),
    );
    expect(await activeOf(t, moved)).toEqual([{ resource_key: LATER_FLIGHT, status: "booked" }]);
  });

  it("an open offer on a held trip stays held when the trip is paid (not booked onto nothing)", async () => {
    const j = await journey(t, `offers-${++n}@example.kz`);
    const itn = ItinerarySchema.parse(
      await ok(await t.call("POST", `/v1/itineraries/${j.itn.id}/hold`, { token: j.token, headers: ifMatch(1) })),
    );
    const offer = await sendOffer(t, itn);
    const paid = await ok(
      await t.call("POST", `/v1/itineraries/${itn.id}/bank-transfers`, {
        token: T.agent,
        headers: ifMatch(itn.version),
        body: { reference: `BANK-${itn.id}`, amount: itn.balance.outstanding },
      }),
    );
    expect(paid.status).toBe("confirmed");
    expect(await activeOf(t, offer.id)).toEqual([{ resource_key: LATER_FLIGHT, status: "held" }]);
    // The trip moved on (confirmed, a new version): the offer is stale now; declining gives its seats back.
    const stale = await decide(itn.id, offer.id, "accept", j.token, ifMatch(itn.version));
    expect((await ok(stale, 409)).code).toBe("offer-stale");
    await ok(await decide(itn.id, offer.id, "decline", j.token, ifMatch(itn.version)));
    expect(await activeOf(t, offer.id)).toEqual([]);
  });

  it("If-Match: none 428, another version 412, a trip changed since 409 offer-stale", async () => {
    const { itn, token } = await trip();
    const offer = await sendOffer(t, itn);
    expect((await decide(itn.id, offer.id, "accept", token)).status).toBe(428);
    expect((await decide(itn.id, offer.id, "accept", token, ifMatch(itn.version + 7))).status).toBe(412);
    const noMatch = await t.call("POST", `/v1/itineraries/${itn.id}/change-offers`, {
      token: T.agent,
      body: moveReturn(itn),
    });
    expect(noMatch.status).toBe(428);
    // The agent removes the tour directly (it lowers the price): the trip moved on.
    const tour = itn.components.find((c) => c.type === "tour")!;
    await ok(
      await t.call("DELETE", `/v1/itineraries/${itn.id}/components/${tour.id}`, {
        token: T.agent,
        headers: ifMatch(itn.version),
      }),
    );
    const res = await decide(itn.id, offer.id, "accept", token, ifMatch(itn.version));
    expect((await ok(res, 409)).code).toBe("offer-stale");
    expect((await getTrip(t, itn.id)).version).toBe(itn.version + 1);
  });

  it("an Idempotency-Key replays the accept: one change, the same answer", async () => {
    const { itn, token } = await trip();
    const offer = await sendOffer(t, itn);
    const headers = { ...ifMatch(itn.version), "Idempotency-Key": `accept-${offer.id}` };
    const a = await ok(await decide(itn.id, offer.id, "accept", token, headers));
    const b = await ok(await decide(itn.id, offer.id, "accept", token, headers));
    expect(b).toEqual(a);
    expect((await historyActions(t, itn.id)).filter((x) => x === "offer_accepted")).toHaveLength(1);
    expect((await getTrip(t, itn.id)).version).toBe(itn.version + 1);
  });

  it("offers are for held and confirmed trips (409 on a draft); a bad body is 400 naming the field", async () => {
    const { itn } = await trip();
    const bad = await t.call("POST", `/v1/itineraries/${itn.id}/change-offers`, {
      token: T.agent,
      headers: ifMatch(itn.version),
      body: { ...moveReturn(itn), validMinutes: 5 },
    });
    expect(((await ok(bad, 400)).errors as { path: string }[]).map((e) => e.path)).toContain("body.validMinutes");
    const draft = await ok(
      await t.call("POST", "/v1/itineraries", {
        token: T.alexander,
        body: { hospitalId: "hsp_xjph", travelers: [{ fullName: "A B", role: "patient" }] },
      }),
      201,
    );
    const res = await t.call("POST", `/v1/itineraries/${draft.id}/change-offers`, {
      token: T.agent,
      headers: ifMatch(draft.version),
      body: { change: { action: "add", component: { type: "flight", flightId: LATER_FLIGHT } }, reason: "x" },
    });
    expect((await ok(res, 409)).code).toBe("invalid_state");
  });

  it("the agent's direct change that moves a date of a confirmed trip is 422 change-offer-required", async () => {
    const { itn } = await trip();
    const res = await t.call("PUT", `/v1/itineraries/${itn.id}/components/${returnFlightOf(itn).id}`, {
      token: T.agent,
      headers: ifMatch(itn.version),
      body: { type: "flight", flightId: NEXT_DAY_FLIGHT },
    });
    expect((await ok(res, 422)).code).toBe("change-offer-required");
    expect((await getTrip(t, itn.id)).version).toBe(itn.version);
  });
});
