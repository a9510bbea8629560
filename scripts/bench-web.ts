/**
 * `npm run bench` (last part): the trip page against the API for the same trip (issue 14).
 *
 * The app the Node entry builds, over a fresh migrated and seeded SQLite file, in-process
 * (`app.request`, no sockets): a patient's trip is made over the API (consultation, a clinician's
 * recommendation, quote, itinerary with flights, transfers, lodging and a tour), then
 * GET /trips/{id} (signed in, the HTML page) and GET /v1/itineraries/{id} (bearer token, JSON) are
 * timed alternately, BENCH_WEB_REQUESTS times each after a warm-up: median, p95, the page's
 * time over the API's, and both sizes. The page renders the same view plus the timeline, the
 * search forms and the totals in two currencies.
 *
 * Not a test: a few seconds. Exits 0 unless the bench itself fails.
 * Options: BENCH_WEB_REQUESTS (default 500), BENCH_KEEP=1 keeps the temporary directory.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { seedDemo } from "../db/seed/demo";
import { createApp } from "../src/app";
import { openSqlite } from "../src/data/connect-node";
import { migrateToLatest } from "../src/data/migrate";
import { buildNodeDeps } from "../src/entry/node-deps";
import { parseEnv } from "../src/env";
import { ManualClock } from "../src/ports/clock";
import { signIn } from "../test/web/helpers";

const REQUESTS = Number(process.env.BENCH_WEB_REQUESTS ?? 500);
const WARMUP = 50;
/** The demo catalog's journey dates (5–24 Dec 2026) are in the future at this instant. */
const NOW = "2026-11-22T10:00:00.000Z";
const HOSPITAL = "hsp_xjph";
const AGENT = "cvn_demo_agent_silkroad";
const CLINICIAN = "cvn_demo_clinician_xjph";

const log = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (n: number, d = 2) => n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

type App = ReturnType<typeof createApp>;

async function call(app: App, method: string, p: string, token: string, body?: unknown): Promise<any> {
  const res = await app.request(p, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** A patient (signed up by the demo agent) with a recommended cardiac consultation, its quote and a trip. */
async function makeTrip(app: App): Promise<{ token: string; userId: string; tripId: string }> {
  const signUp = await call(app, "POST", "/v1/patients", AGENT, {
    fullName: "Dana Bekova",
    email: "dana.bench@example.kz",
    nationality: "KZ",
    homeCity: "Almaty",
    language: "ru",
    currency: "KZT",
  });
  const token = signUp.token as string;
  const c = await call(app, "POST", "/v1/consultations", token, {
    hospitalId: HOSPITAL,
    department: "cardiac_surgery",
    mode: "video",
    complaint: "Three-vessel disease",
    language: "ru",
  });
  const slots = await call(
    app,
    "GET",
    `/v1/hospitals/${HOSPITAL}/consultation-slots?department=cardiac_surgery&mode=video&limit=1`,
    token,
  );
  await call(app, "POST", `/v1/consultations/${c.id}/schedule`, CLINICIAN, { slotId: slots.data[0].id });
  await call(app, "POST", `/v1/consultations/${c.id}/recommendation`, CLINICIAN, {
    items: [
      { code: "CARD-CABG", quantity: 1 },
      { code: "BED-ICU", quantity: 2 },
      { code: "BED-WARD", quantity: 8 },
    ],
    admissionDate: "2026-12-07",
    inpatientNights: 10,
    fitToFlyDays: 7,
    activityRestrictions: [{ activity: "strenuous", days: 30 }],
  });
  const quote = await call(app, "POST", "/v1/quotes", token, { consultationId: c.id });
  const tours = await call(app, "GET", "/v1/tours?city=Urumqi&date=2026-12-20&language=ru&intensity=low", token);
  const itn = await call(app, "POST", "/v1/itineraries", token, {
    quoteId: quote.id,
    travelers: [
      { fullName: "Dana Bekova", role: "patient" },
      { fullName: "Aigerim Bekova", role: "companion", languages: ["ru", "kk"] },
    ],
    components: [
      { type: "consultation", consultationId: c.id },
      { type: "treatment" },
      { type: "flight", flightId: "flt_kc871_20261205" },
      {
        type: "transfer",
        productId: "trp_urc_xjph_minivan",
        pickupAt: "2026-12-05T14:30:00+08:00",
        direction: "arrival",
      },
      { type: "lodging", roomTypeId: "rmt_urc_yindu_std", checkIn: "2026-12-05", checkOut: "2026-12-07" },
      { type: "lodging", roomTypeId: "rmt_urc_yindu_std", checkIn: "2026-12-17", checkOut: "2026-12-24" },
      ...(tours.data[0] ? [{ type: "tour", departureId: tours.data[0].departureId }] : []),
      {
        type: "transfer",
        productId: "trp_urc_xjph_minivan",
        pickupAt: "2026-12-24T11:30:00+08:00",
        direction: "departure",
      },
      { type: "flight", flightId: "flt_kc872_20261224" },
    ],
  });
  const me = await call(app, "GET", "/v1/me", token);
  return { token, userId: me.userId as string, tripId: itn.id as string };
}

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p95: at(0.95), min: s[0]! };
}

