import { Hono } from "hono";
import type { SqlTiming } from "../data/connect-node";

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

/**
 * Benchmark only (BENCH_HELLO=1): wraps the app's `fetch` with the two routes the benchmark reads,
 * answered before the app so no middleware or database is on their path:
 * - `GET /__bench/hello`, the bare baseline (same server, same process);
 * - `GET /__bench/sql`, the time spent inside SQLite so far (`null` when the database is not timed).
 * Every other request goes to the app unchanged. The app itself knows nothing of them.
 */
export function withBenchRoutes(appFetch: Fetch, sqlTiming: SqlTiming | undefined): Fetch {
  const bench = new Hono();
  bench.get("/__bench/hello", (c) => c.text("hello"));
  bench.get("/__bench/sql", (c) => c.json(sqlTiming ?? null));
  bench.all("*", (c) => appFetch(c.req.raw, c.env));
  return (request, env) => bench.fetch(request, env);
}
