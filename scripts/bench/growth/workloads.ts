/**
 * The growth benchmark at one size: a fresh SQLite file migrated and seeded as the Node entry does,
 * the app the entry builds (requests in-process, `app.request`), the generated rows, and the
 * workloads: the same requests at every size.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { seedDemo } from "../../../db/seed/demo";
import { createApp } from "../../../src/app";
import { openSqlite } from "../../../src/data/connect-node";
import { migrateToLatest } from "../../../src/data/migrate";
import { sqliteLineSource } from "../../../src/data/parity-lines-sqlite";
import { buildNodeDeps } from "../../../src/entry/node-deps";
import { parseEnv } from "../../../src/env";
import { UNREACHED_RATE_LIMITS, fmt, log } from "../common";
import { HOSPITAL, MONTH, generate } from "./generate";

export const REQUESTS = Number(process.env.BENCH_GROWTH_REQUESTS ?? 200);
export const ROUNDS = Number(process.env.BENCH_GROWTH_ROUNDS ?? 3);
const AGENT = "cvn_demo_agent_silkroad";
const BILLING = "cvn_demo_billing_xjph";

type App = ReturnType<typeof createApp>;

export interface Workload {
  name: string;
  /** Requests per round, relative to REQUESTS. */
  share: number;
  run(i: number): Promise<void>;
}

export interface Setup {
  size: number;
  workloads: Workload[];
  close(): Promise<void>;
}

export const requestsOf = (w: Pick<Workload, "share">) => Math.max(5, Math.round(REQUESTS * w.share));

type CallOptions = { token?: string; body?: unknown; headers?: Record<string, string> };

async function call(app: App, method: string, p: string, opts: CallOptions = {}) {
  const res = await app.request(p, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
      ...opts.headers,
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, text };
}

async function must(app: App, method: string, p: string, expected: number, opts: CallOptions = {}) {
  const r = await call(app, method, p, opts);
  if (r.status !== expected)
    throw new Error(`${method} ${p}: expected ${expected}, got ${r.status}: ${r.text.slice(0, 600)}`);
  return JSON.parse(r.text) as any;
}

type Flight = { id: string; origin: string; destination: string; day: string };
type Draft = { id: string; version: number };

/** A flight on the searched route with seats for every hold. */
function searchedFlight(file: string): Flight {
  const raw = new SQLite(file);
  const flight = raw
    .prepare(
      `select id, origin, destination, origin_local_date as day from flights
        where origin = 'ALA' and destination = 'URC' and origin_local_date >= date('now', '+10 days')
        order by departs_at limit 1`,
    )
    .get() as Flight;
  raw.prepare("update flights set seats_total = 1000000, seats_left = 1000000 where id = ?").run(flight.id);
  raw.close();
  return flight;
}

/** A patient of the demo agency; returns a maker of one-flight drafts for them. */
async function draftMaker(app: App, size: number, flight: Flight): Promise<() => Promise<Draft>> {
  const signUp = await must(app, "POST", "/v1/patients", 201, {
    token: AGENT,
    body: {
      fullName: "Growth Bench",
      email: `growth-${size}@example.kz`,
      nationality: "KZ",
      homeCity: "Almaty",
      language: "ru",
      languages: ["kk"],
      currency: "KZT",
      passportNumber: "N12345678",
    },
  });
  const body = {
    patientId: signUp.patient.id as string,
    hospitalId: HOSPITAL,
    travelers: [{ fullName: "Growth Bench", role: "patient" }],
    components: [{ type: "flight", flightId: flight.id }],
  };
  return async () => {
    const it = await must(app, "POST", "/v1/itineraries", 201, { token: AGENT, body });
    return { id: it.id as string, version: it.version as number };
  };
}

