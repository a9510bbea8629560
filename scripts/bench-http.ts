/**
 * `npm run bench` (first half): the HTTP speed goals of issue 6, measured against the real server.
 *
 * Builds and starts `dist/entry/node.mjs` as a child process exactly as `npm start` does, on the embedded default
 * (a SQLite file in a temporary DATA_DIR, demo data seeded), with `BENCH_HELLO=1` so the same process
 * also serves the bare `GET /__bench/hello` baseline. It then makes the data set realistic (≈5,100 more
 * flights and 500 hotels near hsp_xjph written straight into the SQLite file, which WAL allows while
 * the server runs; patients and ≈2,000 six-component itineraries created over HTTP) and drives each
 * workload with autocannon in a separate process (this file re-run with BENCH_WORKER=<spec file>):
 * 10 connections, pipelining 1, 2 s warm-up then 8 s measured. The goals are ratios to the hello
 * route measured in the same run (mean of a first and a last hello run); reads at 50 connections
 * are judged on p99. The pure pricing module and the server's RSS after load are measured too.
 * Beside req/s the table shows the server's CPU time per request (from /proc/<pid>/stat over the
 * measured run): on a shared machine that is steadier than req/s, and hello's CPU per request
 * divided by a workload's is the ratio it would reach with the server alone on a core. Before the
 * workloads, and again after the holds, it waits for the in-process outbox dispatcher to send the
 * mail those requests enqueued, so that rendering does not land inside another measurement.
 *
 * Not a test: it takes two to three minutes and always exits 0 (goals missed are printed).
 * Options: BENCH_DURATION (s, default 8), BENCH_WARMUP (s, default 2), BENCH_ITINERARIES (default
 * 2000), BENCH_HOLD_DRAFTS (default: enough for 1.5× the hold rate seen while setting up),
 * BENCH_ONLY=hello,flights,itinerary,quote,hold,reads50 (a subset), BENCH_CPU_PROF=1 (the server
 * writes a .cpuprofile into BENCH_CPU_PROF_DIR, default ./bench-profiles), BENCH_KEEP=1 (keep the
 * temporary directory and its database).
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import {
  type FeePolicy,
  type FxRate,
  type MedicalLineRequest,
  type TariffVersion,
  type TravelLine,
  priceItinerary,
  priceMedicalLines,
} from "../src/domain/pricing/index";
import { type BenchServer, cpuSeconds, rssMb, startBenchServer } from "./bench-server";

const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), "..");
const TOKENS = { patient: "cvn_demo_patient_alexander", agent: "cvn_demo_agent_silkroad", admin: "cvn_demo_admin" };
const HOSPITAL = "hsp_xjph";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);
const ITINERARIES = Number(process.env.BENCH_ITINERARIES ?? 2000);
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",")) : null;

const log = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

// ---------------------------------------------------------------------------------------------
// The load generator: a separate process running autocannon programmatically.
// ---------------------------------------------------------------------------------------------

interface Req {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

type WorkerSpec = {
  url: string;
  connections: number;
  warmupS: number;
  durationS: number;
} & (
  | { kind: "fixed"; request: Req }
  /** GET /v1/itineraries/{id}, rotating over ids. */
  | { kind: "itinerary"; ids: string[]; headers: Record<string, string> }
  /** Flight search and GET itinerary alternating on every connection. */
  | { kind: "mixed"; request: Req; ids: string[]; headers: Record<string, string> }
  /** POST /v1/itineraries/{id}/hold, each request taking the next draft. */
  | { kind: "hold"; drafts: { id: string; version: number }[]; headers: Record<string, string> }
);

interface Histogram {
  average: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
}

interface AutocannonResult {
  duration: number;
  requests: Histogram & { sent: number };
  latency: Histogram;
  non2xx: number;
  errors: number;
  timeouts: number;
  resets: number;
  "2xx": number;
  statusCodeStats?: Record<string, { count: number }>;
}

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest | undefined;
}

type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

export interface WorkerOutput {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  statusCodes: Record<string, number>;
  used?: number;
  available?: number;
}

