import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HistorySchema, ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { ok } from "../helpers/itinerary-fixtures";
import { T } from "../helpers/tokens";
import { type ChangesWorld, ifMatch, journeyIn, openChangesWorld, ROOM, target } from "./component-changes-fixtures";

/** Every test has a timeout: a change that hangs is a failure, not a stuck run. */
vi.setConfig({ testTimeout: 20_000, hookTimeout: 60_000 });

let w: ChangesWorld;
beforeAll(async () => {
  w = await openChangesWorld();
});
afterAll(() => w?.t.close());

describe("many changes at once on one instance", () => {
  it(
    "50 concurrent hotel-stay changes all answer (200, or a clean 412 for a lost race) " + "while /health answers",
    async () => {
      const journeys = await Promise.all(Array.from({ length: 5 }, () => journeyIn(w, "draft")));
      const started = performance.now();
      const changes = Array.from({ length: 50 }, (_, i) => {
        const itn = journeys[i % journeys.length]!;
        const stay = target(itn, "lodging");
        return w.t
          .call("PUT", `/v1/itineraries/${itn.id}/components/${stay.id}`, {
            token: i % 2 ? T.agent : w.patient.token,
            headers: ifMatch(itn),
            body: { type: "lodging", roomTypeId: ROOM, checkIn: "2026-12-05", checkOut: `2026-12-0${6 + (i % 2)}` },
          })
          .then(async (r) => ({ itn: itn.id, status: r.status, body: await r.json() }));
      });
      const health = await w.t.call("GET", "/health");
      expect(health.status).toBe(200);
      const results = await Promise.all(changes);
      const ms = performance.now() - started;

      for (const r of results) {
        expect([200, 409, 412], JSON.stringify(r.body)).toContain(r.status);
        if (r.status !== 200)
          expect(r.body, JSON.stringify(r.body)).toMatchObject({
            status: r.status,
            type: expect.stringMatching(/^urn:caravan:problem:/),
          });
      }
      expect(ms).toBeLessThan(10_000);
      for (const itn of journeys) {
        const wins = results.filter((r) => r.itn === itn.id && r.status === 200).length;
        expect(wins).toBeGreaterThanOrEqual(1);
        // Each win is one version and one history entry; a lost race changed nothing.
        const now = ItinerarySchema.parse(
          await ok(await w.t.call("GET", `/v1/itineraries/${itn.id}`, { token: T.agent })),
        );
        expect(now.version).toBe(itn.version + wins);
        const history = HistorySchema.parse(
          await ok(await w.t.call("GET", `/v1/itineraries/${itn.id}/history`, { token: T.agent })),
        );
        expect(history.data.filter((h) => h.action === "component_changed")).toHaveLength(wins);
      }
      expect((await w.t.call("GET", "/health")).status).toBe(200);
    },
  );
});