/** The requests measured at every size; `drafts[0]` is the viewed itinerary, the rest are held. */
function workloadsOf(app: App, size: number, flight: Flight, drafts: Draft[]): Workload[] {
  const get = (p: string | ((i: number) => string), token: string) => async (i: number) => {
    const url = typeof p === "string" ? p : p(i);
    const r = await call(app, "GET", url, { token });
    if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${r.text.slice(0, 300)}`);
  };
  // Generated itineraries the agent may see (i % 4 = 0), spread over the whole table.
  const spread = (i: number) => `itn_0g${String(4 * (1 + ((i * 7919) % Math.floor(size / 4)))).padStart(9, "0")}`;
  const route = `origin=${flight.origin}&destination=${flight.destination}`;
  const search = `/v1/flights?${route}&date=${flight.day}&passengers=1`;
  const report = `/v1/hospitals/${HOSPITAL}/parity-report?from=${MONTH.from}&to=${MONTH.to}&format=csv`;
  let held = 1;
  const hold = async () => {
    const d = drafts[held++]!;
    const r = await call(app, "POST", `/v1/itineraries/${d.id}/hold`, {
      token: AGENT,
      headers: { "if-match": `"${d.version}"` },
    });
    if (r.status !== 200) throw new Error(`hold ${d.id}: ${r.status} ${r.text.slice(0, 300)}`);
  };
  return [
    { name: "list itineraries (agent)", share: 1, run: get("/v1/itineraries?limit=20", AGENT) },
    { name: "list itineraries (hospital billing)", share: 1, run: get("/v1/itineraries?limit=20", BILLING) },
    {
      name: "list itineraries (agent, status=draft)",
      share: 1,
      run: get("/v1/itineraries?limit=20&status=draft", AGENT),
    },
    { name: "list consultations (agent)", share: 1, run: get("/v1/consultations?limit=20", AGENT) },
    { name: "list quotes (hospital billing)", share: 1, run: get("/v1/quotes?limit=20", BILLING) },
    { name: "GET itinerary (one, with a flight)", share: 1, run: get(`/v1/itineraries/${drafts[0]!.id}`, AGENT) },
    { name: "GET itinerary (any of the table's)", share: 1, run: get((i) => `/v1/itineraries/${spread(i)}`, AGENT) },
    { name: "flight search", share: 1, run: get(search, AGENT) },
    { name: "one-month parity report (CSV)", share: 0.25, run: get(report, BILLING) },
    { name: "hold", share: 0.25, run: hold },
  ];
}

export async function setUp(size: number): Promise<Setup> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "caravan-growth-"));
  const remove = () => {
    if (process.env.BENCH_KEEP === "1") log(`growth: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
  try {
    const env = parseEnv({ DATA_DIR: dir, LOG_LEVEL: "warn", ...UNREACHED_RATE_LIMITS });
    const file = path.join(dir, "caravan.sqlite");
    const handle = openSqlite(file);
    const { deps } = await buildNodeDeps(env, { handle });
    await migrateToLatest(handle.db);
    await seedDemo(handle.db, { now: deps.clock.now(), encrypt: deps.cipher.encrypt });
    // The report's lines read on the calling thread: a thread's start (about as dear as a month's
    // report, and more so under tsx) is the same at every size and would hide how the read grows.
    const app = createApp({ ...deps, reportLines: sqliteLineSource(file) });
    const flight = searchedFlight(file);
    const create = await draftMaker(app, size, flight);
    const template = await create();

    log(`growth ${fmt(size)}: generating rows …`);
    for (const line of generate(file, size, { itineraryId: template.id, flightId: flight.id })) log(`  ${line}`);
    // Drafts for the holds, made after the generated rows (so they are each list's newest).
    const holdCount = requestsOf({ share: 0.25 }) * (ROUNDS + 1) + 1;
    const drafts: Draft[] = [];
    for (let i = 0; i < holdCount; i++) drafts.push(await create());
    const close = async () => {
      await handle.close();
      remove();
    };
    return { size, workloads: workloadsOf(app, size, flight, drafts), close };
  } catch (e) {
    remove();
    throw e;
  }
}
