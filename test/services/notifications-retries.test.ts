import { afterEach, describe, expect, it } from "vitest";
import { MemoryMailer } from "../../src/ports/mailer";
import { backoffMs, dispatchDue, messageIdFor, retryDead } from "../../src/services/notifications/dispatcher";
import { testDatabases } from "../helpers/databases";
import { createTestApp } from "../helpers/test-app";
import {
  app,
  cleanUp,
  cleanups,
  closedPort,
  countByMessageId,
  deps,
  enqueueSome,
  rows,
  smtpMailer,
  startReceiver,
} from "./notifications-fixtures";

afterEach(cleanUp);

describe("retries", () => {
  it(
    "with the receiver down, notifications wait with backoff; when it is back each " + "is delivered exactly once",
    async () => {
      const t = await app();
      const port = await closedPort();
      const mailer = smtpMailer(port);
      const before = await t.deps.db.selectFrom("notifications").select("id").execute();
      const ids = await enqueueSome(t, 6);
      const all = [...before.map((b) => b.id), ...ids];
      const start = t.clock.now().getTime();

      expect(await dispatchDue(deps(t, mailer))).toEqual({ sent: 0, failed: all.length, dead: 0 });
      for (const n of await rows(t, ids)) {
        expect(n).toMatchObject({
          status: "pending",
          attempts: 1,
          locked_until: null,
          sent_at: null,
          message_id: messageIdFor(n.id),
        });
        expect(n.next_attempt_at).toBe(new Date(start + 30_000).toISOString());
        expect(n.last_error).toMatch(/ECONNREFUSED|ECONNECTION/);
        expect(n.last_error).not.toMatch(/@example/);
      }
      // Not due yet: nothing is tried.
      t.clock.advance(29_000);
      expect(await dispatchDue(deps(t, mailer))).toEqual({ sent: 0, failed: 0, dead: 0 });
      // Due again, still down: the wait doubles.
      t.clock.advance(1_000);
      expect(await dispatchDue(deps(t, mailer))).toEqual({ sent: 0, failed: all.length, dead: 0 });
      for (const n of await rows(t, ids)) {
        expect(n.attempts).toBe(2);
        expect(n.next_attempt_at).toBe(new Date(start + 30_000 + 60_000).toISOString());
      }

      // The receiver comes back on the same address.
      const receiver = await startReceiver(port);
      cleanups.push(() => receiver.close());
      t.clock.advance(59_000);
      expect(await dispatchDue(deps(t, mailer))).toEqual({ sent: 0, failed: 0, dead: 0 });
      t.clock.advance(1_000);
      expect(await dispatchDue(deps(t, mailer))).toEqual({ sent: all.length, failed: 0, dead: 0 });
      // Later passes send nothing again.
      t.clock.advance(24 * 3_600_000);
      expect(await dispatchDue(deps(t, mailer))).toEqual({ sent: 0, failed: 0, dead: 0 });

      const counts = countByMessageId(receiver.messages);
      expect([...counts.keys()].sort()).toEqual(all.map(messageIdFor).sort());
      expect([...counts.values()].every((c) => c === 1)).toBe(true);
      for (const n of await rows(t, ids)) {
        expect(n).toMatchObject({ status: "sent", attempts: 2, last_error: null, locked_until: null });
        expect(Date.parse(n.sent_at!)).toBe(start + 90_000);
      }
      const anar = receiver.messages.find((m) => m.messageId === messageIdFor(ids[0]!))!;
      expect(anar.text).toContain("12 345.67 CNY");
    },
  );

  it("backs off 30 s × 2^(n−1), capped at an hour", () => {
    expect([1, 2, 3, 4, 7, 8, 20].map(backoffMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
  });

  it("dead-letters after maxAttempts; retryDead puts it back and it is delivered", async () => {
    const t = await app();
    await t.deps.db.updateTable("notifications").set({ status: "sent" }).execute(); // only ours below
    const port = await closedPort();
    const mailer = smtpMailer(port);
    const [id] = await enqueueSome(t, 1);
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(await dispatchDue(deps(t, mailer), { maxAttempts: 3 }));
      t.clock.advance(3_600_000);
    }
    expect(results).toEqual([
      { sent: 0, failed: 1, dead: 0 },
      { sent: 0, failed: 1, dead: 0 },
      { sent: 0, failed: 0, dead: 1 },
    ]);
    let [n] = await rows(t, [id!]);
    expect(n).toMatchObject({ status: "dead", attempts: 3, locked_until: null });
    expect(await dispatchDue(deps(t, mailer), { maxAttempts: 3 })).toEqual({ sent: 0, failed: 0, dead: 0 });

    const receiver = await startReceiver(port);
    cleanups.push(() => receiver.close());
    expect(await dispatchDue(deps(t, mailer), { maxAttempts: 3 })).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(await retryDead(t.deps.db, id!, t.clock.now())).toBe(true);
    expect(await retryDead(t.deps.db, id!, t.clock.now())).toBe(false); // no longer dead
    expect(await dispatchDue(deps(t, mailer), { maxAttempts: 3 })).toEqual({ sent: 1, failed: 0, dead: 0 });
    [n] = await rows(t, [id!]);
    expect(n).toMatchObject({ status: "sent", message_id: messageIdFor(id!) });
    expect(receiver.messages.map((m) => m.messageId)).toEqual([messageIdFor(id!)]);
  });
});

describe.each(testDatabases)("claims on $dialect", (database) => {
  it("dispatchers running at once never send the same notification twice", async () => {
    const t = await createTestApp({ handle: await database.open() });
    cleanups.push(() => t.close());
    await t.deps.db.updateTable("notifications").set({ status: "sent" }).execute();
    const ids = await enqueueSome(t, 40);
    const mailer = new MemoryMailer();
    const slow = {
      send: async (m: Parameters<MemoryMailer["send"]>[0]) => {
        await new Promise((r) => setTimeout(r, 2));
        await mailer.send(m);
      },
    };
    const d = { ...deps(t, mailer), mailer: slow };
    const results = await Promise.all([1, 2, 3, 4].map(() => dispatchDue(d, { batchSize: 40 })));
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(40);
    expect(results.filter((r) => r.sent > 0).length).toBeGreaterThan(1);
    expect(mailer.sent.map((m) => m.messageId).sort()).toEqual(ids.map(messageIdFor).sort());
    expect((await rows(t, ids)).every((n) => n.status === "sent" && n.locked_until === null)).toBe(true);
  });
});

describe("leases", () => {
  it("a claim whose dispatcher died is taken again once its lease lapses, with the same Message-ID", async () => {
    const t = await app();
    await t.deps.db.updateTable("notifications").set({ status: "sent" }).execute();
    const [id] = await enqueueSome(t, 1);
    // This dispatcher hands the message over and never comes back (the process died).
    const dying = { send: () => new Promise<void>(() => {}) };
    void dispatchDue({ ...deps(t, new MemoryMailer()), mailer: dying }, { leaseMs: 60_000 });
    await new Promise((r) => setTimeout(r, 50));
    const [claimed] = await rows(t, [id!]);
    expect(claimed).toMatchObject({
      status: "pending",
      locked_until: new Date(t.clock.now().getTime() + 60_000).toISOString(),
      message_id: messageIdFor(id!),
    });

    const mailer = new MemoryMailer();
    expect(await dispatchDue(deps(t, mailer), { leaseMs: 60_000 })).toEqual({ sent: 0, failed: 0, dead: 0 });
    t.clock.advance(60_000);
    expect(await dispatchDue(deps(t, mailer), { leaseMs: 60_000 })).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(mailer.sent.map((m) => m.messageId)).toEqual([messageIdFor(id!)]);
    expect((await rows(t, [id!]))[0]).toMatchObject({ status: "sent", attempts: 0 });
  });
});
