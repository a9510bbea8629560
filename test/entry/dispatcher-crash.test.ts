import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../db/seed/demo-users";
import { seedDemo } from "../../db/seed/demo";
import { openSqlite } from "../../src/data/connect-node";
import { migrateToLatest } from "../../src/data/migrate";
import { enqueueNotification, type NotificationKind } from "../../src/data/notifications-repo";
import { createPiiCipher } from "../../src/ports/crypto";
import { messageIdFor } from "../../src/services/notifications/dispatcher";
import { TEST_ENCRYPTION_KEY } from "../helpers/test-app";

const TOTAL = 200;
const dataDir = mkdtempSync(path.join(tmpdir(), "caravan-dispatch-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * An SMTP receiver that takes `delayMs` to accept each message and records its Message-ID;
 * `afterAccept` runs right after a message is acknowledged (250), with the count so far.
 */
async function slowReceiver(delayMs: number) {
  const received: string[] = [];
  const hooks: { afterAccept?: (count: number) => void } = {};
  const server = new SMTPServer({
    authOptional: true,
    closeTimeout: 1000,
    disabledCommands: ["STARTTLS", "AUTH"],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) =>
          setTimeout(() => {
            received.push(mail.messageId ?? "(none)");
            callback();
            hooks.afterAccept?.(received.length);
          }, delayMs),
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  server.on("error", () => {}); // the killed dispatcher's connection resets: expected here
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    hooks,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** `npm run dispatch`, the way the script starts it, on the temp DATA_DIR. */
function startDispatcher(smtpUrl: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/entry/dispatcher.ts"], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      SMTP_URL: smtpUrl,
      LOG_LEVEL: "warn",
      DISPATCH_INTERVAL_MS: "100",
      DISPATCH_BATCH_SIZE: "50",
      DISPATCH_LEASE_MS: "3000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}

async function waitFor(what: string, cond: () => boolean, timeoutMs: number, output: () => string) {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n${output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function statuses(): Map<string, string> {
  const db = new SQLite(path.join(dataDir, "caravan.sqlite"), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("select id, status from notifications").all() as { id: string; status: string }[];
    return new Map(rows.map((r) => [r.id, r.status]));
  } finally {
    db.close();
  }
}

/** A migrated, seeded database file with TOTAL pending notifications for the seeded users; returns their ids. */
async function seedPendingNotifications(): Promise<string[]> {
  const handle = openSqlite(path.join(dataDir, "caravan.sqlite"));
  const now = new Date();
  await migrateToLatest(handle.db);
  const cipher = await createPiiCipher(TEST_ENCRYPTION_KEY);
  await seedDemo(handle.db, { now, encrypt: cipher.encrypt });
  // anything the seed wrote is not ours
  await handle.db.updateTable("notifications").set({ status: "sent" }).execute();
  const users = DEMO_USERS.filter((u) => u.role === "patient" || u.role === "agent");
  const kinds: NotificationKind[] = ["payment_received", "refund", "itinerary_hold_expired", "quote_withdrawn"];
  const ids: string[] = [];
  await handle.db.transaction().execute(async (trx) => {
    for (let i = 0; i < TOTAL; i++) {
      const u = users[i % users.length]!;
      ids.push(
        await enqueueNotification(trx, {
          userId: u.id,
          kind: kinds[i % kinds.length]!,
          language: ["en", "ru", "zh", "kk"][i % 4]!,
          subjectId: `itn_crash_${i}`,
          payload: {
            itineraryId: `itn_crash_${i}`,
            quoteId: `quo_crash_${i}`,
            amount: { amount: 10_000 + i, currency: "CNY" },
            expiredAt: now.toISOString(),
            reason: "test",
          },
          now,
        }),
      );
    }
  });
  await handle.close();
  return ids;
}

describe("the standalone dispatcher", () => {
  it(
    "killed mid-batch and restarted, loses nothing: every notification arrives, " +
      "duplicates only with the same Message-ID",
    async () => {
      const ids = await seedPendingNotifications();
      expect(new Set(ids).size).toBe(TOTAL);

      const receiver = await slowReceiver(20);
      try {
        // First run: killed without warning mid-batch, the moment the 41st message has been
        // accepted, most likely before the dispatcher could mark it sent.
        const first = startDispatcher(receiver.url);
        receiver.hooks.afterAccept = (n) => {
          if (n === 41) first.child.kill("SIGKILL");
        };
        expect(
          (await Promise.race([
            first.exited,
            new Promise((r) => setTimeout(r, 20_000, { timeout: first.output() })),
          ])) as object,
        ).toEqual({ code: null, signal: "SIGKILL" });
        receiver.hooks.afterAccept = undefined;
        const atKill = receiver.received.length;
        const sentAtKill = [...statuses().values()].filter((s) => s === "sent").length;
        expect(atKill).toBeLessThan(TOTAL);
        expect(sentAtKill).toBeLessThan(TOTAL);

        // Second run: picks up the rest, including the row whose claim died with the first.
        const second = startDispatcher(receiver.url);
        const allSent = () => {
          const st = statuses();
          return ids.every((id) => st.get(id) === "sent");
        };
        await waitFor("every row sent", allSent, 25_000, second.output);
        second.child.kill("SIGTERM");
        expect((await second.exited).code).toBe(0);

        const st = statuses();
        for (const id of ids) expect(st.get(id), id).toBe("sent");
        const expected = ids.map(messageIdFor).sort();
        const unique = [...new Set(receiver.received)].sort();
        expect(unique).toEqual(expected); // nothing lost, nothing foreign
        const counts = new Map<string, number>();
        for (const m of receiver.received) counts.set(m, (counts.get(m) ?? 0) + 1);
        const duplicates = receiver.received.length - unique.length;
        // A duplicate can only be a message in flight at the kill, re-sent under its own Message-ID.
        expect(duplicates).toBeLessThanOrEqual(1);
        expect([...counts.values()].every((c) => c <= 2)).toBe(true);
        console.info(
          `dispatcher crash test: ${atKill} received before SIGKILL, ${sentAtKill} rows marked sent then; ` +
            `${receiver.received.length} received in all, ${duplicates} duplicate(s)`,
        );
      } finally {
        await receiver.close();
      }
    },
  );
});
