import { expect } from "vitest";
import { type Itinerary, ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { ok } from "./itinerary-fixtures";
import { journey } from "./itinerary-journey";
import type { TestApp } from "./test-app";
import { T } from "./tokens";

/** The demo journey's return flight, and two others an offer moves it to. */
export const RETURN_FLIGHT = "flt_kc872_20261224";
/** China Southern, just after midnight on the 25th: a little dearer than Air Astana (pay the difference). */
export const LATER_FLIGHT = "flt_cz6007_20261225";
export const NEXT_DAY_FLIGHT = "flt_kc872_20261225";

export const ifMatch = (version: number) => ({ "If-Match": `"${version}"` });

/** A patient's demo journey, held by them and paid by bank transfer by the agent: confirmed. */
export async function confirmedTrip(t: TestApp, email: string) {
  const j = await journey(t, email);
  const held = ItinerarySchema.parse(
    await ok(await t.call("POST", `/v1/itineraries/${j.itn.id}/hold`, { token: j.token, headers: ifMatch(1) })),
  );
  const itn = ItinerarySchema.parse(
    await ok(
      await t.call("POST", `/v1/itineraries/${held.id}/bank-transfers`, {
        token: T.agent,
        headers: ifMatch(held.version),
        body: { reference: `BANK-${held.id}`, amount: held.balance.outstanding },
      }),
    ),
  );
  expect(itn.status).toBe("confirmed");
  return { token: j.token as string, patientId: j.patientId, itn };
}

export const returnFlightOf = (itn: Itinerary) =>
  itn.components.find((c) => c.type === "flight" && (c.details as { flightId: string }).flightId === RETURN_FLIGHT)!;

/** The body of an offer moving the return flight. */
export const moveReturn = (itn: Itinerary, flightId = LATER_FLIGHT, validMinutes?: number) => ({
  change: { action: "replace", componentId: returnFlightOf(itn).id, component: { type: "flight", flightId } },
  reason: "The doctor extends the stay: a later flight home.",
  ...(validMinutes ? { validMinutes } : {}),
});

export async function sendOffer(t: TestApp, itn: Itinerary, body: unknown = moveReturn(itn), token: string = T.agent) {
  return ok(
    await t.call("POST", `/v1/itineraries/${itn.id}/change-offers`, { token, headers: ifMatch(itn.version), body }),
    201,
  );
}

export const seats = async (t: TestApp, id: string) =>
  (await t.handle.db.selectFrom("flights").select("seats_left").where("id", "=", id).executeTakeFirstOrThrow())
    .seats_left;

/** The active reservations of a component (or of an offer, whose id stands as their component id). */
export const activeOf = (t: TestApp, componentId: string) =>
  t.handle.db
    .selectFrom("reservations")
    .select(["resource_key", "status"])
    .where("component_id", "=", componentId)
    .where("status", "in", ["held", "booked"])
    .orderBy("resource_key")
    .execute();

export async function getTrip(t: TestApp, id: string, token: string = T.agent) {
  return ItinerarySchema.parse(await ok(await t.call("GET", `/v1/itineraries/${id}`, { token })));
}

export async function historyActions(t: TestApp, id: string) {
  const h = await ok(await t.call("GET", `/v1/itineraries/${id}/history`, { token: T.agent }));
  return (h.data as { action: string }[]).map((e) => e.action);
}
