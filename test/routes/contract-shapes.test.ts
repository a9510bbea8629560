import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProblemSchema } from "../../src/http/problem";
import {
  FeeLineSchema,
  ItineraryComponentSchema,
  type Itinerary,
  ItineraryMedicalLineSchema,
  ItinerarySchema,
  TravelLineSchema,
} from "../../src/routes/itineraries/schemas";
import { PriceFileSchema } from "../../src/routes/tariffs/schemas";
import { cardiacPatient, demoComponents, H, lowTourDeparture, ok } from "../helpers/itinerary-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

// What the service answers must be exactly what the contract says: parsing with the response
// schema neither throws nor drops a key (zod strips keys a schema does not name).

let t: TestApp;
let raw: Record<string, any>;
beforeAll(async () => {
  t = await createTestApp();
  const p = await cardiacPatient(t, "shapes@example.kz");
  const components = demoComponents(p.consultationId);
  (components[7] as { departureId: string }).departureId = await lowTourDeparture(t, "2026-12-20");
  const created = ItinerarySchema.parse(
    await ok(
      await t.call("POST", "/v1/itineraries", {
        token: p.token,
        body: {
          quoteId: p.quote.id,
          travelers: [
            { fullName: "Dana Bekova", role: "patient" },
            { fullName: "Aigerim Bekova", role: "companion" },
          ],
          components,
        },
      }),
      201,
    ),
  );
  raw = await ok(await t.call("GET", `/v1/itineraries/${created.id}`, { token: p.token }));
});
afterAll(() => t.close());

const TYPES: Itinerary["components"][number]["type"][] = [
  "consultation",
  "treatment",
  "flight",
  "transfer",
  "lodging",
  "tour",
];

describe.each(TYPES)("an itinerary's %s component", (type) => {
  it("has details exactly as its contract schema types them", () => {
    const mine = (raw.components as { type: string }[]).filter((c) => c.type === type);
    expect(mine.length).toBeGreaterThan(0);
    for (const c of mine) {
      const parsed = ItineraryComponentSchema.parse(c);
      expect(parsed).toEqual(c);
      expect(parsed.type).toBe(type);
      expect(Object.keys(parsed.details).length).toBeGreaterThan(3);
    }
  });
});

describe.each([
  ["medicalLines", ItineraryMedicalLineSchema],
  ["travelLines", TravelLineSchema],
  ["feeLines", FeeLineSchema],
] as const)("an itinerary's pricing.%s", (key, schema) => {
  it("are exactly as the contract types them", () => {
    const lines = raw.pricing[key] as unknown[];
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(schema.parse(line)).toEqual(line);
  });
});

it("the whole itinerary parses to itself", () => {
  expect(ItinerarySchema.parse(raw)).toEqual(raw);
});

it("the price file is exactly as the contract types it", async () => {
  const file = await ok(await t.call("GET", `/v1/hospitals/${H}/price-file`));
  expect(file.items.length).toBeGreaterThan(10);
  expect(PriceFileSchema.parse(file)).toEqual(file);
});

describe("responses the contract declares", () => {
  it("415 as problem+json naming the accepted type, for a body of another media type", async () => {
    const res = await t.call("POST", "/v1/quotes", {
      token: T.admin,
      rawBody: "hello",
      headers: { "Content-Type": "text/plain" },
    });
    expect(res.status).toBe(415);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = ProblemSchema.parse(await res.json());
    expect(body.errors).toEqual([{ path: "header.content-type", message: "expected application/json" }]);
  });

  it("401 on a public route when a bad token is sent", async () => {
    const res = await t.call("GET", "/v1/flights?origin=ALA&destination=URC&date=2026-12-05", {
      token: "cvn_not_a_token",
    });
    expect(res.status).toBe(401);
    expect(ProblemSchema.parse(await res.json()).code).toBe("unauthorized");
  });

  it("428 without If-Match on a write that needs it (not a 400)", async () => {
    const res = await t.call("POST", `/v1/itineraries/${raw.id}/hold`, { token: T.admin });
    expect(res.status).toBe(428);
    expect(ProblemSchema.parse(await res.json()).code).toBe("if_match_required");
  });
});

it("/health answers 503 as problem+json when the database is unreachable", async () => {
  const down = await createTestApp({ seed: false });
  await down.close();
  const res = await down.call("GET", "/health");
  expect(res.status).toBe(503);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(ProblemSchema.parse(await res.json())).toMatchObject({ status: 503, code: "database_unreachable" });
});

describe("every operation with a body", () => {
  const bodyRoutes = () =>
    t.app.openAPIRegistry.definitions.flatMap((d) =>
      d.type === "route" && d.route.request?.body
        ? [{ method: d.route.method.toUpperCase(), path: d.route.path.replace(/\{[^}]+\}/g, "abc_01") }]
        : [],
    );

  it("answers 415 as problem+json to a body of another media type, whoever may call it", async () => {
    const routes = bodyRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(14);
    for (const r of routes) {
      let res: Response | undefined;
      // The first role the route lets in; a refused role is 403 before the body is read.
      for (const token of [T.admin, T.clinician, T.billing]) {
        res = await t.call(r.method, r.path, { token, rawBody: "hello", headers: { "Content-Type": "text/plain" } });
        if (res.status !== 403) break;
      }
      expect(res!.status, `${r.method} ${r.path}`).toBe(415);
      expect(res!.headers.get("content-type"), `${r.method} ${r.path}`).toContain("application/problem+json");
    }
  });
});
