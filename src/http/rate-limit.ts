import type { Context, MiddlewareHandler } from "hono";
import { type HonoConfigType, rateLimiter, type Store } from "hono-rate-limiter";
import type { Env } from "../env";
import type { Logger } from "../ports/logger";
import { hashToken } from "../ports/crypto";
import { clientAddressOf } from "./client-address";
import type { AppEnv } from "./context";
import { problemResponse } from "./problem";

/** Budgets, each a number of requests per fixed window (RATE_LIMIT_* in src/env.ts). */
export interface RateLimitSettings {
  windowMs: number;
  /** Every request from one client address (except GET /health). */
  perIp: number;
  /** Every request with one valid bearer token. */
  perToken: number;
  /** The strict budget per client address: sign-up, sign-in and failed authentication share it. */
  authWindowMs: number;
  auth: number;
}

export function rateLimitSettingsOf(env: Env): RateLimitSettings {
  return {
    windowMs: env.RATE_LIMIT_WINDOW_SECONDS * 1000,
    perIp: env.RATE_LIMIT_PER_IP,
    perToken: env.RATE_LIMIT_PER_TOKEN,
    authWindowMs: env.RATE_LIMIT_AUTH_WINDOW_SECONDS * 1000,
    auth: env.RATE_LIMIT_AUTH,
  };
}

/** Where each budget counts: in-process, Redis or the shared database. */
export interface RateLimitStores {
  ip: Store;
  token: Store;
  auth: Store;
}

export interface RateLimiting {
  settings: RateLimitSettings;
  stores: RateLimitStores;
}

export interface RateLimits {
  /** Per client address, on everything but GET /health. */
  perIp: MiddlewareHandler<AppEnv>;
  /** Per bearer token; after `authenticate`, on requests it accepted. */
  perToken: MiddlewareHandler<AppEnv>;
  /** Before `authenticate`: a request whose bearer token is refused (401) takes from the strict budget. */
  failedAuth: MiddlewareHandler<AppEnv>;
  /**
   * The strict budget for an authentication attempt (sign-up, sign-in): every attempt takes from it,
   * or with `failuresOnly` only those answered 401. Mount it on the route: the web sign-in uses it too.
   */
  authAttempts: (opts?: { failuresOnly?: boolean }) => MiddlewareHandler<AppEnv>;
}

/**
 * The rate limiters (hono-rate-limiter), one per budget. A refusal is 429 problem+json with
 * `Retry-After` and the draft-6 IETF headers (`RateLimit-Policy`, `RateLimit-Limit`,
 * `RateLimit-Remaining`, `RateLimit-Reset`), which every counted response carries too.
 */
export function createRateLimits(rl: RateLimiting, logger: Logger): RateLimits {
  const { settings } = rl;
  const stores = {
    ip: failOpen(rl.stores.ip, logger),
    token: failOpen(rl.stores.token, logger),
    auth: failOpen(rl.stores.auth, logger),
  };
  // Unknown addresses (no socket) share one budget.
  const address = (c: Context<AppEnv>) => normalizeAddress(clientAddressOf(c));

  const refuse = (what: string, limit: number, windowMs: number) => (c: Context<AppEnv>) =>
    problemResponse(c, {
      status: 429,
      code: "rate_limited",
      title: "Too many requests",
      detail:
        `Too many requests ${what}: the budget is ${limit} per ${Math.ceil(windowMs / 1000)} s. Retry after the ` +
        `number of seconds in Retry-After.`,
    });

  const perIp = rateLimiter<AppEnv>({
    windowMs: settings.windowMs,
    limit: settings.perIp,
    standardHeaders: "draft-6",
    store: stores.ip,
    skip: (c) => c.req.path === "/health",
    keyGenerator: (c) => address(c),
    handler: refuse("from this address", settings.perIp, settings.windowMs),
  });

  const perToken = rateLimiter<AppEnv>({
    windowMs: settings.windowMs,
    limit: settings.perToken,
    standardHeaders: "draft-6",
    store: stores.token,
    skip: (c) => !c.get("actor"),
    keyGenerator: (c) => hashToken(bearerToken(c) ?? ""),
    handler: refuse("with this token", settings.perToken, settings.windowMs),
  });

  const strict = (failuresOnly: boolean, skip: (c: Context<AppEnv>) => boolean) =>
    rateLimiter<AppEnv>({
      windowMs: settings.authWindowMs,
      limit: settings.auth,
      standardHeaders: "draft-6",
      store: stores.auth,
      skip,
      skipSuccessfulRequests: failuresOnly,
      requestWasSuccessful: (c) => c.res.status !== 401,
      keyGenerator: (c) => address(c),
      handler: refuse("to authenticate from this address", settings.auth, settings.authWindowMs),
    });

  return {
    perIp,
    perToken,
    failedAuth: strict(true, (c) => c.req.header("authorization") === undefined),
    authAttempts: (opts = {}) => strict(opts.failuresOnly ?? false, () => false),
  };
}

function bearerToken(c: Context): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "")?.[1];
}

/**
 * The key of a client address: IPv4 as is (also when IPv4-mapped), IPv6 by its /64, which one
 * subscriber usually holds whole. Unknown addresses share the key "unknown".
 */
export function normalizeAddress(address: string | undefined): string {
  if (!address) return "unknown";
  const a = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/%.*$/, "");
  const mapped = /^(?:0*:)*:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1]!;
  if (!a.includes(":")) return a;
  const [head = "", tail] = a.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(":")}::/64`;
}

/**
 * The client address behind `trustedHops` proxies that each append to X-Forwarded-For: the
 * entry that many hops from the right of the list ending in the socket's address. With 0 the
 * header is ignored (anyone can send it).
 */
export function forwardedClient(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedHops: number,
): string | undefined {
  if (trustedHops === 0 || !forwardedFor) return socketAddress;
  const chain = [
    ...forwardedFor
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    ...(socketAddress ? [socketAddress] : []),
  ];
  return chain[Math.max(0, chain.length - 1 - trustedHops)];
}

/**
 * A store that lets requests through when its backend fails (Redis or the database down):
 * limiting is protection, and should not take the service down with it. Logged (at most every 10 s).
 */
function failOpen(store: Store, logger: Logger): Store<AppEnv> {
  // At most one line every 10 s: a store that is down fails on every request.
  let lastWarning = -Infinity;
  const warn = (op: string, err: unknown) => {
    if (Date.now() - lastWarning < 10_000) return;
    lastWarning = Date.now();
    logger.warn("rate-limit store failed; request let through", {
      op,
      error: err instanceof Error ? err.message : String(err),
    });
  };
  return {
    localKeys: store.localKeys,
    prefix: store.prefix,
    // The stores read only windowMs from the options.
    init: (options) => store.init?.(options as unknown as HonoConfigType),
    get: store.get ? (key) => store.get!(key) : undefined,
    async increment(key) {
      try {
        // MemoryStore returns its live counter: copy it before awaiting, or concurrent requests
        // would all read the count after the last of them.
        const counted = store.increment(key);
        const info = counted instanceof Promise ? await counted : { ...counted };
        return { totalHits: info.totalHits, resetTime: info.resetTime };
      } catch (err) {
        warn("increment", err);
        return { totalHits: 0, resetTime: undefined };
      }
    },
    async decrement(key) {
      try {
        await store.decrement(key);
      } catch (err) {
        warn("decrement", err);
      }
    },
    resetKey: (key) => store.resetKey(key),
  };
}