async function runWorker(specFile: string): Promise<void> {
  const spec = JSON.parse(readFileSync(specFile, "utf8")) as WorkerSpec;
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

  let next = 0;
  const requests = (): AutocannonRequest[] => {
    switch (spec.kind) {
      case "fixed":
        return [{ ...spec.request }];
      case "itinerary":
        return [
          {
            method: "GET",
            headers: spec.headers,
            setupRequest: (r) => ({ ...r, path: `/v1/itineraries/${spec.ids[next++ % spec.ids.length]}` }),
          },
        ];
      case "mixed":
        return [
          { ...spec.request },
          {
            method: "GET",
            headers: spec.headers,
            setupRequest: (r) => ({ ...r, path: `/v1/itineraries/${spec.ids[next++ % spec.ids.length]}` }),
          },
        ];
      case "hold":
        return [
          {
            method: "POST",
            setupRequest: (r) => {
              const d = spec.drafts[next++];
              // Never reached: both runs stop at maxOverallRequests. A repeated id would show as non-2xx.
              const draft = d ?? spec.drafts[spec.drafts.length - 1]!;
              return {
                ...r,
                path: `/v1/itineraries/${draft.id}/hold`,
                headers: { ...spec.headers, "if-match": `"${draft.version}"` },
              };
            },
          },
        ];
    }
  };

  const run = (durationS: number, maxOverallRequests?: number) =>
    autocannon({
      url: spec.url,
      connections: spec.connections,
      pipelining: 1,
      duration: durationS,
      timeout: 10,
      requests: requests(),
      ...(maxOverallRequests !== undefined ? { maxOverallRequests } : {}),
    });

  const holdBudget = spec.kind === "hold" ? spec.drafts.length : 0;
  if (spec.warmupS > 0) {
    // Warm-up: at most a fifth of the drafts, so the measured run has most of them.
    await run(spec.warmupS, spec.kind === "hold" ? Math.max(spec.connections, Math.floor(holdBudget / 5)) : undefined);
  }
  const usedByWarmup = next;
  // Tells the parent to read the server's CPU time now: the measured run starts.
  process.stdout.write("measure\n");
  const measured = await run(
    spec.durationS,
    spec.kind === "hold" ? Math.max(spec.connections, holdBudget - next - spec.connections) : undefined,
  );
  const statusCodes: Record<string, number> = {};
  for (const [code, s] of Object.entries(measured.statusCodeStats ?? {})) statusCodes[code] = s.count;
  const out: WorkerOutput = {
    rps: measured.requests.total / measured.duration,
    p50: measured.latency.p50,
    p99: measured.latency.p99,
    total: measured.requests.total,
    non2xx: measured.non2xx,
    errors: measured.errors,
    timeouts: measured.timeouts,
    durationS: measured.duration,
    statusCodes,
    ...(spec.kind === "hold" ? { used: next - usedByWarmup, available: holdBudget - usedByWarmup } : {}),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

// ---------------------------------------------------------------------------------------------
// The server under test
// ---------------------------------------------------------------------------------------------

/**
 * Waits until the in-process outbox dispatcher has sent every pending notification (sign-ups and
 * holds enqueue mail), so its rendering does not run inside the next measurement. Returns how
 * many were pending at first and how long the wait took.
 */
async function drainOutbox(
  file: string,
  timeoutMs = 45_000,
): Promise<{ pending: number; seconds: number; left: number }> {
  const db = new SQLite(file, { readonly: true });
  db.pragma("busy_timeout = 5000");
  const count = () =>
    (db.prepare("select count(*) as n from notifications where status = 'pending'").get() as { n: number }).n;
  const t0 = performance.now();
  const pending = count();
  let left = pending;
  while (left > 0 && performance.now() - t0 < timeoutMs) {
    await new Promise((r) => setTimeout(r, 250));
    left = count();
  }
  db.close();
  return { pending, seconds: (performance.now() - t0) / 1000, left };
}

// ---------------------------------------------------------------------------------------------
// A realistic data set
// ---------------------------------------------------------------------------------------------

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (iso: string, n: number) => isoDay(Date.parse(`${iso}T00:00:00Z`) + n * DAY);
const compact = (iso: string) => iso.replaceAll("-", "");

/** Departures in UTC minutes after midnight; every zone here is east of UTC by ≤ 8 h, so the local date is the UTC date. */
const SCHEDULE: {
  carrier: string;
  number: string;
  from: string;
  to: string;
  depMin: number;
  durMin: number;
  fare: number;
  currency: string;
  benchHold: boolean;
}[] = [
  {
    carrier: "Air Astana",
    number: "KC931",
    from: "ALA",
    to: "URC",
    depMin: 2 * 60,
    durMin: 125,
    fare: 9_800_000,
    currency: "KZT",
    benchHold: true,
  },
  {
    carrier: "China Southern Airlines",
    number: "CZ6910",
    from: "ALA",
    to: "URC",
    depMin: 5 * 60 + 40,
    durMin: 120,
    fare: 139_000,
    currency: "CNY",
    benchHold: true,
  },
  {
    carrier: "SCAT Airlines",
    number: "DV791",
    from: "ALA",
    to: "URC",
    depMin: 8 * 60 + 15,
    durMin: 130,
    fare: 8_200_000,
    currency: "KZT",
    benchHold: true,
  },
  {
    carrier: "Air Astana",
    number: "KC933",
    from: "ALA",
    to: "URC",
    depMin: 11 * 60 + 30,
    durMin: 125,
    fare: 9_800_000,
    currency: "KZT",
    benchHold: true,
  },
  {
    carrier: "Air Astana",
    number: "KC932",
    from: "URC",
    to: "ALA",
    depMin: 6 * 60 + 30,
    durMin: 135,
    fare: 9_800_000,
    currency: "KZT",
    benchHold: false,
  },
  {
    carrier: "China Southern Airlines",
    number: "CZ6911",
    from: "URC",
    to: "ALA",
    depMin: 9 * 60 + 10,
    durMin: 130,
    fare: 139_000,
    currency: "CNY",
    benchHold: false,
  },
  {
    carrier: "SCAT Airlines",
    number: "DV792",
    from: "URC",
    to: "ALA",
    depMin: 12 * 60,
    durMin: 140,
    fare: 8_200_000,
    currency: "KZT",
    benchHold: false,
  },
  {
    carrier: "Air Astana",
    number: "KC934",
    from: "URC",
    to: "ALA",
    depMin: 14 * 60 + 20,
    durMin: 135,
    fare: 9_800_000,
    currency: "KZT",
    benchHold: false,
  },
  {
    carrier: "Air Astana",
    number: "KC941",
    from: "NQZ",
    to: "URC",
    depMin: 3 * 60,
    durMin: 160,
    fare: 11_500_000,
    currency: "KZT",
    benchHold: false,
  },
  {
    carrier: "China Southern Airlines",
    number: "CZ6920",
    from: "NQZ",
    to: "URC",
    depMin: 7 * 60,
    durMin: 165,
    fare: 162_000,
    currency: "CNY",
    benchHold: false,
  },
  {
    carrier: "SCAT Airlines",
    number: "DV795",
    from: "NQZ",
    to: "URC",
    depMin: 10 * 60,
    durMin: 170,
    fare: 9_900_000,
    currency: "KZT",
    benchHold: false,
  },
  {
    carrier: "Air Astana",
    number: "KC942",
    from: "URC",
    to: "NQZ",
    depMin: 7 * 60 + 30,
    durMin: 170,
    fare: 11_500_000,
    currency: "KZT",
    benchHold: false,
  },
  {
    carrier: "China Southern Airlines",
    number: "CZ6921",
    from: "URC",
    to: "NQZ",
    depMin: 11 * 60,
    durMin: 175,
    fare: 162_000,
    currency: "CNY",
    benchHold: false,
  },
  {
    carrier: "SCAT Airlines",
    number: "DV796",
    from: "URC",
    to: "NQZ",
    depMin: 13 * 60,
    durMin: 180,
    fare: 9_900_000,
    currency: "KZT",
    benchHold: false,
  },
];

/** A small deterministic PRNG, so every run builds the same data set. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface DataSet {
  /** The seed's first day (the demo catalog starts "today"). */
  firstDay: string;
  flightsAdded: number;
  hotelsAdded: number;
  roomTypes: string[];
  /** ALA→URC flights with seats for the itineraries, by local date. */
  holdFlights: Map<string, { id: string; arrivesAt: string }[]>;
  /** Urumqi tour departures by local date. */
  tours: Map<string, string[]>;
  counts: Record<string, number>;
}

/**
 * Writes the catalog side straight into the server's SQLite file (WAL: the server keeps serving).
 * Capacities are raised so the hold workload never sells out: it measures holding, not refusals.
 */
function enrichCatalog(file: string): DataSet {
  const db = new SQLite(file);
  db.pragma("busy_timeout = 10000");
  const rnd = prng(6);
  const firstDay = (db.prepare("select min(origin_local_date) as d from flights").get() as { d: string }).d;

  const insFlight = db.prepare(
    `insert or ignore into flights (id, carrier, flight_number, origin, destination, departs_at, arrives_at, origin_local_date, cabin, seats_total, seats_left, fare_amount, fare_currency)
     values (?, ?, ?, ?, ?, ?, ?, ?, 'economy', ?, ?, ?, ?)`,
  );
  const insHotel = db.prepare(
    `insert or ignore into hotels (id, name, city, zone, address, stars, languages, check_in_time, check_out_time) values (?, ?, 'Urumqi', 'Asia/Urumqi', ?, ?, ?, '14:00', '12:00')`,
  );
  const insDistance = db.prepare(
    `insert or ignore into hotel_distances (hotel_id, hospital_id, distance_m) values (?, ?, ?)`,
  );
  const insRoom = db.prepare(
    `insert or ignore into room_types (id, hotel_id, name, max_guests, accessible, rooms_total, nightly_amount, nightly_currency) values (?, ?, ?, ?, ?, ?, ?, 'CNY')`,
  );

  let flightsAdded = 0;
  let hotelsAdded = 0;
  const roomTypes: string[] = [];
  const holdFlights = new Map<string, { id: string; arrivesAt: string }[]>();
  db.transaction(() => {
    for (let d = 0; d < 365; d++) {
      const day = addDays(firstDay, d);
      for (const f of SCHEDULE) {
        const dep = Date.parse(`${day}T00:00:00Z`) + f.depMin * 60_000;
        const arr = dep + f.durMin * 60_000;
        const id = `flt_${f.number.toLowerCase()}_${compact(day)}`;
        const seats = f.benchHold ? 2000 : 180;
        const r = insFlight.run(
          id,
          f.carrier,
          f.number,
          f.from,
          f.to,
          new Date(dep).toISOString(),
          new Date(arr).toISOString(),
          day,
          seats,
          seats,
          f.fare,
          f.currency,
        );
        flightsAdded += r.changes;
        if (f.benchHold) {
          const list = holdFlights.get(day) ?? [];
          list.push({ id, arrivesAt: new Date(arr).toISOString() });
          holdFlights.set(day, list);
        }
      }
    }
    const districts = ["Tianshan", "Shayibake", "Xinshi", "Shuimogou", "Toutunhe", "Midong"];
    const roads = [
      "Youhao",
      "Xinhua",
      "Jiefang",
      "Heping",
      "Beijing",
      "Changjiang",
      "Kunming",
      "Huanghe",
      "Guangming",
      "Tianchi",
    ];
    for (let h = 1; h <= 500; h++) {
      const id = `htl_urc_bench_${String(h).padStart(3, "0")}`;
      const stars = 2 + Math.floor(rnd() * 4);
      const road = roads[h % roads.length]!;
      const r = insHotel.run(
        id,
        `${road} ${["Garden", "Plaza", "Silk Road", "Tianshan", "Oasis"][h % 5]} Hotel ${h}`,
        `${100 + h} ${road} Road, ${districts[h % districts.length]} District, Urumqi, Xinjiang`,
        stars,
        JSON.stringify(h % 3 === 0 ? ["zh", "en"] : ["zh", "en", "ru"]),
      );
      hotelsAdded += r.changes;
      insDistance.run(id, HOSPITAL, 300 + Math.floor(rnd() * 14_700));
      const base = 18_000 + stars * 9_000 + Math.floor(rnd() * 40) * 500;
      const std = `rmt_urc_bench_${String(h).padStart(3, "0")}_std`;
      insRoom.run(std, id, "Standard double", 2, 0, 400, base);
      insRoom.run(
        `rmt_urc_bench_${String(h).padStart(3, "0")}_family`,
        id,
        "Family room",
        4,
        0,
        40,
        Math.round(base * 1.5),
      );
      if (h % 4 === 0)
        insRoom.run(`rmt_urc_bench_${String(h).padStart(3, "0")}_acc`, id, "Accessible double", 2, 1, 20, base);
      roomTypes.push(std);
    }
    // Room for every hold: tours, transfers (vehicles per hour), and existing counters.
    db.prepare("update tour_departures set capacity = max(capacity, 2000)").run();
    db.prepare(
      "update transfer_products set vehicles_per_hour = max(vehicles_per_hour, 2000) where hospital_id = ?",
    ).run(HOSPITAL);
    db.prepare("update transfer_hours set capacity = max(capacity, 2000)").run();
    db.prepare("update room_nights set capacity = max(capacity, 400)").run();
  })();

  const tours = new Map<string, string[]>();
  const rows = db
    .prepare(
      `select d.id, d.local_date from tour_departures d join tours t on t.id = d.tour_id where t.city = 'Urumqi' order by d.starts_at`,
    )
    .all() as { id: string; local_date: string }[];
  for (const r of rows) tours.set(r.local_date, [...(tours.get(r.local_date) ?? []), r.id]);

  const counts: Record<string, number> = {};
  for (const t of ["flights", "hotels", "room_types", "tour_departures"])
    counts[t] = (db.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n;
  db.close();
  return { firstDay, flightsAdded, hotelsAdded, roomTypes, holdFlights, tours, counts };
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers for the set-up
// ---------------------------------------------------------------------------------------------

async function call(
  base: string,
  method: string,
  p: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
      ...opts.headers,
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: () => JSON.parse(text) as any, text };
}

async function mustCall(
  base: string,
  method: string,
  p: string,
  expected: number,
  opts: Parameters<typeof call>[3] = {},
) {
  const r = await call(base, method, p, opts);
  if (r.status !== expected)
    throw new Error(`${method} ${p}: expected ${expected}, got ${r.status}: ${r.text.slice(0, 600)}`);
  return r.json();
}

/** Runs `fn` over 0…n-1 with `concurrency` in flight. */
async function pool<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(n);
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (i < n) {
        const k = i++;
        out[k] = await fn(k);
      }
    }),
  );
  return out;
}

