/**
 * The HTTP benchmark's data set: the catalog (catalog.ts), then over HTTP as the demo agent 40
 * patients and the six-component itineraries, a fifth of them held, and the drafts the hold
 * workload takes; finally the requests each workload sends.
 */
import { addDays, fmt, log } from "../common";
import { rssMb } from "../server";
import { type DataSet, HOSPITAL, enrichCatalog } from "./catalog";
import { TOKENS, itineraryBody, mustCall, pool } from "./client";

type Draft = { id: string; version: number };

export interface Setup {
  ds: DataSet;
  /** Every itinerary the reads rotate over (a fifth of them held). */
  itineraries: Draft[];
  /** Drafts for the hold workload. */
  holdDrafts: Draft[];
  flightPath: string;
  serviceDate: string;
  /** POST /v1/quotes's body: 5 lines for pat_demo_alexander at hsp_xjph. */
  quoteBody: string;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

async function createPatients(base: string): Promise<string[]> {
  const ids = await pool(40, 8, async (k) => {
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
  return [...ids, "pat_demo_alexander"];
}

/** Creates itinerary number `i` (six components, no timeline errors). */
function creator(base: string, ds: DataSet, patientIds: string[]) {
  return (i: number): Promise<Draft> =>
    mustCall(base, "POST", "/v1/itineraries", 201, {
      token: TOKENS.agent,
      body: itineraryBody(ds, patientIds[i % patientIds.length]!, i),
    }).then((r) => {
      if (r.components.length !== 6) throw new Error(`itinerary ${r.id} has ${r.components.length} components`);
      if (r.issues.some((x: { severity: string }) => x.severity === "error"))
        throw new Error(`itinerary ${r.id} has timeline errors: ${JSON.stringify(r.issues)}`);
      return { id: r.id as string, version: r.version as number };
    });
}

/** Holds every fifth itinerary, so GET reads a realistic mix; returns the hold rate seen. */
async function holdAFifth(base: string, itineraries: Draft[]): Promise<number> {
  const t0 = performance.now();
  const n = Math.floor(itineraries.length / 5);
  await pool(n, 8, async (k) => {
    const it = itineraries[k * 5]!;
    await mustCall(base, "POST", `/v1/itineraries/${it.id}/hold`, 200, {
      token: TOKENS.agent,
      headers: { "if-match": `"${it.version}"` },
    });
  });
  const rate = n / seconds(t0);
  log(`${fmt(n)} of them held (${fmt(rate)}/s sequentially at 8 in flight)`);
  return rate;
}

/** The flight search, the quote's body, and a sample GET itinerary, checked once. */
async function workloadRequests(base: string, ds: DataSet, sampleId: string) {
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
  const sample = await mustCall(base, "GET", `/v1/itineraries/${sampleId}`, 200, { token: TOKENS.agent });
  log(
    `flight search ${flightDate}: ${fl.data.length} flights; ` +
      `quote of ${q.lines.length} lines (${items.map((i) => i.code).join(", ")}); ` +
      `GET itinerary ${sample.components.length} components, ${fmt(JSON.stringify(sample).length)} bytes`,
  );
  return { flightPath, serviceDate, quoteBody };
}

export async function setUp(
  base: string,
  dbFile: string,
  serverPid: number,
  opts: { itineraries: number; holdDrafts: number; warmupS: number; durationS: number },
): Promise<Setup> {
  let t0 = performance.now();
  const ds = enrichCatalog(dbFile);
  const counts = Object.entries(ds.counts)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(", ");
  log(
    `catalog: +${fmt(ds.flightsAdded)} flights, +${ds.hotelsAdded} hotels (${counts}) in ${seconds(t0).toFixed(1)} s`,
  );

  t0 = performance.now();
  const patientIds = await createPatients(base);
  const create = creator(base, ds, patientIds);
  const itineraries = await pool(opts.itineraries, 8, create);
  const createSeconds = seconds(t0);
  log(
    `${fmt(opts.itineraries)} six-component itineraries (+${patientIds.length - 1} patients) created over HTTP ` +
      `in ${createSeconds.toFixed(1)} s (${fmt(opts.itineraries / createSeconds)}/s)`,
  );
  const holdRate = await holdAFifth(base, itineraries);

  // Drafts for the hold workload: enough for warm-up + run at 2.5× the rate just seen (the load
  // generator keeps 10 in flight, the set-up 8, and the rate varies with the machine), capped.
  const drafts =
    opts.holdDrafts || Math.min(12_000, Math.max(400, Math.ceil(holdRate * 2.5 * (opts.warmupS + opts.durationS))));
  t0 = performance.now();
  const holdDrafts = await pool(drafts, 8, (k) => create(opts.itineraries + k));
  log(
    `${fmt(drafts)} drafts for the hold workload in ${seconds(t0).toFixed(1)} s; ` +
      `server RSS ${rssMb(serverPid).toFixed(0)} MB`,
  );
  const requests = await workloadRequests(base, ds, itineraries[1]!.id);
  return { ds, itineraries, holdDrafts, ...requests };
}