async function timed(
  fn: () => Response | Promise<Response>,
  expectStatus: number,
): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const res = await fn();
  const body = await res.arrayBuffer();
  const ms = performance.now() - start;
  if (res.status !== expectStatus) throw new Error(`answered ${res.status}: ${new TextDecoder().decode(body)}`);
  return { ms, bytes: body.byteLength };
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "caravan-bench-web-"));
  const env = parseEnv({ DATA_DIR: dir, LOG_LEVEL: "error", RATE_LIMIT: "off" });
  const { deps, handle } = await buildNodeDeps(env, {
    handle: openSqlite(path.join(dir, "caravan.sqlite")),
    clock: new ManualClock(NOW),
  });
  try {
    await migrateToLatest(handle.db);
    await seedDemo(handle.db, { now: deps.clock.now(), encrypt: deps.cipher.encrypt });
    const app = createApp(deps);
    const trip = await makeTrip(app);
    // The session the sign-in pages end in (test/web/helpers.ts: the same service verb).
    const cookie = await signIn({ app, deps }, trip.userId);
    const page = () => app.request(`/trips/${trip.tripId}`, { headers: { cookie, accept: "text/html" } });
    const api = () =>
      app.request(`/v1/itineraries/${trip.tripId}`, { headers: { authorization: `Bearer ${trip.token}` } });

    for (let i = 0; i < WARMUP; i++) {
      await timed(page, 200);
      await timed(api, 200);
    }
    const pageMs: number[] = [];
    const apiMs: number[] = [];
    let pageBytes = 0;
    let apiBytes = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const p = await timed(page, 200);
      const a = await timed(api, 200);
      pageMs.push(p.ms);
      apiMs.push(a.ms);
      pageBytes = p.bytes;
      apiBytes = a.bytes;
    }
    const p = stats(pageMs);
    const a = stats(apiMs);
    const ratio = p.median / a.median;
    log(`\nTrip page against the API, same trip (${trip.tripId}), ${REQUESTS} requests each, in-process:`);
    log("  request                     median ms   p95 ms   min ms    bytes");
    const row = (name: string, s: ReturnType<typeof stats>, bytes: number) =>
      log(
        `  ${name.padEnd(27)} ${fmt(s.median).padStart(9)} ${fmt(s.p95).padStart(8)} ${fmt(s.min).padStart(8)} ${String(bytes).padStart(8)}`,
      );
    row("GET /trips/{id} (HTML)", p, pageBytes);
    row("GET /v1/itineraries/{id}", a, apiBytes);
    log(`  page / API (median): ${fmt(ratio)}×  (p95: ${fmt(p.p95 / a.p95)}×)`);
  } finally {
    await handle.close();
    if (process.env.BENCH_KEEP === "1") log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
