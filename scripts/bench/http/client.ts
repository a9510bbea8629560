/** The HTTP benchmark's set-up requests: a small fetch client, a pool, and the itineraries it creates. */
import { addDays } from "../common";
import { type DataSet, HOSPITAL, prng } from "./catalog";

export const TOKENS = {
  patient: "cvn_demo_patient_alexander",
  agent: "cvn_demo_agent_silkroad",
  admin: "cvn_demo_admin",
};

type CallOptions = { token?: string; body?: unknown; headers?: Record<string, string> };

async function call(base: string, method: string, p: string, opts: CallOptions = {}) {
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

/** The response's JSON; throws unless the status is `expected`. */
export async function mustCall(base: string, method: string, p: string, expected: number, opts: CallOptions = {}) {
  const r = await call(base, method, p, opts);
  if (r.status !== expected)
    throw new Error(`${method} ${p}: expected ${expected}, got ${r.status}: ${r.text.slice(0, 600)}`);
  return r.json();
}

/** Runs `fn` over 0…n-1 with `concurrency` in flight. */
export async function pool<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
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
export function itineraryBody(ds: DataSet, patientId: string, i: number) {
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
