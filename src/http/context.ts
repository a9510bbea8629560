import type { RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { MedicalLineSource } from "../data/report-lines";
import type { Database, Role } from "../data/schema";
import type { AssetSource } from "../ports/assets";
import type { Clock } from "../ports/clock";
import type { PiiCipher } from "../ports/crypto";
import type { Logger } from "../ports/logger";
import type { Payments } from "../ports/payments";
import type { ParitySigner } from "../ports/signer";
import type { ClientAddress } from "./client-address";
import type { RateLimiting } from "./rate-limit";

/** Everything the app needs from outside, built in entries and tests only. */
export interface AppDeps {
  db: Kysely<Database>;
  dialect: "sqlite" | "postgres";
  clock: Clock;
  cipher: PiiCipher;
  /** Ed25519 signer of parity affirmations. */
  signer: ParitySigner;
  /** Card payments; null when STRIPE_SECRET_KEY is not configured. */
  payments: Payments | null;
  logger: Logger;
  assets: AssetSource;
  config: AppConfig;
  /**
   * Where the parity report reads its lines, when not from `db`: on the embedded default, a
   * read-only connection of its own on the SQLite file. Absent: keyset batches through `db`.
   */
  reportLines?: MedicalLineSource;
  /** Per-IP, per-token and strict authentication budgets; absent: no limiting (tests that do not test it). */
  rateLimiting?: RateLimiting;
  /** The caller's network address (rate limits, anonymous idempotency keys); default: the socket's or CF-Connecting-IP. */
  clientAddress?: ClientAddress;
  /** Benchmark only (BENCH_HELLO=1 on the embedded default): time spent inside SQLite so far. */
  benchSqlTiming?: { calls: number; micros: number };
}

export interface AppConfig {
  bodyLimitBytes: number;
  holdMinutes: number;
  /** Serve GET /__bench/hello (plain text, no DB), the benchmark's baseline. Off unless BENCH_HELLO=1. */
  benchHello?: boolean;
}

/** Who is calling: resolved from the bearer token, per request. */
export interface Actor {
  userId: string;
  role: Role;
  displayName: string;
  agencyId: string | null;
  hospitalId: string | null;
  /** Set for role `patient`. */
  patientId: string | null;
}

/** What a service verb gets: deps plus the caller. */
export interface ServiceContext extends AppDeps {
  actor: Actor | null;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: AppDeps;
    actor: Actor | null;
  };
}

export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
