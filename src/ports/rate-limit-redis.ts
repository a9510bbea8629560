import { Redis } from "ioredis";
import { RedisStore, type RedisClient } from "hono-rate-limiter";
import type { Logger } from "./logger";

/**
 * Rate-limit stores over one Redis (ioredis), shared by every instance that uses the same URL:
 * hono-rate-limiter's RedisStore, which counts in a Lua script (atomic). Commands time out after
 * a second so a stalled Redis never hangs a request (the limiter then lets it through).
 */
export function createRedisRateLimitBackend(
  url: string,
  logger: Logger,
): { store: (prefix: string) => RedisStore; close: () => Promise<void> } {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 1000, connectTimeout: 2000 });
  let lastWarning = 0;
  redis.on("error", (err: Error) => {
    // Reconnection retries can fail many times a second; one line a minute is enough.
    if (Date.now() - lastWarning < 60_000) return;
    lastWarning = Date.now();
    logger.warn("redis for rate limits unavailable", { error: err.message });
  });
  const client: RedisClient = {
    scriptLoad: async (script) => String(await redis.script("LOAD", script)),
    evalsha: async <TArgs extends unknown[], TData = unknown>(sha: string, keys: string[], args: TArgs) =>
      (await redis.evalsha(sha, keys.length, ...keys, ...(args as (string | number)[]))) as TData,
    decr: (key) => redis.decr(key),
    del: (key) => redis.del(key),
  };
  return {
    store: (prefix) => new RedisStore({ client, prefix }),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
