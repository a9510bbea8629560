import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { cardiacPatient, demoComponents, H, lowTourDeparture, ok } from "../helpers/itinerary-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { formsTo, pagesAs } from "./trips-helpers";

/**
 * The agent console's pages: who may open them (agents and admins; others 403, visitors sign in,
 * another agency's objects 404), the walk-in patient, the preview → apply journey with its reason in
 * the history, and a bank transfer.
 */
vi.setConfig({ testTimeout: 30_000, hookTimeout: 90_000 });

const LATER_FLIGHT = "flt_kc872_20261225";
const SEARCH_LATER = "flight.origin=URC&flight.destination=ALA&flight.date=2026-12-25";
let t: TestApp;
let web: ReturnType<typeof pagesAs>;
let mine: Awaited<ReturnType<typeof cardiacPatient>>;
let heldId: string;
let otherPatient: string;
let otherTrip: string;

async function trip(p: { token: string; quote: { id: string }; consultationId: string }, slot: number) {
  const components = demoComponents(p.consultationId, slot);
  (components[7] as { departureId: string }).departureId = await lowTourDeparture(t, "2026-12-20");
  const travelers = [
    { fullName: "Dana Bekova", role: "patient" },
    { fullName: "Aigerim Bekova", role: "companion", languages: ["ru", "kk"], passportNumber: "N87654321" },
  ];
  const body = { quoteId: p.quote.id, travelers, components };
  return ItinerarySchema.parse(await ok(await t.call("POST", "/v1/itineraries", { token: p.token, body }), 201));
}

beforeAll(async () => {
  t = await createTestApp();
  web = pagesAs(t);
  const db = t.handle.db;
  await db.updateTable("room_types").set({ rooms_total: 1000 }).execute();
  await db.updateTable("transfer_products").set({ vehicles_per_hour: 1000 }).execute();
  await db.updateTable("flights").set({ seats_total: 1000, seats_left: 1000 }).execute();
  await db.updateTable("hospitals").set({ international_beds: 1000 }).where("id", "=", H).execute();
  mine = await cardiacPatient(t, "agent-pages@example.kz");
  const draft = await trip(mine, 0);
  const held = await ok(
    await t.call("POST", `/v1/itineraries/${draft.id}/hold`, {
      token: mine.token,
      headers: { "If-Match": `"${draft.version}"` },
    }),
  );
  heldId = held.id;
  // A patient of another agency (Tianshan), with a trip of their own.
  const other = await ok(
    await t.call("POST", "/v1/patients", {
      body: {
        fullName: "Other Agency",
        email: "other-agency@example.kz",
        nationality: "KZ",
        homeCity: "Almaty",
        language: "ru",
        currency: "KZT",
        agencyId: "agy_tianshan",
      },
    }),
    201,
  );
  otherPatient = other.patient.id;
  const { quotedCabg } = await import("../helpers/itinerary-fixtures");
  const q = await quotedCabg(t, other.token);
  otherTrip = (await trip({ token: other.token, quote: q.quote, consultationId: q.consultationId }, 1)).id;
});
afterAll(() => t?.close());

const pages = () => [
  "/agent",
  "/agent?status=held&q=dana",
  "/agent/patients",
  "/agent/patients/new",
  `/agent/patients/${mine.patientId}`,
  `/agent/trips/${heldId}`,
  `/agent/trips/${heldId}/history`,
  `/agent/trips/${heldId}/changes/preview?change=${encodeURIComponent(
    JSON.stringify({ component: { type: "flight", flightId: LATER_FLIGHT } }),
  )}`,
];

describe("the console's pages", () => {
  it("open for the agent (200), in their language", async () => {
    await web.signIn(T.agent);
    for (const path of pages()) {
      const res = await web.get(path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain("Agent console");
    }
    const ru = await (await web.get("/agent", "ru")).text();
    expect(ru).toContain("Консоль агента");
  });

  it("open for an admin, who sees other agencies' trips too", async () => {
    await web.signIn(T.admin);
    for (const path of [...pages(), `/agent/trips/${otherTrip}`, `/agent/patients/${otherPatient}`]) {
      expect((await web.get(path)).status, path).toBe(200);
    }
  });

  it.each([
    ["patient of the agency", () => mine.token],
    ["self-signed-up patient", () => T.anar],
    ["clinician", () => T.clinician],
    ["billing", () => T.billing],
  ])("refuse a %s with the 403 page", async (_who, token) => {
    await web.signIn(token());
    for (const path of pages()) expect((await web.get(path)).status, path).toBe(403);
    const res = await web.post(`/agent/trips/${heldId}/changes`, { change: "{}", version: "1" });
    expect(res.status).toBe(403);
  });

  it("send a visitor to sign in", async () => {
    await web.signIn(null);
    const res = await web.get("/agent");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/sign-in\?next=%2Fagent/);
  });

  it("answer 404 for another agency's patient and trip, as the API does", async () => {
    await web.signIn(T.agent);
    for (const path of [
      `/agent/patients/${otherPatient}`,
      `/agent/trips/${otherTrip}`,
      `/agent/trips/${otherTrip}/history`,
      `/agent/trips/${otherTrip}/changes/preview?change=${encodeURIComponent('{"componentId":"cmp_x"}')}`,
    ])
      expect((await web.get(path)).status, path).toBe(404);
    const res = await web.post(`/agent/trips/${otherTrip}/changes`, {
      change: JSON.stringify({ component: { type: "flight", flightId: LATER_FLIGHT } }),
      version: "1",
    });
    expect(res.status).toBe(404);
    const queue = await (await web.get("/agent")).text();
    expect(queue).toContain(heldId);
    expect(queue).not.toContain(otherTrip);
    const searched = await (await web.get(`/agent?q=${otherTrip}`)).text();
    expect(searched).not.toContain(`/agent/trips/${otherTrip}`);
    expect(searched).toContain("0 in the queue");
  });
});

