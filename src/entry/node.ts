import path from "node:path";
import { serve } from "@hono/node-server";
import { DEMO_USERS } from "../../db/seed/demo-users";
import { seedDemo } from "../../db/seed/demo";
import { createApp } from "../app";
import { ConfigError, type Env, parseEnv } from "../env";
import type { SqlTiming } from "../data/connect-node";
import { purgeExpiredKeys } from "../data/idempotency-repo";
import { pendingMigrations, migrateToLatest } from "../data/migrate";
import { sweepExpiredHolds } from "../services/itineraries";
import { sweepExpiredOffers } from "../services/offers";
import { processRefunds } from "../services/refunds/process";
import { createNodemailerMailer } from "../ports/mailer-node";
import { fileTemplates } from "../ports/templates-node";
import { dispatchOptionsOf, parseDispatchSettings, startDispatcherLoop } from "../services/notifications/loop";
import { problemServer } from "./http-problems";
import { withBenchRoutes } from "./bench-routes";
import { buildNodeDeps } from "./node-deps";

type Fetch = Parameters<typeof withBenchRoutes>[0];

type NodeDeps = Awaited<ReturnType<typeof buildNodeDeps>>;

/** Migrates (or refuses to start with migrations pending) and seeds the demo data, as configured. */
async function prepareDatabase(env: Env, { deps, handle }: NodeDeps): Promise<{ seed: boolean; seeded: boolean }> {
  const embedded = handle.dialect === "sqlite";
  if (env.MIGRATE_ON_START === "always" || (env.MIGRATE_ON_START === "auto" && embedded)) {
    await migrateToLatest(handle.db);
  } else {
    const pending = await pendingMigrations(handle.db);
    if (pending.length > 0) {
      throw new Error(
        `The database has ${pending.length} pending migration(s) (${pending.join(", ")}): ` +
          "run `npm run db:migrate` first.",
      );
    }
  }
  const seed = env.SEED_DEMO === "always" || (env.SEED_DEMO === "auto" && embedded);
  if (!seed) return { seed, seeded: false };
  const { seeded } = await seedDemo(handle.db, { now: deps.clock.now(), encrypt: deps.cipher.encrypt });
  return { seed, seeded };
}

/** Serves `fetch` and prints where, and the demo tokens when the demo data is seeded. */
function listen(env: Env, fetch: Fetch, describe: string, demo: { seed: boolean; seeded: boolean; signIn: boolean }) {
  // problemServer: requests refused before the app (parser errors, no Host) get problem+json too.
  return serve({ fetch, port: env.PORT, hostname: env.HOST, createServer: problemServer(fetch, env.HOST) }, (info) => {
    const base = `http://localhost:${info.port}`;
    console.log(`Caravan is listening on ${base} (${describe})`);
    console.log(`  Web app: ${base}/   (sign in: ${base}/sign-in)`);
    console.log(`  API reference: ${base}/docs   contract: ${base}/openapi.json   health: ${base}/health`);
    if (demo.seed) {
      console.log(demo.seeded ? "  Demo data loaded (first start)." : "  Demo data already present.");
      if (demo.signIn)
        console.log(`  One-click demo sign-in on ${base}/sign-in (patient, agent, hospital staff, admin).`);
      console.log("  Demo tokens (demo data only; use as `Authorization: Bearer <token>`):");
      for (const u of DEMO_USERS) console.log(`    ${u.role.padEnd(9)} ${u.token.padEnd(30)} ${u.displayName}`);
    }
  });
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Every 30 s: expired holds and change offers released (they are also released on read; this gives the inventory
 * back when nobody reads), card refunds the provider could not take yet retried, and idempotency
 * keys older than 24 h deleted in bounded batches (an expired key met on lookup is deleted then).
 */
function startSweeper(deps: NodeDeps["deps"]): NodeJS.Timeout {
  const sweeper = setInterval(() => {
    sweepExpiredHolds({ ...deps, actor: null })
      .then((n) => n > 0 && deps.logger.info("released expired holds", { count: n }))
      .catch((err: unknown) => deps.logger.error("hold sweeper failed", { error: message(err) }));
    sweepExpiredOffers({ ...deps, actor: null })
      .then((n) => n > 0 && deps.logger.info("released expired change offers", { count: n }))
      .catch((err: unknown) => deps.logger.error("offer sweeper failed", { error: message(err) }));
    processRefunds(deps).catch((err: unknown) => deps.logger.error("refund retry failed", { error: message(err) }));
    purgeExpiredKeys(deps.db, deps.clock.now())
      .then((n) => n > 0 && deps.logger.info("purged expired idempotency keys", { count: n }))
      .catch((err: unknown) => deps.logger.error("idempotency purge failed", { error: message(err) }));
  }, 30_000);
  sweeper.unref();
  return sweeper;
}

async function main() {
  const env = parseEnv(process.env);
  const dispatch = parseDispatchSettings(process.env);
  // The benchmark (BENCH_HELLO=1) also adds up the time spent inside SQLite, served at /__bench/sql.
  const sqlTiming: SqlTiming | undefined = env.BENCH_HELLO ? { calls: 0, micros: 0 } : undefined;
  const built = await buildNodeDeps(env, { sqlTiming });
  const { deps, handle } = built;
  const demo = await prepareDatabase(env, built);

  // The web's demo sign-in: only on the embedded default with the demo data (checked again per request).
  deps.config.demoSignIn = handle.dialect === "sqlite" && demo.seed;
  const app = createApp(deps);
  // Benchmark only: /__bench/hello and /__bench/sql answered in front of the app (absent unless BENCH_HELLO=1).
  const fetch = env.BENCH_HELLO
    ? withBenchRoutes(app.fetch, handle.dialect === "sqlite" ? sqlTiming : undefined)
    : app.fetch;
  const server = listen(env, fetch, handle.describe, { ...demo, signIn: deps.config.demoSignIn });

  // The outbox dispatcher runs in-process (npm run dispatch runs it alone; both may run at once).
  const mailer = createNodemailerMailer(
    env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : { mailDir: path.join(env.DATA_DIR, "mail") },
  );
  const templates = fileTemplates();
  const dispatcher = startDispatcherLoop(
    {
      db: deps.db,
      clock: deps.clock,
      logger: deps.logger,
      mailer,
      templates,
      mailFrom: env.MAIL_FROM,
      cipher: deps.cipher,
    },
    dispatch.DISPATCH_INTERVAL_MS,
    dispatchOptionsOf(dispatch),
  );
  const sweeper = startSweeper(deps);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    clearInterval(sweeper);
    deps.logger.info("shutting down", { signal });
    server.close(() => {
      void dispatcher
        .stop()
        .then(() => {
          mailer.close();
          return handle.close();
        })
        .then(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(`Caravan could not start: ${message(err)}`);
  process.exit(1);
});
