import { getConnInfo } from "@hono/node-server/conninfo";
import { MemoryStore } from "hono-rate-limiter";
import type { Env } from "../env";
import { type DatabaseHandle, openDatabase, type SqlTiming } from "../data/connect-node";
import { threadedLineSource } from "../data/parity-lines-threaded";
import type { ClientAddress } from "../http/client-address";
import type { AppDeps } from "../http/context";
import { forwardedClient, type RateLimiting, rateLimitSettingsOf } from "../http/rate-limit";
import { SqlRateLimitStore } from "../data/rate-limit-store";
import { createRedisRateLimitBackend } from "../ports/rate-limit-redis";
import { swaggerUiAssets } from "../ports/assets-node";
import { type Clock, systemClock } from "../ports/clock";
import { createNodeParitySigner, createNodePiiCipher } from "../ports/crypto-node";
import { createLogger, type Logger } from "../ports/logger";
import { createStripePayments } from "../ports/payments-stripe";
import { loadKeys } from "./keys-node";

/** Builds the app's deps for a Node process from parsed configuration. */
export async function buildNodeDeps(
  env: Env,
  opts: { handle?: DatabaseHandle; clock?: Clock; logger?: Logger; sqlTiming?: SqlTiming } = {},
): Promise<{ deps: AppDeps; handle: DatabaseHandle }> {
  const keys = loadKeys(env);
  // `sqlTiming` (benchmark only, src/entry/bench-routes.ts): the embedded default adds up its time
  // inside SQLite there.
  const opened = opts.handle ?? openDatabase(env, { timing: opts.sqlTiming });
  const logger = opts.logger ?? createLogger(env.LOG_LEVEL);
  const limiting = env.RATE_LIMIT ? nodeRateLimiting(env, opened, logger) : undefined;
  // Closing the handle also closes the Redis connection of the rate limits, if any.
  const handle: DatabaseHandle = limiting
    ? {
        ...opened,
        close: async () => {
          await limiting.close();
          await opened.close();
        },
      }
    : opened;
  const deps: AppDeps = {
    db: handle.db,
    dialect: handle.dialect,
    clock: opts.clock ?? systemClock,
    cipher: createNodePiiCipher(keys.encryptionKey),
    signer: await createNodeParitySigner(keys.signingKey),
    payments:
      env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET
        ? createStripePayments({
            secretKey: env.STRIPE_SECRET_KEY,
            webhookSecret: env.STRIPE_WEBHOOK_SECRET,
            apiUrl: env.STRIPE_API_URL,
          })
        : null,
    logger,
    assets: swaggerUiAssets(),
    config: { bodyLimitBytes: env.BODY_LIMIT_BYTES, holdMinutes: env.HOLD_MINUTES },
    clientAddress: nodeClientAddress(env),
    ...(limiting ? { rateLimiting: limiting.rateLimiting } : {}),
    ...(handle.dialect === "sqlite" && handle.file ? { reportLines: threadedLineSource(handle.file, { logger }) } : {}),
  };
  return { deps, handle };
}

/** The socket's peer, or with TRUST_PROXY the address the trusted proxies forwarded. */
function nodeClientAddress(env: Env): ClientAddress {
  return (c) => {
    let socket: string | undefined;
    try {
      socket = getConnInfo(c).remote.address;
    } catch {
      // No Node socket (app.request in tests): the address is unknown.
    }
    return forwardedClient(socket, c.req.header("x-forwarded-for"), env.TRUST_PROXY);
  };
}

/**
 * Rate limits on Node: counted in Redis when REDIS_URL is set, else in the PostgreSQL all
 * instances share, else (the embedded default, one process) in memory.
 */
function nodeRateLimiting(
  env: Env,
  handle: DatabaseHandle,
  logger: Logger,
): { rateLimiting: RateLimiting; close: () => Promise<void> } {
  const settings = rateLimitSettingsOf(env);
  if (env.REDIS_URL) {
    const redis = createRedisRateLimitBackend(env.REDIS_URL, logger);
    const stores = {
      ip: redis.store("caravan:rl:ip:"),
      token: redis.store("caravan:rl:token:"),
      auth: redis.store("caravan:rl:auth:"),
    };
    return { rateLimiting: { settings, stores }, close: redis.close };
  }
  if (handle.dialect === "postgres") {
    const stores = {
      ip: new SqlRateLimitStore(handle.db, "ip:"),
      token: new SqlRateLimitStore(handle.db, "token:"),
      auth: new SqlRateLimitStore(handle.db, "auth:"),
    };
    return { rateLimiting: { settings, stores }, close: async () => {} };
  }
  const stores = { ip: new MemoryStore(), token: new MemoryStore(), auth: new MemoryStore() };
  return {
    rateLimiting: { settings, stores },
    close: async () => {
      for (const s of Object.values(stores)) s.shutdown();
    },
  };
}
