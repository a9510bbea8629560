import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProblemSchema } from "../../src/http/problem";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

// Hostile and malformed inputs: every instant, date and range is refused at validation with a
// 400 naming the field, before any work proportional to it (so each answers in well under a second).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const H = "hsp_xjph";
const FAST_MS = 3000;

async function timed(run: () => Promise<Response>) {
  const started = performance.now();
  const res = await run();
  const text = await res.text();
  return { res, text, ms: performance.now() - started };
}

/** A 400 problem+json naming `path`, answered fast. */
async function refused(run: () => Promise<Response>, path: string) {
  const { res, text, ms } = await timed(run);
  expect(res.status, text).toBe(400);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const p = ProblemSchema.parse(JSON.parse(text));
  expect(p.code).toBe("validation");
  expect(p.errors?.map((e) => e.path)).toContain(path);
  expect(ms).toBeLessThan(FAST_MS);
  return p;
}

const q = encodeURIComponent;
const traveler = { fullName: "Dana Bekova", role: "patient" };
const itinerary = (component: Record<string, unknown>) => ({
  hospitalId: H,
  travelers: [traveler],
  components: [component],
});

/** Every place the contract accepts an instant: how to send one there, and the field the 400 must name. */
const instantFields: [string, (v: string) => Promise<Response>, string][] = [
  ["GET /v1/transfers at", (v) => t.call("GET", `/v1/transfers?airport=URC&hospitalId=${H}&at=${q(v)}`), "query.at"],
  [
    "GET consultation-slots from",
    (v) => t.call("GET", `/v1/hospitals/${H}/consultation-slots?from=${q(v)}`),
    "query.from",
  ],
  ["GET consultation-slots to", (v) => t.call("GET", `/v1/hospitals/${H}/consultation-slots?to=${q(v)}`), "query.to"],
  [
    "POST /v1/consultations preferredTimes.from",
    (v) =>
      t.call("POST", "/v1/consultations", {
        token: T.anar,
        body: {
          hospitalId: H,
          department: "cardiac_surgery",
          mode: "video",
          complaint: "Chest pain",
          language: "ru",
          preferredTimes: [{ from: v, to: "2026-12-01T13:00:00+08:00" }],
        },
      }),
    "body.preferredTimes.0.from",
  ],
  [
    "POST /v1/itineraries transfer pickupAt",
    (v) =>
      t.call("POST", "/v1/itineraries", {
        token: T.anar,
        body: itinerary({ type: "transfer", productId: "trf_any", pickupAt: v, direction: "arrival" }),
      }),
    "body.components.0.pickupAt",
  ],
];

const badInstants: [string, string][] = [
  ["ISO week date", "2026-W49-2T12:30:00+08:00"],
  ["ordinal date", "2026-335T12:30:00+08:00"],
  ["basic format", "20261201T123000+0800"],
  ["offset +25:00", "2026-12-01T12:30:00+25:00"],
  ["offset beyond ±14:00", "2026-12-01T12:30:00-14:30"],
  ["offset minutes 60", "2026-12-01T12:30:00+05:60"],
  ["no offset", "2026-12-01T12:30:00"],
  ["date only", "2026-12-01"],
  ["hour 24", "2026-12-01T24:00:00Z"],
  ["February 30", "2026-02-30T12:00:00Z"],
  ["lower-case t and z", "2026-12-01t12:30:00z"],
  ["more than milliseconds", "2026-12-01T12:30:00.1234Z"],
  ["year 0001", "0001-01-01T00:00:00Z"],
  ["year 9999", "9999-12-31T23:59:59Z"],
  ["year 1899", "1899-12-31T23:59:59Z"],
  ["year 2101", "2101-01-01T00:00:00+08:00"],
];

describe.each(instantFields)("%s", (_name, send, path) => {
  it.each(badInstants)("refuses a %s (%s)", async (_kind, value) => {
    const p = await refused(() => send(value), path);
    expect(p.errors!.find((e) => e.path === path)!.message).toMatch(
      /ISO 8601|calendar date|time of day|offset|between 1900-01-01 and 2100-12-31/,
    );
  });
});

