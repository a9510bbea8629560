/**
 * The outbox dispatcher on its own (`npm run dispatch`): sends pending notifications with
 * nodemailer, SMTP from SMTP_URL or `.eml` files under DATA_DIR/mail, until SIGTERM/SIGINT.
 * `npm run dispatch -- --once` sends what is due now and exits.
 *
 * Its own settings (besides the app's DATABASE_URL, DATA_DIR, SMTP_URL, MAIL_FROM, LOG_LEVEL):
 *   DISPATCH_INTERVAL_MS   pause between polls when idle (default 2000)
 *   DISPATCH_BATCH_SIZE    rows per poll (default 50)
 *   DISPATCH_LEASE_MS      how long a claimed row is reserved for one send (default 120000)
 *   DISPATCH_MAX_ATTEMPTS  failed tries before a row is dead-lettered (default 8)
 */
import path from "node:path";
import { openDatabase } from "../data/connect-node";
import { migrateToLatest, pendingMigrations } from "../data/migrate";
import { ConfigError, parseEnv } from "../env";
import { systemClock } from "../ports/clock";
import { createNodePiiCipher } from "../ports/crypto-node";
import { loadKeys } from "./keys-node";
import { createLogger } from "../ports/logger";
import { createNodemailerMailer } from "../ports/mailer-node";
import { fileTemplates } from "../ports/templates-node";
import { dispatchDue } from "../services/notifications/dispatcher";
import { dispatchOptionsOf, parseDispatchSettings, startDispatcherLoop } from "../services/notifications/loop";

async function main() {
  const env = parseEnv(process.env);
  const own = parseDispatchSettings(process.env);
  const once = process.argv.includes("--once");
  const logger = createLogger(env.LOG_LEVEL);
  const handle = openDatabase(env);
  if (handle.dialect === "sqlite") {
    await migrateToLatest(handle.db);
  } else {
    const pending = await pendingMigrations(handle.db);
    if (pending.length > 0)
      throw new Error(`The database has ${pending.length} pending migration(s): run \`npm run db:migrate\` first.`);
  }
  const mailer = createNodemailerMailer(
    env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : { mailDir: path.join(env.DATA_DIR, "mail") },
  );
  const deps = {
    db: handle.db,
    clock: systemClock,
    logger,
    mailer,
    templates: fileTemplates(),
    mailFrom: env.MAIL_FROM,
    cipher: createNodePiiCipher(loadKeys(env).encryptionKey),
  };
  const opts = dispatchOptionsOf(own);
  logger.info("dispatcher started", {
    database: handle.describe,
    mail: mailer.describe,
    intervalMs: own.DISPATCH_INTERVAL_MS,
  });

  if (once) {
    const total = { sent: 0, failed: 0, dead: 0 };
    for (;;) {
      const r = await dispatchDue(deps, opts);
      total.sent += r.sent;
      total.failed += r.failed;
      total.dead += r.dead;
      if (r.sent + r.failed + r.dead < opts.batchSize) break;
    }
    logger.info("dispatcher done", total);
    mailer.close();
    await handle.close();
    return;
  }

  const loop = startDispatcherLoop(deps, own.DISPATCH_INTERVAL_MS, opts);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info("dispatcher stopping", { signal });
    setTimeout(() => process.exit(0), 10_000).unref();
    void loop
      .stop()
      .then(async () => {
        mailer.close();
        await handle.close();
      })
      .catch((err: unknown) =>
        logger.error("dispatcher stop failed", { error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => process.exit(0));
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(`The dispatcher could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
