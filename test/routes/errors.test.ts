import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProblemSchema } from "../../src/http/problem";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ bodyLimitBytes: 4096 });
});
afterAll(() => t.close());

async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = ProblemSchema.parse(await res.json());
  expect(body.status).toBe(status);
  expect(body.requestId).toBe(res.headers.get("x-request-id"));
  expect(body.requestId).not.toBe("unknown");
  return body;
}

const signUp = {
  fullName: "Dana Bekova",
  email: "dana@example.kz",
  nationality: "KZ",
  homeCity: "Almaty",
  language: "ru",
  currency: "KZT",
};

describe("RFC 9457 errors", () => {
  it("unknown route → 404", async () => {
    const p = await problem(await t.call("GET", "/v1/nowhere"), 404);
    expect(p.type).toBe("urn:caravan:problem:not_found");
    expect(p.detail).toMatch(/No route for GET \/v1\/nowhere/);
  });

  it("wrong method → 405 with Allow", async () => {
    const res = await t.call("DELETE", "/v1/hospitals");
    const p = await problem(res, 405);
    expect(p.code).toBe("method_not_allowed");
    expect(res.headers.get("allow")).toBe("GET, HEAD");
    const res2 = await t.call("PUT", "/v1/patients");
    await problem(res2, 405);
    expect(res2.headers.get("allow")?.split(", ").sort()).toEqual(["GET", "HEAD", "POST"]);
  });

  it("malformed JSON → 400", async () => {
    const p = await problem(await t.call("POST", "/v1/patients", { rawBody: '{"fullName": "Dana",' }), 400);
    expect(p.code).toBe("malformed_request");
    expect(p.detail).toMatch(/JSON/i);
  });

  it("invalid fields → 400 naming each one", async () => {
    const p = await problem(
      await t.call("POST", "/v1/patients", { body: { ...signUp, email: "not-an-email", currency: "tenge" } }),
      400,
    );
    expect(p.code).toBe("validation");
    expect(p.errors?.map((e) => e.path).sort()).toEqual(["body.currency", "body.email"]);
  });

  it("invalid query → 400 naming the parameter", async () => {
    const p = await problem(await t.call("GET", "/v1/flights?origin=ALA&destination=URC&date=2026-13-45"), 400);
    expect(p.errors?.[0]?.path).toBe("query.date");
    const p2 = await problem(await t.call("GET", "/v1/flights?origin=ALA&destination=XXX&date=2026-12-01"), 400);
    expect(p2.errors).toEqual([{ path: "query.destination", message: "unknown airport 'XXX'" }]);
  });

  it("unknown fields are refused, not ignored", async () => {
    const p = await problem(await t.call("POST", "/v1/patients", { body: { ...signUp, price: 0 } }), 400);
    expect(p.errors?.[0]?.message).toMatch(/price/);
  });

  it("body over the limit → 413", async () => {
    const p = await problem(
      await t.call("POST", "/v1/patients", { body: { ...signUp, fullName: "x".repeat(5000) } }),
      413,
    );
    expect(p.code).toBe("payload_too_large");
  });

  it("no token → 401, bad token → 401", async () => {
    const a = await t.call("GET", "/v1/patients");
    await problem(a, 401);
    expect(a.headers.get("www-authenticate")).toMatch(/^Bearer/);
    await problem(await t.call("GET", "/v1/patients", { token: "cvn_not_a_real_token" }), 401);
    await problem(await t.call("GET", "/v1/patients", { headers: { Authorization: "Basic abc" } }), 401);
    // Even on a public route, a token that is sent must be valid.
    await problem(await t.call("GET", "/v1/hospitals", { token: "cvn_wrong" }), 401);
  });

  it("role may not → 403", async () => {
    const p = await problem(await t.call("GET", "/v1/patients", { token: T.clinician }), 403);
    expect(p.detail).toMatch(/clinician/);
    // 403 comes before body validation: a role that may not is told so whatever it sent.
    await problem(await t.call("POST", "/v1/users", { token: T.agent, body: {} }), 403);
  });

  // Each route asks its service's own role rule before validating the request (src/http/role-first.ts).
  describe.each([
    { route: "POST /v1/users", forbidden: T.agent, allowed: T.admin },
    { route: "POST /v1/itineraries", forbidden: T.clinician, allowed: T.anar },
    { route: "POST /v1/itineraries/itn_x/components", forbidden: T.billing, allowed: T.anar },
    { route: "PUT /v1/itineraries/itn_x/components/cmp_x", forbidden: T.clinician, allowed: T.agent },
    { route: "POST /v1/itineraries/itn_x/bank-transfers", forbidden: T.anar, allowed: T.agent },
    { route: "POST /v1/itineraries/itn_x/cancel", forbidden: T.billing, allowed: T.anar },
    { route: "POST /v1/quotes", forbidden: T.billing, allowed: T.clinician },
    { route: "POST /v1/hospitals/hsp_xjph/tariffs", forbidden: T.anar, allowed: T.billing },
    { route: "POST /v1/consultations", forbidden: T.clinician, allowed: T.anar },
    { route: "POST /v1/consultations/con_x/schedule", forbidden: T.anar, allowed: T.clinician },
    { route: "POST /v1/consultations/con_x/recommendation", forbidden: T.agent, allowed: T.clinician },
  ])("$route: a role that may not → 403 before the body is checked", ({ route, forbidden, allowed }) => {
    const [method, path] = route.split(" ") as [string, string];
    const headers = { "If-Match": '"1"' };
    it("an invalid body from the refused role → 403 naming its role", async () => {
      const p = await problem(await t.call(method, path, { token: forbidden, body: { bogus: 1 }, headers }), 403);
      expect(p.code).toBe("forbidden");
      expect(p.errors ?? []).toEqual([]);
    });
    it("the same body from a role that may → 400 naming the fields", async () => {
      const p = await problem(await t.call(method, path, { token: allowed, body: { bogus: 1 }, headers }), 400);
      expect(p.code).toBe("validation");
      expect(p.errors?.length).toBeGreaterThan(0);
    });
  });

  it("another owner's object → 404, same as unknown", async () => {
    const other = await problem(await t.call("GET", "/v1/patients/pat_demo_alexander", { token: T.anar }), 404);
    const unknown = await problem(await t.call("GET", "/v1/patients/pat_nobody", { token: T.anar }), 404);
    expect(other.title).toBe(unknown.title);
    expect(other.detail.replace("pat_demo_alexander", "X")).toBe(unknown.detail.replace("pat_nobody", "X"));
  });

  it("an unknown cursor → 400 naming it", async () => {
    const p = await problem(await t.call("GET", "/v1/hospitals?cursor=garbage"), 400);
    expect(p.errors?.[0]?.path).toBe("query.cursor");
  });

  it("an unexpected failure → 500 that says little and logs the cause", async () => {
    const broken = await createTestApp({ seed: false });
    await broken.handle.close(); // the database goes away under the app
    const res = await broken.call("GET", "/v1/hospitals");
    const p = await problem(res, 500);
    expect(p.detail).not.toMatch(/sqlite|database|driver/i);
    expect(broken.logger.lines.some((l) => l.msg === "unhandled error")).toBe(true);
  });
});

describe("database contention", () => {
  it("a lock timeout or deadlock answers 503 with Retry-After, not 500", async () => {
    const app = await createTestApp({ seed: false });
    try {
      const original = app.deps.db.selectFrom.bind(app.deps.db);
      // The next catalog read fails the way PostgreSQL reports a lock timeout.
      (app.deps.db as { selectFrom: unknown }).selectFrom = () => {
        (app.deps.db as { selectFrom: unknown }).selectFrom = original;
        throw Object.assign(new Error("canceling statement due to lock timeout"), { code: "55P03" });
      };
      const res = await app.call("GET", "/v1/hospitals");
      const p = await problem(res, 503);
      expect(p.code).toBe("busy_retry");
      expect(res.headers.get("retry-after")).toBe("1");
      expect(p.detail).not.toMatch(/lock timeout/);
    } finally {
      await app.close();
    }
  });
});
