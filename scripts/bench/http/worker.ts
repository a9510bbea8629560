/**
 * The load generator of scripts/bench-http.ts: a process of its own running autocannon on one
 * workload, described by the JSON spec file named in BENCH_WORKER. It prints "measure" when the
 * measured run starts (after the warm-up), then one line of JSON, its `WorkerOutput`.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

interface Req {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export type WorkerSpec = {
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

/** autocannon's request list for the spec; `counter.next` is the next id or draft to use. */
function requestsOf(spec: WorkerSpec, counter: { next: number }): AutocannonRequest[] {
  const nextItinerary = (r: AutocannonRequest, ids: string[]) => ({
    ...r,
    path: `/v1/itineraries/${ids[counter.next++ % ids.length]}`,
  });
  switch (spec.kind) {
    case "fixed":
      return [{ ...spec.request }];
    case "itinerary":
      return [{ method: "GET", headers: spec.headers, setupRequest: (r) => nextItinerary(r, spec.ids) }];
    case "mixed":
      return [
        { ...spec.request },
        { method: "GET", headers: spec.headers, setupRequest: (r) => nextItinerary(r, spec.ids) },
      ];
    case "hold":
      return [
        {
          method: "POST",
          setupRequest: (r) => {
            const d = spec.drafts[counter.next++];
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
}

export async function runWorker(specFile: string): Promise<void> {
  const spec = JSON.parse(readFileSync(specFile, "utf8")) as WorkerSpec;
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
  const counter = { next: 0 };
  const run = (durationS: number, maxOverallRequests?: number) =>
    autocannon({
      url: spec.url,
      connections: spec.connections,
      pipelining: 1,
      duration: durationS,
      timeout: 10,
      requests: requestsOf(spec, counter),
      ...(maxOverallRequests !== undefined ? { maxOverallRequests } : {}),
    });

  const hold = spec.kind === "hold";
  const holdBudget = hold ? spec.drafts.length : 0;
  if (spec.warmupS > 0) {
    // Warm-up: at most a fifth of the drafts, so the measured run has most of them.
    await run(spec.warmupS, hold ? Math.max(spec.connections, Math.floor(holdBudget / 5)) : undefined);
  }
  const usedByWarmup = counter.next;
  // Tells the parent to read the server's CPU time now: the measured run starts.
  process.stdout.write("measure\n");
  const measured = await run(
    spec.durationS,
    hold ? Math.max(spec.connections, holdBudget - counter.next - spec.connections) : undefined,
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
    ...(hold ? { used: counter.next - usedByWarmup, available: holdBudget - usedByWarmup } : {}),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (process.env.BENCH_WORKER) await runWorker(process.env.BENCH_WORKER);
