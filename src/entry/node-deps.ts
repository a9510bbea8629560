import type { Env } from "../env";
import { type DatabaseHandle, openDatabase, type SqlTiming } from "../data/connect-node";
import { sqliteParityLineSource } from "../data/parity-lines-threaded";
import type { AppDeps } from "../http/context";
import { swaggerUiAssets } from "../ports/assets-node";
import { type Clock, systemClock } from "../ports/clock";
import { createNodeParitySigner, createNodePiiCipher } from "../ports/crypto-node";
import { createLogger, type Logger } from "../ports/logger";
import { createStripePayments } from "../ports/payments-stripe";
import { loadKeys } from "./keys-node";

/** Builds the app's deps for a Node process from parsed configuration. */
export async function buildNodeDeps(
  env: Env,
  opts: { handle?: DatabaseHandle; clock?: Clock; logger?: Logger } = {},
): Promise<{ deps: AppDeps; handle: DatabaseHandle }> {
  const keys = loadKeys(env);
  // The benchmark (BENCH_HELLO=1) also adds up the time spent inside SQLite, served at /__bench/sql.
  const sqlTiming: SqlTiming | undefined = env.BENCH_HELLO && !opts.handle ? { calls: 0, micros: 0 } : undefined;
  const handle = opts.handle ?? openDatabase(env, { timing: sqlTiming });
  const deps: AppDeps = {
    db: handle.db,
    dialect: handle.dialect,
    clock: opts.clock ?? systemClock,
    cipher: createNodePiiCipher(keys.encryptionKey),
    signer: await createNodeParitySigner(keys.signingKey),
    payments: env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET ? createStripePayments({ secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiUrl: env.STRIPE_API_URL }) : null,
    logger: opts.logger ?? createLogger(env.LOG_LEVEL),
    assets: swaggerUiAssets(),
    config: { bodyLimitBytes: env.BODY_LIMIT_BYTES, holdMinutes: env.HOLD_MINUTES, benchHello: env.BENCH_HELLO },
    ...(handle.dialect === "sqlite" && handle.file ? { reportLines: sqliteParityLineSource(handle.file) } : {}),
    ...(sqlTiming && handle.dialect === "sqlite" ? { benchSqlTiming: sqlTiming } : {}),
  };
  return { deps, handle };
}