describe("the instant forms the contract accepts are read alike", () => {
  it.each([
    ["2026-12-01T12:30+08:00"],
    ["2026-12-01T04:30:00Z"],
    ["2026-12-01T04:30:00.5Z"],
    ["2026-12-01T18:30:00.000+14:00"],
    ["2026-11-30T16:30:00-12:00"],
  ])("%s → 200, the same hour as 04:30Z", async (at) => {
    const res = await t.call("GET", `/v1/transfers?airport=URC&hospitalId=${H}&at=${q(at)}`);
    expect(res.status, await res.clone().text()).toBe(200);
    const body: any = await res.json();
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data[0].availability.hour.utc).toBe("2026-12-01T04:00:00Z");
  });
});

/** Every place the contract accepts a date, and the field the 400 must name. */
const dateFields: [string, (v: string) => Promise<Response>, string][] = [
  [
    "GET /v1/lodging checkIn",
    (v) => t.call("GET", `/v1/lodging?hospitalId=${H}&checkIn=${v}&checkOut=2026-12-04`),
    "query.checkIn",
  ],
  [
    "GET /v1/lodging checkOut",
    (v) => t.call("GET", `/v1/lodging?hospitalId=${H}&checkIn=2026-12-01&checkOut=${v}`),
    "query.checkOut",
  ],
  ["GET /v1/flights date", (v) => t.call("GET", `/v1/flights?origin=ALA&destination=URC&date=${v}`), "query.date"],
  ["GET /v1/tours date", (v) => t.call("GET", `/v1/tours?date=${v}`), "query.date"],
  [
    "GET parity-report from",
    (v) => t.call("GET", `/v1/hospitals/${H}/parity-report?from=${v}&to=2026-12-31`, { token: T.billing }),
    "query.from",
  ],
  [
    "POST /v1/itineraries lodging checkOut",
    (v) =>
      t.call("POST", "/v1/itineraries", {
        token: T.anar,
        body: itinerary({ type: "lodging", roomTypeId: "rt_any", checkIn: "2026-12-01", checkOut: v }),
      }),
    "body.components.0.checkOut",
  ],
  [
    "POST /v1/itineraries treatment admissionDate",
    (v) =>
      t.call("POST", "/v1/itineraries", { token: T.anar, body: itinerary({ type: "treatment", admissionDate: v }) }),
    "body.components.0.admissionDate",
  ],
];

const badDates: [string, string][] = [
  ["year 0001", "0001-01-01"],
  ["year 9999", "9999-12-31"],
  ["the day before 1900", "1899-12-31"],
  ["the day after 2100", "2101-01-01"],
  ["February 30", "2026-02-30"],
  ["an instant", "2026-12-01T00:00:00Z"],
  ["an ordinal date", "2026-335"],
];

describe.each(dateFields)("%s", (_name, send, path) => {
  it.each(badDates)("refuses %s (%s)", async (_kind, value) => {
    await refused(() => send(value), path);
  });
});

/** Every range the contract takes: one just inside its bound (answered), one just past it and a hostile one (400). */
const ranges: {
  name: string;
  send: (from: string, to: string) => Promise<Response>;
  path: string;
  inside: [string, string];
  past: [string, string];
  reversed: [string, string];
}[] = [
  {
    name: "GET /v1/lodging (≤ 90 nights)",
    send: (a, b) => t.call("GET", `/v1/lodging?hospitalId=${H}&checkIn=${a}&checkOut=${b}`),
    path: "query.checkOut",
    inside: ["2026-12-01", "2027-03-01"],
    past: ["2026-12-01", "2027-03-02"],
    reversed: ["2026-12-04", "2026-12-04"],
  },
  {
    name: "POST /v1/itineraries lodging (≤ 90 nights)",
    send: (a, b) =>
      t.call("POST", "/v1/itineraries", {
        token: T.anar,
        body: itinerary({ type: "lodging", roomTypeId: "rt_any", checkIn: a, checkOut: b }),
      }),
    path: "body.components.0.checkOut",
    inside: ["2026-12-01", "2027-03-01"],
    past: ["2026-12-01", "2027-03-02"],
    reversed: ["2026-12-04", "2026-12-01"],
  },
  {
    name: "GET parity-report (≤ 1096 days)",
    send: (a, b) => t.call("GET", `/v1/hospitals/${H}/parity-report?from=${a}&to=${b}`, { token: T.billing }),
    path: "query.to",
    inside: ["2025-01-01", "2028-01-02"],
    past: ["2025-01-01", "2028-01-03"],
    reversed: ["2026-12-02", "2026-12-01"],
  },
  {
    name: "GET consultation-slots (≤ 92 days)",
    send: (a, b) =>
      t.call("GET", `/v1/hospitals/${H}/consultation-slots?from=${q(`${a}T00:00:00Z`)}&to=${q(`${b}T00:00:00Z`)}`),
    path: "query.to",
    inside: ["2026-12-01", "2027-03-03"],
    past: ["2026-12-01", "2027-03-04"],
    reversed: ["2026-12-01", "2026-12-01"],
  },
];

