import { seedDemo } from "../../db/seed/demo";
import { createApp } from "../../src/app";
import type { DatabaseHandle } from "../../src/data/connect-node";
import { openDefaultTestDatabase } from "./databases";
import { migrateToLatest } from "../../src/data/migrate";
import type { ClientAddress } from "../../src/http/client-address";
import type { AppDeps } from "../../src/http/context";
import type { RateLimiting } from "../../src/http/rate-limit";
import { swaggerUiAssets } from "../../src/ports/assets-node";
import { ManualClock } from "../../src/ports/clock";
import { createNodeParitySigner, createNodePiiCipher } from "../../src/ports/crypto-node";
import { memoryLogger } from "../../src/ports/logger";
import type { Payments } from "../../src/ports/payments";

export const TEST_NOW = "2026-11-22T10:00:00.000Z";
export const TEST_ENCRYPTION_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
export const TEST_SIGNING_KEY = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

export interface TestAppOptions {
  seed?: boolean;
  handle?: DatabaseHandle;
  bodyLimitBytes?: number;
  payments?: Payments | null;
  /** Rate limits; off unless given, so suites that fire many requests are not throttled. */
  rateLimiting?: RateLimiting;
  /** How the app reads the caller's address (default: the socket's, as on Node). */
  clientAddress?: ClientAddress;
}

/** A fresh migrated in-memory database (demo data loaded unless told not to) and the app on it. */
export async function createTestApp(opts: TestAppOptions = {}) {
  const handle = opts.handle ?? (await openDefaultTestDatabase());
  await migrateToLatest(handle.db);
  const clock = new ManualClock(TEST_NOW);
  // The Node entry's node:crypto cipher and signer; the Workers tests use the WebCrypto ones.
  const cipher = createNodePiiCipher(TEST_ENCRYPTION_KEY);
  if (opts.seed !== false) await seedDemo(handle.db, { now: clock.now(), encrypt: cipher.encrypt });
  const logger = memoryLogger();
  const deps: AppDeps = {
    db: handle.db,
    dialect: handle.dialect,
    clock,
    cipher,
    signer: await createNodeParitySigner(TEST_SIGNING_KEY),
    payments: opts.payments ?? null,
    logger,
    assets: swaggerUiAssets(),
    config: { bodyLimitBytes: opts.bodyLimitBytes ?? 64 * 1024, holdMinutes: 20 },
    ...(opts.rateLimiting ? { rateLimiting: opts.rateLimiting } : {}),
    ...(opts.clientAddress ? { clientAddress: opts.clientAddress } : {}),
  };
  const app = createApp(deps);

  /** `app.request` with an optional bearer token and JSON body. */
  async function call(
    method: string,
    path: string,
    init: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.token) headers.Authorization = `Bearer ${init.token}`;
    let body: string | undefined;
    if (init.rawBody !== undefined) body = init.rawBody;
    else if (init.body !== undefined) body = JSON.stringify(init.body);
    if (body !== undefined && !headers["Content-Type"]) headers["Content-Type"] = "application/json";
    return app.request(path, { method, headers, body });
  }

  return { app, deps, handle, clock, logger, call, close: () => handle.close() };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