describe("a walk-in patient", () => {
  it("is created in the agent's agency, passport and birth date masked on their file", async () => {
    await web.signIn(T.agent);
    const res = await web.post("/agent/patients/new", {
      fullName: "Walk In",
      email: "walk-in@example.kz",
      nationality: "kz",
      homeCity: "Almaty",
      language: "ru",
      currency: "kzt",
      passportNumber: "N11223344",
      birthDate: "1970-05-06",
    });
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/agent\/patients\/pat_[^?]+\?done=created$/);
    const id = location.slice("/agent/patients/".length).split("?")[0]!;
    const row = await t.handle.db.selectFrom("patients").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.agency_id).toBe("agy_silkroad");
    const html = await (await web.get(location)).text();
    expect(html).not.toContain("N11223344");
    expect(html).not.toContain("1970-05-06");
    expect(html).toContain("3344");
    expect(await (await web.get("/agent/patients?q=walk")).text()).toContain(`/agent/patients/${id}`);
  });

  it("re-shows the form with the message beside a bad email and a taken one", async () => {
    await web.signIn(T.agent);
    const base = { fullName: "X", nationality: "KZ", homeCity: "Almaty", language: "ru", currency: "KZT" };
    const bad = await web.post("/agent/patients/new", { ...base, email: "not-an-email" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('id="f-email-error"');
    expect(html).toContain('value="not-an-email"');
    const taken = await web.post("/agent/patients/new", { ...base, email: "walk-in@example.kz" });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain("already exists");
  });
});

describe("preview → apply", () => {
  it("previews the later return flight (writes nothing), applies it with a reason, the history shows it", async () => {
    await web.signIn(T.agent);
    const before = ItinerarySchema.parse(
      await ok(await t.call("GET", `/v1/itineraries/${heldId}`, { token: T.agent })),
    );
    const flight = before.components.find(
      (x) => x.type === "flight" && (x.details as { flightId: string }).flightId === "flt_kc872_20261224",
    )!;
    const editor = await (
      await web.get(`/agent/trips/${heldId}?replace=${flight.id}&search=flight&${SEARCH_LATER}`)
    ).text();
    const offers = formsTo(editor, `/agent/trips/${heldId}/changes/preview`).filter((f) => f.flightId === LATER_FLIGHT);
    expect(offers).toHaveLength(1);
    expect(offers[0]!.replace).toBe(flight.id);
    const preview = await web.post(`/agent/trips/${heldId}/changes/preview`, offers[0]!);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    const [apply] = formsTo(html, `/agent/trips/${heldId}/changes`);
    const [offer] = formsTo(html, `/agent/trips/${heldId}/offers`);
    expect(JSON.parse(apply!.change!)).toEqual({
      componentId: flight.id,
      component: { type: "flight", flightId: LATER_FLIGHT },
    });
    expect(apply!.version).toBe(String(before.version));
    expect(offer).toEqual(apply);
    expect(html).toContain('name="validMinutes"');
    const still = await ok(await t.call("GET", `/v1/itineraries/${heldId}`, { token: T.agent }));
    expect(still.version).toBe(before.version);
    const res = await web.post(`/agent/trips/${heldId}/changes`, { ...apply!, reason: "Doctor extended the stay" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/agent/trips/${heldId}?done=changed`);
    const after = await ok(await t.call("GET", `/v1/itineraries/${heldId}`, { token: T.agent }));
    expect(after.version).toBe(before.version + 1);
    const history = await (await web.get(`/agent/trips/${heldId}/history`)).text();
    expect(history).toContain("Reason: Doctor extended the stay");
    expect(history).toMatch(/KC872 24 Dec[^<]*<\/span> → <span class="diff-after">KC872 25 Dec/);
    const patientView = await web.get(`/trips/${heldId}/history`);
    expect(patientView.status).toBe(200);
    // a stale apply (the version previewed is gone) shows a fresh preview, changing nothing
    const stale = await web.post(`/agent/trips/${heldId}/changes`, apply!);
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("The trip changed since this preview");
    expect((await ok(await t.call("GET", `/v1/itineraries/${heldId}`, { token: T.agent }))).version).toBe(
      after.version,
    );
  });

  it("a change that is not one the verb takes goes back to the editor with a message", async () => {
    await web.signIn(T.agent);
    const res = await web.post(`/agent/trips/${heldId}/changes/preview`, { change: '{"nope":1}', version: "1" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("could not be read");
  });
});

describe("a bank transfer", () => {
  it("confirms the held trip for the outstanding amount; a wrong amount is refused beside the field", async () => {
    await web.signIn(T.agent);
    const itn = await ok(await t.call("GET", `/v1/itineraries/${heldId}`, { token: T.agent }));
    const wrong = await web.post(`/agent/trips/${heldId}/bank-transfers`, {
      version: String(itn.version),
      reference: "KASPI-1",
      amount: "1",
    });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('id="f-amount-error"');
    const editor = await (await web.get(`/agent/trips/${heldId}`)).text();
    const amount =
      /name="amount"[^>]*value="([^"]+)"/.exec(editor)?.[1] ?? /value="([^"]+)"[^>]*name="amount"/.exec(editor)?.[1];
    const res = await web.post(`/agent/trips/${heldId}/bank-transfers`, {
      version: String(itn.version),
      reference: "KASPI-1",
      amount: amount!,
    });
    expect(res.status).toBe(303);
    const after = await ok(await t.call("GET", `/v1/itineraries/${heldId}`, { token: T.agent }));
    expect(after.status).toBe("confirmed");
    expect(after.payments[0].reference).toBe("KASPI-1");
  });
});
