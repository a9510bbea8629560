import type { RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Actor, ServiceContext, ServiceDeps } from "../services/context";
import type { ClientAddress } from "./client-address";
import type { RateLimiting } from "./rate-limit";

export type { Actor, AppConfig, ServiceContext, ServiceDeps } from "../services/context";

/**
 * Everything the app needs from outside, built in entries and tests only: the services' deps plus the HTTP transport's.
 */
export interface AppDeps extends ServiceDeps {
  /** Per-IP, per-token and strict authentication budgets; absent: no limiting (tests that do not test it). */
  rateLimiting?: RateLimiting;
  /**
   * The caller's network address (rate limits, anonymous idempotency keys); default: the socket's or CF-Connecting-IP.
   */
  clientAddress?: ClientAddress;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: AppDeps;
    actor: Actor | null;
    /** A web (non-API) request whose body was over the limit: its body was dropped, the page answers 413. */
    bodyTooLarge?: boolean;
  };
}

export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
