import { ConfigError, type Env, parseEnv } from "../env";
import { type D1DatabaseLike, D1Dialect } from "../data/d1-dialect";
import { guardedKysely } from "../data/unit-of-work";
import type { Database } from "../data/schema";
import type { AppDeps } from "../http/context";
import { rateLimitSettingsOf } from "../http/rate-limit";
import { SqlRateLimitStore } from "../data/rate-limit-store";
import { bundledSwaggerUiAssets } from "../ports/assets-worker";
import { systemClock } from "../ports/clock";
import { createPiiCipher } from "../ports/crypto";
import { createLogger } from "../ports/logger";
import { createStripePayments } from "../ports/payments-stripe";
import { createParitySigner } from "../ports/signer";

/**
 * The bindings of the Worker (wrangler.toml): the D1 database `DB`, plain-text `[vars]` and
 * secrets (`wrangler secret put ENCRYPTION_KEY`, …). Same names as the Node configuration.
 */
export interface WorkerEnv {
  DB: D1DatabaseLike;
  [name: string]: unknown;
}

/** Configuration from the bindings: the string ones, through the same schema as on Node. */
export function parseWorkerEnv(env: WorkerEnv): Env {
  const strings: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === "string") strings[k] = v;
  const config = parseEnv(strings);
  // No filesystem to keep generated keys in: every isolate must get the same ones from configuration.
  const missing = (["ENCRYPTION_KEY", "SIGNING_KEY"] as const).filter((k) => !config[k]);
  if (missing.length) throw new ConfigError(missing.map((k) => `${k}: required on Workers (wrangler secret put ${k})`));
  if (!env.DB || typeof (env.DB as Partial<D1DatabaseLike>).prepare !== "function")
    throw new ConfigError(['DB: the D1 database binding is missing (wrangler.toml [[d1_databases]] binding = "DB")']);
  return config;
}

/**
 * The app's deps for one request (or one scheduled run), from the bindings. Built per invocation,
 * never cached at module level: nothing of one invocation leaks into the next.
 */
export async function buildWorkerDeps(env: WorkerEnv): Promise<AppDeps> {
  const config = parseWorkerEnv(env);
  const logger = createLogger(config.LOG_LEVEL);
  const db = guardedKysely<Database>({
    dialect: new D1Dialect({ database: env.DB, onWarning: (msg, fields) => logger.warn(msg, fields) }),
  });
  return {
    db,
    dialect: "sqlite",
    clock: systemClock,
    cipher: await createPiiCipher(config.ENCRYPTION_KEY!),
    signer: await createParitySigner(config.SIGNING_KEY!),
    payments:
      config.STRIPE_SECRET_KEY && config.STRIPE_WEBHOOK_SECRET
        ? createStripePayments({
            secretKey: config.STRIPE_SECRET_KEY,
            webhookSecret: config.STRIPE_WEBHOOK_SECRET,
            apiUrl: config.STRIPE_API_URL,
          })
        : null,
    logger,
    assets: bundledSwaggerUiAssets(),
    config: { bodyLimitBytes: config.BODY_LIMIT_BYTES, holdMinutes: config.HOLD_MINUTES },
    // Counted in D1, which every isolate shares (an in-memory store would be per isolate);
    // Cloudflare puts the client's address in CF-Connecting-IP.
    ...(config.RATE_LIMIT
      ? {
          rateLimiting: {
            settings: rateLimitSettingsOf(config),
            stores: {
              ip: new SqlRateLimitStore(db, "ip:"),
              token: new SqlRateLimitStore(db, "token:"),
              auth: new SqlRateLimitStore(db, "auth:"),
            },
          },
        }
      : {}),
  };
}
