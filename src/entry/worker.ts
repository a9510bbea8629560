import type { ExecutionContext } from "hono";
import { createApp } from "../app";
import { ConfigError } from "../env";
import { sweepExpiredHolds } from "../services/itineraries";
import { sweepExpiredOffers } from "../services/offers";
import { purgeExpiredKeys } from "../data/idempotency-repo";
import { processRefunds } from "../services/refunds/process";
import { buildWorkerDeps, type WorkerEnv } from "./worker-deps";

/**
 * Cloudflare Workers entry (D1). Deps are built from the bindings on every invocation; the app
 * is the same `createApp` the Node entry serves. Mail is Node-side: requests write the outbox
 * rows as everywhere, and `npm run dispatch` on Node sends them (nodemailer needs TCP sockets).
 */
function misconfigured(err: ConfigError): Response {
  // The operator reads the message in the Worker's logs; the client learns only that it is ours.
  console.error(
    JSON.stringify({
      t: new Date().toISOString(),
      level: "error",
      msg: "invalid Worker configuration",
      problems: err.problems,
    }),
  );
  return new Response(
    JSON.stringify({
      type: "about:blank",
      title: "Service unavailable",
      status: 503,
      detail: "The service is not configured correctly; the operator has been told.",
    }),
    { status: 503, headers: { "Content-Type": "application/problem+json" } },
  );
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    let deps;
    try {
      deps = await buildWorkerDeps(env);
    } catch (err) {
      if (err instanceof ConfigError) return misconfigured(err);
      throw err;
    }
    return createApp(deps).fetch(request, env, ctx);
  },

  /**
   * Cron Trigger (wrangler.toml [triggers]): releases expired holds and change offers nobody read, purges expired
   * idempotency keys, retries card refunds.
   */
  async scheduled(_controller: unknown, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const deps = await buildWorkerDeps(env);
    const released = await sweepExpiredHolds({ ...deps, actor: null });
    if (released > 0) deps.logger.info("released expired holds", { count: released });
    const lapsed = await sweepExpiredOffers({ ...deps, actor: null });
    if (lapsed > 0) deps.logger.info("released expired change offers", { count: lapsed });
    const purged = await purgeExpiredKeys(deps.db, deps.clock.now());
    if (purged > 0) deps.logger.info("purged expired idempotency keys", { count: purged });
    ctx.waitUntil(
      processRefunds(deps).catch((err: unknown) =>
        deps.logger.error("refund retry failed", { error: err instanceof Error ? err.message : String(err) }),
      ),
    );
  },
};