describe.each(ranges)("$name", ({ send, path, inside, past, reversed }) => {
  it("a range at the bound is not refused for its length", async () => {
    const { res, text } = await timed(() => send(...inside));
    if (res.status === 400)
      expect(ProblemSchema.parse(JSON.parse(text)).errors?.map((e) => e.path) ?? []).not.toContain(path);
    else expect(res.status, text).toBeLessThan(400);
  });
  it("one day past the bound → 400 naming the end", async () => {
    const p = await refused(() => send(...past), path);
    expect(p.errors!.find((e) => e.path === path)!.message).toMatch(/^must be at most \d+ (nights|days) after /);
  });
  it("a reversed or empty range → 400 naming the end", async () => {
    const p = await refused(() => send(...reversed), path);
    expect(p.errors!.find((e) => e.path === path)!.message).toMatch(/^must be (on or )?after /);
  });
  it("the widest dates the window allows → 400, fast", async () => {
    await refused(() => send("1900-01-01", "2100-12-31"), path);
  });
});

it("the reported lodging search 0001-01-01..9999-12-31 → 400 naming both dates, fast", async () => {
  const p = await refused(
    () => t.call("GET", `/v1/lodging?hospitalId=${H}&checkIn=0001-01-01&checkOut=9999-12-31`),
    "query.checkIn",
  );
  expect(p.errors!.map((e) => e.path)).toEqual(["query.checkIn", "query.checkOut"]);
});

it("consultation slots: `to` alone is bounded from now", async () => {
  // TEST_NOW is 2026-11-22T10:00Z: 92 days later is 2027-02-22T10:00Z.
  expect((await t.call("GET", `/v1/hospitals/${H}/consultation-slots?to=${q("2027-02-22T10:00:00Z")}`)).status).toBe(
    200,
  );
  await refused(
    () => t.call("GET", `/v1/hospitals/${H}/consultation-slots?to=${q("2027-02-22T10:00:01Z")}`),
    "query.to",
  );
});

describe("a trailing slash", () => {
  it.each([
    ["GET", "/v1/hospitals/", "/v1/hospitals"],
    ["HEAD", "/v1/hospitals/", "/v1/hospitals"],
    ["GET", "/v1/hospitals/?limit=2&city=Urumqi", "/v1/hospitals?limit=2&city=Urumqi"],
    ["GET", "/v1/hospitals/hsp_xjph//", "/v1/hospitals/hsp_xjph"],
    ["GET", "/health/", "/health"],
  ])("%s %s → 308 to %s", async (method, path, location) => {
    const res = await t.call(method, path);
    expect(res.status).toBe(308);
    expect(res.headers.get("location")).toBe(location);
  });

  it.each([
    ["POST", "/v1/patients/"],
    ["DELETE", "/v1/hospitals/"],
    ["GET", "/v1/nowhere/"],
    ["GET", "//evil.example/"],
  ])("%s %s → 404 problem+json, never a 405 that allows the method asked", async (method, path) => {
    const res = await t.call(method, path, method === "POST" ? { body: {} } : {});
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(res.headers.get("allow")).toBeNull();
    expect(ProblemSchema.parse(await res.json()).code).toBe("not_found");
  });

  it("without the slash, a wrong method is still 405 with Allow", async () => {
    const res = await t.call("DELETE", "/v1/hospitals");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });
});
