import { seedDemo } from "../../db/seed/demo";
import { createApp } from "../../src/app";
import type { AppDeps } from "../../src/http/context";
import { swaggerUiAssets } from "../../src/ports/assets-node";
import { ManualClock } from "../../src/ports/clock";
import { createPiiCipher } from "../../src/ports/crypto";
import { memoryLogger } from "../../src/ports/logger";
import { createParitySigner } from "../../src/ports/signer";
import { TEST_ENCRYPTION_KEY, TEST_NOW, TEST_SIGNING_KEY } from "../helpers/test-app";
import { migratedFakeD1 } from "./fake-d1";

/**
 * The app on the D1 dialect over a fake D1 binding (see fake-d1.ts): the D1 migrations applied,
 * the demo data seeded through the dialect. Same shape as createTestApp's result.
 */
export async function createD1TestApp() {
  const logger = memoryLogger();
  const { d1, db } = await migratedFakeD1({ onWarning: (msg, fields) => logger.warn(msg, fields) });
  const clock = new ManualClock(TEST_NOW);
  const cipher = await createPiiCipher(TEST_ENCRYPTION_KEY);
  await seedDemo(db, { now: clock.now(), encrypt: cipher.encrypt });
  const deps: AppDeps = {
    db,
    dialect: "sqlite",
    clock,
    cipher,
    signer: await createParitySigner(TEST_SIGNING_KEY),
    payments: null,
    logger,
    assets: swaggerUiAssets(),
    config: { bodyLimitBytes: 64 * 1024, holdMinutes: 20 },
  };
  const app = createApp(deps);
  async function call(
    method: string,
    path: string,
    init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.token) headers.Authorization = `Bearer ${init.token}`;
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return app.request(path, { method, headers, body });
  }
  const handle = { db, dialect: "sqlite" as const, describe: "fake d1", close: async () => d1.sqlite.close() };
  return { app, deps, handle, clock, logger, call, d1, close: handle.close };
}