/** The brief's six components: flight, arrival transfer, three stays in three hotels, a tour. */
function itineraryBody(ds: DataSet, patientId: string, i: number) {
  const rnd = prng(1000 + i);
  const days = [...ds.holdFlights.keys()].filter(
    (d) =>
      d >= addDays(ds.firstDay, 7) && d <= addDays(ds.firstDay, 100) && (ds.tours.get(addDays(d, 3))?.length ?? 0) > 0,
  );
  const day = days[i % days.length]!;
  const flights = ds.holdFlights.get(day)!;
  const flight = flights[Math.floor(rnd() * flights.length)]!;
  const pickup = new Date(
    Math.ceil((Date.parse(flight.arrivesAt) + 45 * 60_000) / 3_600_000) * 3_600_000 + 30 * 60_000,
  ).toISOString();
  const room = () => ds.roomTypes[Math.floor(rnd() * ds.roomTypes.length)]!;
  const tours = ds.tours.get(addDays(day, 3))!;
  return {
    patientId,
    hospitalId: HOSPITAL,
    travelers: [
      { fullName: `Bench Patient ${i}`, role: "patient" },
      { fullName: `Bench Companion ${i}`, role: "companion", languages: ["ru"] },
    ],
    components: [
      { type: "flight", flightId: flight.id },
      { type: "transfer", productId: "trp_urc_xjph_minivan", pickupAt: pickup, direction: "arrival" },
      { type: "lodging", roomTypeId: room(), checkIn: day, checkOut: addDays(day, 2) },
      { type: "lodging", roomTypeId: room(), checkIn: addDays(day, 2), checkOut: addDays(day, 6) },
      { type: "lodging", roomTypeId: room(), checkIn: addDays(day, 6), checkOut: addDays(day, 9) },
      { type: "tour", departureId: tours[Math.floor(rnd() * tours.length)]! },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// In-process: the pure pricing module
// ---------------------------------------------------------------------------------------------

function benchPricing(file: string, serviceDate: string): { opsPerS: number; opsPerCpuS: number; lines: number } {
  const db = new SQLite(file, { readonly: true });
  const versions: TariffVersion[] = (
    db
      .prepare(
        "select id, version, effective_from, currency from tariff_versions where hospital_id = ? order by version",
      )
      .all(HOSPITAL) as { id: string; version: number; effective_from: string; currency: string }[]
  ).map((v) => ({
    id: v.id,
    version: v.version,
    effectiveFrom: v.effective_from,
    currency: v.currency,
    items: (
      db
        .prepare(
          "select code, name, department_code, service_class, kind, unit, unit_price from tariff_items where tariff_version_id = ? order by code",
        )
        .all(v.id) as {
        code: string;
        name: string;
        department_code: string;
        service_class: string;
        kind: string;
        unit: string;
        unit_price: number;
      }[]
    ).map((r) => ({
      code: r.code,
      name: JSON.parse(r.name) as Record<string, string>,
      department: r.department_code,
      serviceClass: r.service_class,
      kind: r.kind,
      unit: r.unit,
      unitPrice: r.unit_price,
    })),
  }));
  const rates: FxRate[] = (
    db.prepare("select base, quote, rate, source, as_of from fx_rates").all() as {
      base: string;
      quote: string;
      rate: string;
      source: string;
      as_of: string;
    }[]
  ).map((r) => ({ base: r.base, quote: r.quote, rate: r.rate, source: r.source, asOf: r.as_of }));
  const agency = db
    .prepare("select fee_percent_bp, fee_flat_amount, fee_currency from agencies where id = 'agy_silkroad'")
    .get() as { fee_percent_bp: number; fee_flat_amount: number; fee_currency: string };
  db.close();

  // 12 medical lines (standard-class codes priced in exactly one department) + 8 travel lines = 20.
  const v1 = versions[0]!;
  const counts = new Map<string, number>();
  for (const it of v1.items) if (it.serviceClass === "standard") counts.set(it.code, (counts.get(it.code) ?? 0) + 1);
  const codes = [...counts].filter(([, n]) => n === 1).map(([c]) => c);
  if (codes.length === 0) throw new Error("pricing benchmark: no standard-class codes in the tariff");
  // Codes repeat on later service dates (bed-days, daily medication), as a real stay does.
  const medical: MedicalLineRequest[] = Array.from({ length: 12 }, (_, k) => ({
    code: codes[k % codes.length]!,
    quantity: 1 + (k % 3),
    serviceDate: addDays(serviceDate, k),
  }));
  const m = (amount: number, currency: string) => ({ amount, currency });
  const travel: TravelLine[] = [
    {
      kind: "flight",
      ref: "flt_kc931",
      description: "ALA→URC",
      quantity: 2,
      unitPrice: m(9_800_000, "KZT"),
      total: m(19_600_000, "KZT"),
    },
    {
      kind: "flight",
      ref: "flt_kc932",
      description: "URC→ALA",
      quantity: 2,
      unitPrice: m(9_800_000, "KZT"),
      total: m(19_600_000, "KZT"),
    },
    {
      kind: "transfer",
      ref: "trp_urc_xjph_minivan",
      description: "arrival",
      quantity: 1,
      unitPrice: m(24_000, "CNY"),
      total: m(24_000, "CNY"),
    },
    {
      kind: "transfer",
      ref: "trp_urc_xjph_minivan",
      description: "departure",
      quantity: 1,
      unitPrice: m(24_000, "CNY"),
      total: m(24_000, "CNY"),
    },
    {
      kind: "lodging",
      ref: "rmt_urc_yindu_std",
      description: "2 nights",
      quantity: 2,
      unitPrice: m(38_000, "CNY"),
      total: m(76_000, "CNY"),
    },
    {
      kind: "lodging",
      ref: "rmt_urc_yindu_std",
      description: "10 nights",
      quantity: 10,
      unitPrice: m(38_000, "CNY"),
      total: m(380_000, "CNY"),
    },
    {
      kind: "lodging",
      ref: "rmt_urc_hoitak_std",
      description: "7 nights",
      quantity: 7,
      unitPrice: m(58_000, "CNY"),
      total: m(406_000, "CNY"),
    },
    {
      kind: "tour",
      ref: "tur_urc_bazaar_ru",
      description: "2 participants",
      quantity: 2,
      unitPrice: m(12_000, "CNY"),
      total: m(24_000, "CNY"),
    },
  ];
  const feePolicy: FeePolicy = {
    percentBp: agency.fee_percent_bp,
    flat: m(agency.fee_flat_amount, agency.fee_currency),
  };
  const once = () => {
    const priced = priceMedicalLines(medical, versions);
    if (priced.violations.length > 0)
      throw new Error(`pricing benchmark: ${priced.violations.map((v) => v.message).join("; ")}`);
    return priceItinerary({
      medical: priced.lines,
      travel,
      feePolicy,
      hospitalCurrency: "CNY",
      patientCurrency: "KZT",
      rates,
      onDate: serviceDate,
    });
  };
  const check = once();
  if (
    medical.length + travel.length !== 20 ||
    check.medical.length !== 12 ||
    check.patientCurrency.grandTotal.amount <= 0
  )
    throw new Error(`pricing benchmark: bad fixture (${check.medical.length} medical lines priced)`);
  let sink = 0;
  const spin = (ms: number) => {
    const end = performance.now() + ms;
    let n = 0;
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    while (performance.now() < end) {
      for (let k = 0; k < 200; k++) sink += once().hospitalCurrency.grandTotal.amount & 1;
      n += 200;
    }
    const cpu = process.cpuUsage(cpu0);
    return { opsPerS: n / ((performance.now() - start) / 1000), opsPerCpuS: n / ((cpu.user + cpu.system) / 1e6) };
  };
  spin(300);
  const r = spin(2000);
  if (sink < 0) log(String(sink));
  return { ...r, lines: medical.length + travel.length };
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

type LoadResult = WorkerOutput & { cpuUsPerReq: number; cpuBusy: number; sqlUsPerReq: number };

/** The server's time inside SQLite so far (GET /__bench/sql, served in benchmark mode only). */
async function sqlMicros(base: string): Promise<number> {
  const r = (await (await fetch(`${base}/__bench/sql`)).json()) as { micros: number } | null;
  return r?.micros ?? NaN;
}

/** Runs one workload in a separate load-generator process; measures the server's CPU time (and its time inside SQLite) over the measured run. */
async function load(spec: WorkerSpec, tmp: string, name: string, serverPid: number): Promise<LoadResult> {
  const file = path.join(tmp, `spec-${name}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const child = spawn(process.execPath, ["--import", "tsx", HERE], {
    cwd: ROOT,
    env: { ...process.env, BENCH_WORKER: file },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  let cpu0 = NaN;
  let t0 = NaN;
  let sql0: Promise<number> = Promise.resolve(NaN);
  child.stdout!.on("data", (d) => {
    out += d;
    if (Number.isNaN(cpu0) && out.includes("measure\n")) {
      cpu0 = cpuSeconds(serverPid);
      t0 = performance.now();
      sql0 = sqlMicros(spec.url);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const cpu = cpuSeconds(serverPid) - cpu0;
  const wall = (performance.now() - t0) / 1000;
  const sql = (await sqlMicros(spec.url)) - (await sql0);
  const line = out.trim().split("\n").pop() ?? "";
  if (code !== 0 || !line.startsWith("{")) throw new Error(`load generator for ${name} failed (exit ${code}): ${out}`);
  const r = JSON.parse(line) as WorkerOutput;
  return { ...r, cpuUsPerReq: (cpu * 1e6) / r.total, cpuBusy: cpu / wall, sqlUsPerReq: sql / r.total };
}

interface Row {
  workload: string;
  result?: WorkerOutput;
  ratio?: number;
  goal: string;
  pass?: boolean;
  note?: string;
}

async function main() {
  const started = performance.now();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "caravan-bench-http-"));
  const dataDir = path.join(tmp, "data");
  const profileDir =
    process.env.BENCH_CPU_PROF === "1" ? path.resolve(process.env.BENCH_CPU_PROF_DIR ?? "bench-profiles") : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  let server: BenchServer | undefined;
  const cleanup = async () => {
    await server?.stop();
    if (process.env.BENCH_KEEP !== "1") rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  };
  const onSignal = () => void cleanup().then(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    const cpus = os.cpus();
    log(
      `node ${process.version} · ${cpus[0]?.model ?? "unknown CPU"} · ${cpus.length} cores · load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    server = await startBenchServer({
      dataDir,
      env: { BENCH_HELLO: "1" },
      nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
    });
    const base = server.url;
    const dbFile = path.join(dataDir, "caravan.sqlite");
    log(`server pid ${server.pid} on ${base} (${((performance.now() - started) / 1000).toFixed(1)} s)`);

    // --- data set -------------------------------------------------------------------------------
    let t0 = performance.now();
    const ds = enrichCatalog(dbFile);
    log(
      `catalog: +${fmt(ds.flightsAdded)} flights, +${ds.hotelsAdded} hotels (${Object.entries(ds.counts)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(", ")}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    t0 = performance.now();
    const patientIds = await pool(40, 8, async (k) => {
      const r = await mustCall(base, "POST", "/v1/patients", 201, {
        token: TOKENS.agent,
        body: {
          fullName: `Bench Patient ${k}`,
          email: `bench${k}@patients.example`,
          nationality: "KZ",
          homeCity: "Almaty",
          language: "ru",
          languages: ["kk"],
          currency: "KZT",
          passportNumber: `N${String(10_000_000 + k)}`,
        },
      });
      return r.patient.id as string;
    });
    patientIds.push("pat_demo_alexander");

    const holdDraftsWanted = Number(process.env.BENCH_HOLD_DRAFTS ?? 0);
    const create = (i: number) =>
      mustCall(base, "POST", "/v1/itineraries", 201, {
        token: TOKENS.agent,
        body: itineraryBody(ds, patientIds[i % patientIds.length]!, i),
      }).then((r) => {
        if (r.components.length !== 6) throw new Error(`itinerary ${r.id} has ${r.components.length} components`);
        if (r.issues.some((x: { severity: string }) => x.severity === "error"))
          throw new Error(`itinerary ${r.id} has timeline errors: ${JSON.stringify(r.issues)}`);
        return { id: r.id as string, version: r.version as number };
      });
    const itineraries = await pool(ITINERARIES, 8, create);
    const createSeconds = (performance.now() - t0) / 1000;
    const createRate = ITINERARIES / createSeconds;
    log(
      `${fmt(ITINERARIES)} six-component itineraries (+${patientIds.length - 1} patients) created over HTTP in ${createSeconds.toFixed(1)} s (${fmt(createRate)}/s)`,
    );

    // Held itineraries too, so GET reads a realistic mix (a fifth of them are held).
    t0 = performance.now();
    await pool(Math.floor(ITINERARIES / 5), 8, async (k) => {
      const it = itineraries[k * 5]!;
      await mustCall(base, "POST", `/v1/itineraries/${it.id}/hold`, 200, {
        token: TOKENS.agent,
        headers: { "if-match": `"${it.version}"` },
      });
    });
    const holdRate = Math.floor(ITINERARIES / 5) / ((performance.now() - t0) / 1000);
    log(`${fmt(Math.floor(ITINERARIES / 5))} of them held (${fmt(holdRate)}/s sequentially at 8 in flight)`);

    // Drafts for the hold workload: enough for warm-up + run at 2.5× the rate just seen (the load
    // generator keeps 10 in flight, the set-up 8, and the rate varies with the machine), capped.
    const drafts =
      holdDraftsWanted || Math.min(12_000, Math.max(400, Math.ceil(holdRate * 2.5 * (WARMUP_S + DURATION_S))));
    t0 = performance.now();
    const holdDrafts = await pool(drafts, 8, (k) => create(ITINERARIES + k));
    log(
      `${fmt(drafts)} drafts for the hold workload in ${((performance.now() - t0) / 1000).toFixed(1)} s; server RSS ${rssMb(server.pid).toFixed(0)} MB`,
    );

    // --- fixtures of the workloads ---------------------------------------------------------------
    const flightDate = addDays(ds.firstDay, 11);
    const flightPath = `/v1/flights?origin=ALA&destination=URC&date=${flightDate}&passengers=2`;
    const fl = await mustCall(base, "GET", flightPath, 200);
    const serviceDate = addDays(ds.firstDay, 11);
    const treatments = await mustCall(
      base,
      "GET",
      `/v1/hospitals/${HOSPITAL}/treatments?date=${serviceDate}&limit=100`,
      200,
    );
    const std = (treatments.data as { code: string; department: string; serviceClass: string }[]).filter(
      (t) => t.serviceClass === "standard",
    );
    const once = std.filter((t) => std.filter((u) => u.code === t.code).length === 1);
    const items = once.slice(0, 5).map((t, k) => ({ code: t.code, quantity: 1 + (k % 3) }));
    const quoteBody = JSON.stringify({ patientId: "pat_demo_alexander", hospitalId: HOSPITAL, serviceDate, items });
    const q = await mustCall(base, "POST", "/v1/quotes", 201, { token: TOKENS.agent, body: JSON.parse(quoteBody) });
    const sample = await mustCall(base, "GET", `/v1/itineraries/${itineraries[1]!.id}`, 200, { token: TOKENS.agent });
    log(
      `flight search ${flightDate}: ${fl.data.length} flights; quote of ${q.lines.length} lines (${items.map((i) => i.code).join(", ")}); GET itinerary ${sample.components.length} components, ${fmt(JSON.stringify(sample).length)} bytes`,
    );

    const conn = 10;
    const common = { url: base, connections: conn, warmupS: WARMUP_S, durationS: DURATION_S };
    const agentJson = { authorization: `Bearer ${TOKENS.agent}`, "content-type": "application/json" };
    const agent = { authorization: `Bearer ${TOKENS.agent}` };
    const readIds = itineraries.map((i) => i.id);

    const want = (name: string) => !ONLY || ONLY.has(name);
    const results: Record<string, LoadResult> = {};
    const drain = async (when: string) => {
      const d = await drainOutbox(dbFile);
      if (d.pending > 0)
        log(
          `outbox ${when}: ${fmt(d.pending)} notifications sent by the in-process dispatcher in ${d.seconds.toFixed(1)} s${d.left > 0 ? ` (${d.left} still pending)` : ""}`,
        );
    };
    const step = async (name: string, spec: WorkerSpec) => {
      if (!want(name.replace(/2$/, ""))) return;
      await drain(`before ${name}`);
      const r = await load(spec, tmp, name, server!.pid);
      results[name] = r;
      const extra = r.used !== undefined ? `, drafts used ${fmt(r.used)} of ${fmt(r.available ?? 0)}` : "";
      log(
        `  ${name.padEnd(10)} RSS ${rssMb(server!.pid).toFixed(0)} MB ${fmt(r.rps).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors + r.timeouts}  server CPU ${fmt(r.cpuUsPerReq)} µs/req (in SQLite ${fmt(r.sqlUsPerReq)}), ${(r.cpuBusy * 100).toFixed(0)}% busy  (${fmt(r.total)} in ${r.durationS.toFixed(1)} s${extra})`,
      );
    };

    log(
      `workloads: ${conn} connections, pipelining 1, ${WARMUP_S} s warm-up + ${DURATION_S} s each, autocannon in a separate process`,
    );
    await step("hello", { ...common, kind: "fixed", request: { method: "GET", path: "/__bench/hello" } });
    await step("flights", { ...common, kind: "fixed", request: { method: "GET", path: flightPath } });
    await step("itinerary", { ...common, kind: "itinerary", ids: readIds, headers: agent });
    await step("quote", {
      ...common,
      kind: "fixed",
      request: { method: "POST", path: "/v1/quotes", headers: agentJson, body: quoteBody },
    });
    await step("hold", { ...common, kind: "hold", drafts: holdDrafts, headers: agent });
    await step("reads50", {
      ...common,
      connections: 50,
      kind: "mixed",
      request: { method: "GET", path: flightPath },
      ids: readIds,
      headers: agent,
    });
    await step("hello2", { ...common, kind: "fixed", request: { method: "GET", path: "/__bench/hello" } });

    const rss = rssMb(server.pid);
    log("pricing: 20-line itinerary in the pure module…");
    const pricing = benchPricing(dbFile, serviceDate);

    // --- the table ----------------------------------------------------------------------------
    const hellos = [results.hello, results.hello2].filter((r): r is LoadResult => r !== undefined);
    const baseline = hellos.length ? hellos.reduce((sum, r) => sum + r.rps, 0) / hellos.length : NaN;
    const helloCpu = hellos.length ? hellos.reduce((sum, r) => sum + r.cpuUsPerReq, 0) / hellos.length : NaN;
    const clean = (r: WorkerOutput) => r.non2xx === 0 && r.errors === 0 && r.timeouts === 0;
    const rows: Row[] = [];
    const row = (key: string, label: string, goal: string, pass: (r: LoadResult, ratio: number) => boolean) => {
      const r = results[key];
      if (!r) return;
      const ratio = r.rps / baseline;
      rows.push({ workload: label, result: r, ratio, goal, pass: pass(r, ratio) && clean(r) });
    };
    row("hello", "hello (GET /__bench/hello), first", "baseline", () => true);
    row("hello2", "hello, last", "baseline", () => true);
    row("flights", "flight search ALA→URC, 2 pax", "≥ 0.45× hello", (_, x) => x >= 0.45);
    row("itinerary", "GET itinerary, 6 components", "≥ 0.30× hello", (_, x) => x >= 0.3);
    row("quote", "POST quote, 5 lines", "≥ 0.15× hello", (_, x) => x >= 0.15);
    row("hold", "POST hold, 6 components", "≥ 0.10× hello", (_, x) => x >= 0.1);
    row("reads50", "reads, 50 conns (search + GET itinerary)", "p99 ≤ 25 ms", (r) => r.p99 <= 25);
    rows.push({
      workload: `pricing, ${pricing.lines}-line itinerary (in-process)`,
      goal: "≥ 100,000 ops/s",
      pass: pricing.opsPerS >= 100_000,
      note: `${fmt(pricing.opsPerS)} ops/s (${fmt(pricing.opsPerCpuS)} per CPU-s)`,
    });
    rows.push({ workload: "server RSS after load", goal: "≤ 200 MB", pass: rss <= 200, note: `${rss.toFixed(0)} MB` });

    const header = [
      "workload",
      "req/s",
      "p50 ms",
      "p99 ms",
      "ratio to hello",
      "non-2xx",
      "server CPU µs/req",
      "of which in SQLite",
      "CPU-cost ratio",
      "goal",
      "result",
    ];
    const body = rows.map((r) => {
      const x = r.result as LoadResult | undefined;
      return [
        r.workload,
        x ? fmt(x.rps) : (r.note ?? ""),
        x ? String(x.p50) : "",
        x ? String(x.p99) : "",
        r.ratio !== undefined ? r.ratio.toFixed(3) : "",
        x ? String(x.non2xx + x.errors + x.timeouts) : "",
        x ? fmt(x.cpuUsPerReq) : "",
        x ? fmt(x.sqlUsPerReq) : "",
        x ? (helloCpu / x.cpuUsPerReq).toFixed(3) : "",
        r.goal,
        r.pass === undefined ? "" : r.pass ? "PASS" : "MISS",
      ];
    });
    const table = [
      `| ${header.join(" | ")} |`,
      `| ${header.map((_, i) => (i === 0 || i >= 9 ? "---" : "---:")).join(" | ")} |`,
      ...body.map((cells) => `| ${cells.join(" | ")} |`),
    ].join("\n");
    const cpus2 = os.cpus();
    console.log("");
    console.log(
      `Caravan HTTP benchmark — node ${process.version}, ${cpus2[0]?.model ?? "unknown CPU"}, ${cpus2.length} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    console.log(
      `Embedded SQLite, ${fmt(ds.counts.flights ?? 0)} flights, ${fmt(ds.counts.hotels ?? 0)} hotels, ${fmt(ITINERARIES + drafts)} itineraries; ${conn} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s per workload; hello baseline = mean of first and last = ${fmt(baseline)} req/s`,
    );
    console.log(
      "ratio to hello = req/s ÷ baseline (the goal); CPU-cost ratio = hello's server CPU per request ÷ this one's (what the ratio would be with the server alone on a core); in SQLite = wall time inside better-sqlite3 calls (preparing, running, building rows) per request.",
    );
    console.log("");
    console.log(table);
    console.log("");
    const misses = rows.filter((r) => r.pass === false).length;
    console.log(misses === 0 ? "Every goal met." : `${misses} goal(s) missed.`);
    log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await cleanup();
  }
}

if (process.env.BENCH_WORKER) {
  await runWorker(process.env.BENCH_WORKER);
} else {
  await main();
}
