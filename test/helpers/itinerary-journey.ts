import { expect } from "vitest";
import { ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { cardiacPatient, demoComponents, H, lowTourDeparture, ok } from "./itinerary-fixtures";
import type { TestApp } from "./test-app";

/** Seats left on a flight. */
export const seatsLeft = async (t: TestApp, id: string) =>
  (await t.handle.db.selectFrom("flights").select("seats_left").where("id", "=", id).executeTakeFirstOrThrow())
    .seats_left;

/** The demo hospital's bed-nights, by night. */
export const bedNights = async (t: TestApp) =>
  t.handle.db.selectFrom("hospital_bed_nights").selectAll().where("hospital_id", "=", H).orderBy("night").execute();

/** A cardiac patient's draft itinerary with a companion and the demo components (a low-demand tour). */
export async function journey(t: TestApp, email: string) {
  const p = await cardiacPatient(t, email);
  const components = demoComponents(p.consultationId);
  (components[7] as { departureId: string }).departureId = await lowTourDeparture(t, "2026-12-20");
  const res = await t.call("POST", "/v1/itineraries", {
    token: p.token,
    body: {
      quoteId: p.quote.id,
      travelers: [
        { fullName: "Dana Bekova", role: "patient" },
        { fullName: "Aigerim Bekova", role: "companion", languages: ["ru", "kk"], passportNumber: "N87654321" },
      ],
      components,
    },
  });
  const itn = ItinerarySchema.parse(await ok(res, 201));
  expect(res.headers.get("etag")).toBe(`"${itn.version}"`);
  return { ...p, itn };
}
