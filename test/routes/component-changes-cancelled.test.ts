import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { ok } from "../helpers/itinerary-fixtures";
import { T } from "../helpers/tokens";
import { type ChangesWorld, ifMatch, journeyIn, LATER_FLIGHT, openChangesWorld } from "./component-changes-fixtures";

/** Every test has a timeout: a change that hangs is a failure, not a stuck run. */
vi.setConfig({ testTimeout: 20_000, hookTimeout: 60_000 });

let w: ChangesWorld;
beforeAll(async () => {
  w = await openChangesWorld();
});
afterAll(() => w?.t.close());

/**
 * Nobody changes a cancelled trip: 409 for those who may change it otherwise,
 * 403 for a patient whose agency manages it.
 */
describe.each([
  { who: "self" as const, status: 409, code: "invalid_state" },
  { who: "agent" as const, status: 409, code: "invalid_state" },
  { who: "patient" as const, status: 403, code: "forbidden" },
])("$who: any change to a cancelled itinerary", ({ who, status, code }) => {
  it(`answers ${status} ${code} and changes nothing`, async () => {
    const itn = await journeyIn(w, "held", who === "self" ? "self" : "patient");
    const staff = who === "self" ? T.admin : T.agent;
    const q = await ok(await w.t.call("POST", `/v1/itineraries/${itn.id}/cancellation-quotes`, { token: staff }), 201);
    const cancelled = ItinerarySchema.parse(
      await ok(
        await w.t.call("POST", `/v1/itineraries/${itn.id}/cancel`, {
          token: staff,
          headers: ifMatch(itn),
          body: { cancellationQuoteId: q.id },
        }),
      ),
    );
    expect(cancelled.status).toBe("cancelled");
    const token = who === "agent" ? T.agent : who === "self" ? w.anar.token : w.patient.token;
    const res = await w.t.call("POST", `/v1/itineraries/${itn.id}/components`, {
      token,
      headers: ifMatch(cancelled),
      body: { type: "flight", flightId: LATER_FLIGHT },
    });
    expect(res.status, await res.clone().text()).toBe(status);
    expect(((await res.json()) as { code: string }).code).toBe(code);
    const after = ItinerarySchema.parse(await ok(await w.t.call("GET", `/v1/itineraries/${itn.id}`, { token: staff })));
    expect(after.version).toBe(cancelled.version);
  });
});
