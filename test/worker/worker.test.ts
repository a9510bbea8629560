import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateD1Seed } from "../../scripts/d1-sql";
import { T } from "../helpers/tokens";

/**
 * The Cloudflare Workers build inside workerd, offline: `wrangler d1 migrations apply --local`
 * (the generated files), the demo data through `wrangler d1 execute --file` (what `npm run
 * d1:seed` does), then `wrangler dev` on a random port with its local D1 in a temp directory,
 * driven over HTTP. The dev keys come from wrangler.toml [vars], as with `npm run dev:worker`.
 */
const require = createRequire(import.meta.url);
const WRANGLER = require.resolve("wrangler/bin/wrangler.js");
const DEV_ENCRYPTION_KEY = "ZGV2LW9ubHkgY2FyYXZhbiBlbmNyeXB0aW9uIGtleSE="; // wrangler.toml [vars], dev only

let dir: string;
let persist: string;
let worker: ChildProcess | undefined;
let output = "";
let base: string;

function wranglerEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // Offline and quiet: no telemetry, no update check, no Request.cf download, logs in the temp dir.
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_HIDE_BANNER: "true",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_LOG_PATH: path.join(dir, "logs"),
    NO_COLOR: "1",
    FORCE_COLOR: "0",
    CI: "true",
  };
}

function wrangler(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], {
      env: wranglerEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`wrangler ${args.join(" ")} exited with ${code}:\n${out}`)),
    );
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Quotes are for care still to come, and this build runs on the real clock: a week from today (UTC, so never past in
 * Urumqi).
 */
const SERVICE_DATE = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

