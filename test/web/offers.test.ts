import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ok } from "../helpers/itinerary-fixtures";
import { confirmedTrip, getTrip, LATER_FLIGHT, moveReturn, returnFlightOf, sendOffer } from "../helpers/offer-fixtures";
import { createTestApp, TEST_NOW, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { formsTo, pagesAs } from "./trips-helpers";

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestApp;
let n = 0;
beforeAll(async () => {
  t = await createTestApp();
  const db = t.handle.db;
  await db.updateTable("transfer_products").set({ vehicles_per_hour: 1000 }).execute();
  await db.updateTable("room_types").set({ rooms_total: 1000 }).execute();
  await db.updateTable("hospitals").set({ international_beds: 1000 }).execute();
  await db.updateTable("tour_departures").set({ capacity: 1000 }).execute();
});
afterAll(() => t?.close());

async function offered() {
  const trip = await confirmedTrip(t, `web-offers-${++n}@example.kz`);
  const offer = await sendOffer(t, trip.itn);
  const patient = pagesAs(t);
  await patient.signIn(trip.token);
  return { ...trip, offer, patient, page: `/trips/${trip.itn.id}/offers/${offer.id as string}` };
}

describe("the patient's offer page", () => {
  it("the trip links the open offer; its page: the difference, before → after, the deadline, the choice", async () => {
    const { itn, offer, patient, page } = await offered();
    const trip = await (await patient.get(`/trips/${itn.id}`)).text();
    expect(trip).toContain(`href="${page}"`);
    const res = await patient.get(page);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(offer.reason);
    expect(html).toContain("KZT");
    expect(html).toContain("CN¥");
    expect(html).toContain("CZ6007");
    expect(html).toContain("KC872");
    expect(html).toContain(`datetime="${offer.validUntil}"`);
    expect(html).toMatch(/Urumqi|Shanghai/);
    expect(formsTo(html, `${page}/accept`)).toEqual([{ _csrf: expect.any(String), version: String(itn.version) }]);
    expect(formsTo(html, `${page}/decline`)).toHaveLength(1);
    const ru = await (await patient.get(page, "ru")).text();
    expect(ru).toContain("Принять изменение");
    // The new timeline in Russian: unchanged events with their subject, the changed flight's by their kind.
    const timeline = ru.slice(
      ru.indexOf('id="offer-timeline"'),
      ru.indexOf("</section>", ru.indexOf('id="offer-timeline"')),
    );
    const english = (offer.summary.timeline as { title: string }[]).map((e) => e.title);
    expect(english).toContain("KC871 departs Almaty (ALA) for Urumqi (URC)");
    expect(timeline).toContain("Вылет рейса KC871: Almaty (ALA) → Urumqi (URC)");
    expect(timeline).toMatch(/<\/time>\s*Вылет<\/li>/);
    expect(timeline).not.toMatch(/departs|arrives at|Check (in|out)|Admission to|Discharge from|pickup|Transfer to/);
  });

  it("accept with money due → 303 to the trip's pay step; the trip is changed", async () => {
    const { itn, patient, page } = await offered();
    const res = await patient.post(`${page}/accept`, { version: String(itn.version) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/trips/${itn.id}?done=offerAccepted#hold`);
    const html = await (await patient.get(`/trips/${itn.id}?done=offerAccepted`)).text();
    expect(html).toContain("You accepted the change");
    expect(html).toContain('id="hold"');
    const after = await getTrip(t, itn.id);
    expect(after.version).toBe(itn.version + 1);
    expect(
      (returnFlightOf(itn) && after.components.find((c) => c.id === returnFlightOf(itn).id)!.details) as object,
    ).toMatchObject({ flightId: LATER_FLIGHT });
    expect(after.balance.outstanding.amount).toBeGreaterThan(0);
    // No banner once decided; the history names both steps in the page's language.
    expect(html).not.toContain(`href="${page}"`);
    const history = await (await patient.get(`/trips/${itn.id}/history`, "ru")).text();
    expect(history).toContain("Пациенту предложено изменение");
    expect(history).toContain("Предложение об изменении принято");
  });

  it("decline → 303 back to the offer, shown declined; the trip unchanged", async () => {
    const { itn, patient, page } = await offered();
    const res = await patient.post(`${page}/decline`, { version: String(itn.version) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${page}?done=declined`);
    const html = await (await patient.get(`${page}?done=declined`)).text();
    expect(html).toContain("You declined the change");
    expect(html).not.toContain(`${page}/accept`);
    expect((await getTrip(t, itn.id)).version).toBe(itn.version);
  });

  it("accepting a lapsed offer re-shows it with why (409)", async () => {
    const { itn, patient, page, offer } = await offered();
    try {
      t.clock.set(offer.validUntil);
      const res = await patient.post(`${page}/accept`, { version: String(itn.version) });
      expect(res.status).toBe(409);
      expect(await res.text()).toContain("This offer has expired");
    } finally {
      t.clock.set(TEST_NOW);
    }
  });

  it("someone else's offer is a 404, to read and to decide; the agent reads it without the buttons", async () => {
    const { itn, page } = await offered();
    for (const token of [T.anar, T.billingYiwu]) {
      const other = pagesAs(t);
      await other.signIn(token);
      expect((await other.get(page)).status).toBe(404);
      expect((await other.post(`${page}/accept`, { version: String(itn.version) })).status).toBe(404);
    }
    const agent = pagesAs(t);
    await agent.signIn(T.agent);
    const res = await agent.get(page);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("waiting for the patient");
    expect(html).not.toContain(`${page}/accept`);
    expect((await agent.post(`${page}/accept`, { version: String(itn.version) })).status).toBe(403);
  });
});

describe("the agent sends an offer (POST /agent/trips/{id}/offers)", () => {
  it("sent → 303 to the offer page; refused input re-shows the form with the message beside the field", async () => {
    const { itn, token } = await confirmedTrip(t, `web-send-${++n}@example.kz`);
    const agent = pagesAs(t);
    await agent.signIn(T.agent);
    const body = moveReturn(itn);
    const fields = { change: JSON.stringify(body.change), version: String(itn.version), reason: body.reason };
    const bad = await agent.post(`/agent/trips/${itn.id}/offers`, { ...fields, validMinutes: "5" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toMatch(/id="f-validMinutes-error"/);
    expect(badHtml).toContain('name="change"');
    const garbled = await agent.post(`/agent/trips/${itn.id}/offers`, { ...fields, change: "{not json" });
    expect(garbled.status).toBe(400);
    expect(await garbled.text()).toContain("The change could not be read");
    const res = await agent.post(`/agent/trips/${itn.id}/offers`, { ...fields, validMinutes: "60" });
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/trips/${itn.id}/offers/cof_\\w+\\?done=sent$`));
    const list = await ok(await t.call("GET", `/v1/itineraries/${itn.id}/change-offers`, { token }));
    expect(list.data).toHaveLength(1);
    expect(Date.parse(list.data[0].validUntil) - Date.parse(TEST_NOW)).toBe(60 * 60_000);
    const patient = pagesAs(t);
    await patient.signIn(token);
    expect((await patient.post(`/agent/trips/${itn.id}/offers`, fields)).status).toBe(403);
  });
});