async function call(
  method: string,
  p: string,
  init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  return fetch(`${base}${p}`, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

async function json(res: Response, status: number): Promise<any> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "caravan-worker-"));
  persist = path.join(dir, "state");
  await wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist]);
  const seed = path.join(dir, "seed.sql");
  writeFileSync(seed, await generateD1Seed({ now: new Date(), encryptionKey: DEV_ENCRYPTION_KEY }));
  await wrangler(["d1", "execute", "DB", "--local", "--persist-to", persist, "--file", seed, "--yes"]);

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  worker = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      "--local",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      "0",
      "--persist-to",
      persist,
      "--show-interactive-dev-session=false",
      "--log-level",
      "warn",
    ],
    // Its own process group, so afterAll can stop wrangler and the workerd it started, and nothing else.
    { env: wranglerEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  worker.stdout!.on("data", (d) => (output += d));
  worker.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<never>((_, reject) =>
    worker!.once("exit", (code) => reject(new Error(`wrangler dev exited with ${code}:\n${output}`))),
  );
  const ready = (async () => {
    for (;;) {
      try {
        const res = await fetch(`${base}/health`);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`wrangler dev did not answer in 60 s:\n${output}`)), 60_000);
  });
  try {
    await Promise.race([ready, exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}, 90_000);

afterAll(async () => {
  if (worker?.pid && worker.exitCode === null) {
    const gone = new Promise((r) => worker!.once("exit", r));
    process.kill(-worker.pid, "SIGTERM");
    const t = setTimeout(() => worker?.pid && process.kill(-worker.pid, "SIGKILL"), 5_000);
    await gone;
    clearTimeout(t);
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 15_000);

/** Places left on an Urumqi tour departure, as the catalog shows them. */
async function placesLeft(id: string): Promise<number> {
  const all = await json(await call("GET", "/v1/tours?city=Urumqi"), 200);
  return all.data.find((d: { departureId: string }) => d.departureId === id)?.placesLeft as number;
}

/** The patient and `n - 1` companions. */
function party(n: number) {
  return [
    { fullName: "Alexander Kovalenko", role: "patient" },
    ...Array.from({ length: n - 1 }, (_, i) => ({ fullName: `Companion ${i + 1}`, role: "companion" })),
  ];
}

/** Creates a draft itinerary of tours for `travelers`, one component per departure. */
function draftItinerary(travelers: ReturnType<typeof party>, departureIds: string[]): Promise<Response> {
  return call("POST", "/v1/itineraries", {
    token: T.alexander,
    body: {
      hospitalId: "hsp_xjph",
      travelers,
      components: departureIds.map((departureId) => ({ type: "tour", departureId })),
    },
  });
}

function hold(itn: { id: string; version: number }): Promise<Response> {
  return call("POST", `/v1/itineraries/${itn.id}/hold`, {
    token: T.alexander,
    headers: { "If-Match": `"${itn.version}"` },
  });
}

/** Holds parties of at most 10 on a departure until `target` places are left; returns what is left. */
async function fillTo(departureId: string, target: number): Promise<number> {
  let left = await placesLeft(departureId);
  while (left > target) {
    const filler = await json(await draftItinerary(party(Math.min(10, left - target)), [departureId]), 201);
    await json(await hold(filler), 200);
    left = await placesLeft(departureId);
  }
  return left;
}

describe("Cloudflare Workers build in workerd with a local D1 (offline)", () => {
  it("serves health, the contract and the docs page's own scripts", async () => {
    expect(await json(await call("GET", "/health"), 200)).toMatchObject({
      status: "ok",
      database: "ok",
      dialect: "sqlite",
    });
    const doc = await json(await call("GET", "/openapi.json"), 200);
    expect(doc.openapi).toBe("3.1.0");
    const bundle = await call("GET", "/docs/assets/swagger-ui-bundle.js");
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toMatch(/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(500_000);
  });

  it("the catalog: hospitals from the demo data", async () => {
    const page = await json(await call("GET", "/v1/hospitals"), 200);
    const xjph = page.data.find((h: { id: string }) => h.id === "hsp_xjph");
    expect(xjph).toMatchObject({ name: "Xinjiang People's Hospital", city: "Urumqi", currency: "CNY" });
  });

  it("a quote at the domestic price, signed (Ed25519 in workerd) and verifiable", async () => {
    const treatments = await json(
      await call("GET", `/v1/hospitals/hsp_xjph/treatments?date=${SERVICE_DATE}&limit=100`),
      200,
    );
    const cabg: number = treatments.data.find(
      (x: { code: string; serviceClass: string }) => x.code === "CARD-CABG" && x.serviceClass === "standard",
    ).unitPrice.amount;
    expect([9_800_000, 10_200_000]).toContain(cabg); // the demo's version 1 or 2, whichever is in force that day
    const quote = await json(
      await call("POST", "/v1/quotes", {
        token: T.agent,
        body: {
          patientId: "pat_demo_alexander",
          hospitalId: "hsp_xjph",
          serviceDate: SERVICE_DATE,
          items: [{ code: "CARD-CABG", quantity: 1 }],
        },
      }),
      201,
    );
    expect(quote.lines).toHaveLength(1);
    expect(quote.lines[0]).toMatchObject({
      code: "CARD-CABG",
      quantity: 1,
      unitPrice: { amount: cabg, currency: "CNY" },
    });
    expect(quote.totals.medical).toEqual({ amount: cabg, currency: "CNY" });
    const verdict = await json(
      await call("POST", "/v1/parity/verify", {
        body: {
          payload: quote.parityAffirmation.payload,
          signature: quote.parityAffirmation.signature,
          keyId: quote.parityAffirmation.keyId,
        },
      }),
      200,
    );
    expect(verdict.valid).toBe(true);
  });

  it(
    "a 10-line quote: 150 values for quote_lines, over D1's 100 bound parameters, " + "still one atomic write",
    async () => {
      const treatments = await json(
        await call("GET", `/v1/hospitals/hsp_xjph/treatments?date=${SERVICE_DATE}&limit=100`),
        200,
      );
      const standard: { code: string; department: string; unitPrice: { amount: number } }[] = treatments.data
        .filter((x: { serviceClass: string }) => x.serviceClass === "standard")
        .slice(0, 10);
      expect(standard).toHaveLength(10);
      const quote = await json(
        await call("POST", "/v1/quotes", {
          token: T.agent,
          body: {
            patientId: "pat_demo_alexander",
            hospitalId: "hsp_xjph",
            serviceDate: SERVICE_DATE,
            items: standard.map((s) => ({ code: s.code, department: s.department, quantity: 1 })),
          },
        }),
        201,
      );
      expect(
        quote.lines.map((l: { code: string; unitPrice: { amount: number } }) => [l.code, l.unitPrice.amount]),
      ).toEqual(standard.map((s) => [s.code, s.unitPrice.amount]));
      const again = await json(await call("GET", `/v1/quotes/${quote.id}`, { token: T.agent }), 200);
      expect(again.lines).toHaveLength(10);
    },
  );

  it("a hold takes the tour place; a hold that cannot get every component takes none", async () => {
    const tours = await json(await call("GET", "/v1/tours?city=Urumqi"), 200);
    const departures: { departureId: string; placesLeft: number; startsAt: { utc: string } }[] = tours.data;
    expect(departures.length).toBeGreaterThan(2);
    const [first, second] = [...departures].sort((a, b) => a.departureId.localeCompare(b.departureId));

    // The hold of the brief: one traveler, one tour.
    const itn = await json(await draftItinerary(party(1), [second!.departureId]), 201);
    expect(itn.status).toBe("draft");
    const held = await json(await hold(itn), 200);
    expect(held.status).toBe("held");
    expect(held.version).toBe(itn.version + 1);
    expect(await placesLeft(second!.departureId)).toBe(second!.placesLeft - 1);

    // Fill the second departure up to 1 place short of a 10-person party, then ask for both departures:
    // the first (taken first, ids in order) must be given back when the second is sold out.
    expect(await fillTo(second!.departureId, 9)).toBe(9);
    const firstBefore = await placesLeft(first!.departureId);
    const both = await json(await draftItinerary(party(10), [first!.departureId, second!.departureId]), 201);
    const problem = await json(await hold(both), 409);
    expect(problem.detail).toMatch(/Not enough tour departure left/);
    expect(await placesLeft(first!.departureId)).toBe(firstBefore);
    expect(await placesLeft(second!.departureId)).toBe(9);
    const after = await json(await call("GET", `/v1/itineraries/${both.id}`, { token: T.alexander }), 200);
    expect(after).toMatchObject({ status: "draft", version: both.version });
  });

  it(
    "a sign-up with an Idempotency-Key: the replay is the first response with a " +
      "fresh token, the first one revoked",
    async () => {
      const body = {
        fullName: "Aru Worker",
        email: "aru.worker@example.kz",
        nationality: "KZ",
        homeCity: "Almaty",
        language: "ru",
        currency: "KZT",
        passportNumber: "W1234567",
      };
      const headers = { "Idempotency-Key": "worker-signup-1" };
      const first = await json(await call("POST", "/v1/patients", { body, headers }), 201);
      const res = await call("POST", "/v1/patients", { body, headers });
      expect(res.headers.get("idempotent-replayed")).toBe("true");
      const replay = await json(res, 201);
      expect(replay.patient).toEqual(first.patient);
      expect(replay.token).not.toBe(first.token);
      expect((await call("GET", "/v1/me", { token: replay.token })).status).toBe(200);
      expect((await call("GET", "/v1/me", { token: first.token })).status).toBe(401);
      expect((await call("POST", "/v1/patients", { body: { ...body, homeCity: "Astana" }, headers })).status).toBe(422);
    },
  );

  it(
    "rate limits are counted in D1, shared by every isolate: the strict budget " + "refuses the 11th bad token",
    async () => {
      const first = await call("GET", "/v1/hospitals", { headers: { "CF-Connecting-IP": "192.0.2.10" } });
      expect(first.status).toBe(200);
      expect(first.headers.get("ratelimit-policy")).toBe("600;w=60");
      const second = await call("GET", "/v1/hospitals", { headers: { "CF-Connecting-IP": "192.0.2.10" } });
      expect(Number(second.headers.get("ratelimit-remaining"))).toBe(
        Number(first.headers.get("ratelimit-remaining")) - 1,
      );
      const guesses = [];
      for (let i = 0; i < 11; i++)
        guesses.push(
          (await call("GET", "/v1/me", { token: `cvn_guess_${i}`, headers: { "CF-Connecting-IP": "192.0.2.11" } }))
            .status,
        );
      expect(guesses).toEqual([...Array(10).fill(401), 429]);
    },
  );
});
