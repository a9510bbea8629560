import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import type { AddressInfo } from "node:net";
import path from "node:path";
import ICAL from "ical.js";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../db/seed/demo-users";
import { enqueueNotification, type NotificationKind } from "../../src/data/notifications-repo";
import { createNodemailerMailer, type NodeMailer } from "../../src/ports/mailer-node";
import { MemoryMailer } from "../../src/ports/mailer";
import { DEFAULT_TEMPLATES_DIR, fileTemplates } from "../../src/ports/templates-node";
import { backoffMs, dispatchDue, messageIdFor, retryDead } from "../../src/services/notifications/dispatcher";
import { startDispatcherLoop } from "../../src/services/notifications/loop";
import {
  formatMoney,
  NOTIFICATION_TEMPLATE_KINDS,
  type NotificationContext,
  renderNotification,
  TemplateError,
  type TemplateSource,
} from "../../src/services/notifications/render";
import { ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { cardiacPatient, demoComponents, H, lowTourDeparture, ok } from "../helpers/itinerary-fixtures";
import { testDatabases } from "../helpers/databases";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

const MAIL_FROM = "Caravan <no-reply@caravan.example>";
const templates = fileTemplates();

// ---------------------------------------------------------------------------------------
// A real SMTP receiver on 127.0.0.1

interface Receiver {
  port: number;
  url: string;
  messages: ParsedMail[];
  close(): Promise<void>;
}

async function startReceiver(port = 0): Promise<Receiver> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    closeTimeout: 1000,
    disabledCommands: ["STARTTLS", "AUTH"],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.push(mail);
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  server.on("error", () => {}); // a client going away mid-session is not the test's business
  const bound = (server.server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `smtp://127.0.0.1:${bound}`,
    messages,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A port nothing listens on (bound once, then released). */
async function closedPort(): Promise<number> {
  const r = await startReceiver();
  await r.close();
  return r.port;
}

const cleanups: (() => Promise<void> | void)[] = [];
const mailers: NodeMailer[] = [];
afterEach(async () => {
  // Mailers first: a receiver waits for its clients (pooled connections) to leave before it closes.
  while (mailers.length) mailers.pop()!.close();
  while (cleanups.length) await cleanups.pop()!();
});

async function app(): Promise<TestApp> {
  const t = await createTestApp();
  cleanups.push(() => t.close());
  return t;
}

function smtpMailer(port: number): NodeMailer {
  const m = createNodemailerMailer({
    smtpUrl: `smtp://127.0.0.1:${port}`,
    timeouts: { connectMs: 2000, socketMs: 5000 },
  });
  mailers.push(m);
  return m;
}

function deps(t: TestApp, mailer: NodeMailer | MemoryMailer) {
  return { db: t.deps.db, clock: t.clock, logger: t.logger, mailer, templates, mailFrom: MAIL_FROM };
}

const rows = (t: TestApp, ids: string[]) =>
  t.deps.db.selectFrom("notifications").selectAll().where("id", "in", ids).orderBy("id").execute();

function countByMessageId(messages: ParsedMail[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const m of messages) n.set(m.messageId!, (n.get(m.messageId!) ?? 0) + 1);
  return n;
}

/** Demo patients' users, to address notifications to. */
const patients = DEMO_USERS.filter((u) => u.role === "patient");

async function enqueueSome(t: TestApp, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const u = patients[i % patients.length]!;
    ids.push(
      await enqueueNotification(t.deps.db, {
        userId: u.id,
        kind: "payment_received",
        language: u.language,
        subjectId: `itn_test_${i}`,
        payload: {
          itineraryId: `itn_test_${i}`,
          amount: { amount: 1_234_567 + i, currency: "CNY" },
          method: "bank_transfer",
        },
        now: t.clock.now(),
      }),
    );
  }
  return ids;
}

/** The demo journey, held and paid by bank transfer over HTTP: confirmed. */
async function confirmedJourney(
  t: TestApp,
  email: string,
  travelers?: { fullName: string; role: "patient" | "companion" }[],
) {
  const p = await cardiacPatient(t, email);
  const components = demoComponents(p.consultationId);
  (components[7] as { departureId: string }).departureId = await lowTourDeparture(t, "2026-12-20");
  let itn = ItinerarySchema.parse(
    await ok(
      await t.call("POST", "/v1/itineraries", {
        token: p.token,
        body: {
          quoteId: p.quote.id,
          travelers: travelers ?? [
            { fullName: "Dana Bekova", role: "patient" },
            { fullName: "Aigerim Bekova", role: "companion" },
          ],
          components,
        },
      }),
      201,
    ),
  );
  itn = ItinerarySchema.parse(
    await ok(
      await t.call("POST", `/v1/itineraries/${itn.id}/hold`, {
        token: p.token,
        headers: { "If-Match": `"${itn.version}"` },
      }),
    ),
  );
  expect(itn.status).toBe("held");
  itn = ItinerarySchema.parse(
    await ok(
      await t.call("POST", `/v1/itineraries/${itn.id}/bank-transfers`, {
        token: T.agent,
        headers: { "If-Match": `"${itn.version}"` },
        body: { reference: "KZ-BANK-77", amount: itn.balance.outstanding },
      }),
    ),
  );
  expect(itn.status).toBe("confirmed");
  return { ...p, itn };
}

// ---------------------------------------------------------------------------------------

describe("the confirmation email", () => {
  it("arrives over SMTP in the patient's language (Russian) with a parseable .ics of the itinerary", async () => {
    const t = await app();
    const j = await confirmedJourney(t, "dana.mail@example.kz");
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());

    const r = await dispatchDue(deps(t, smtpMailer(receiver.port)));
    const mine = await t.deps.db
      .selectFrom("notifications")
      .selectAll()
      .where(
        "user_id",
        "=",
        (
          await t.deps.db
            .selectFrom("patients")
            .select("user_id")
            .where("id", "=", j.patientId)
            .executeTakeFirstOrThrow()
        ).user_id,
      )
      .orderBy("id")
      .execute();
    expect(mine.map((n) => n.kind).sort()).toEqual([
      "consultation_completed",
      "consultation_requested",
      "consultation_scheduled",
      "itinerary_confirmed",
      "itinerary_held",
      "payment_received",
      "quote_ready",
    ]);
    expect(r.failed + r.dead).toBe(0);
    expect(
      mine.every(
        (n) => n.status === "sent" && n.recipient === "dana.mail@example.kz" && n.message_id === messageIdFor(n.id),
      ),
    ).toBe(true);

    const confirmed = mine.find((n) => n.kind === "itinerary_confirmed")!;
    const mail = receiver.messages.find((m) => m.messageId === messageIdFor(confirmed.id))!;
    expect(mail).toBeDefined();
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : "").toBe("dana.mail@example.kz");
    expect(mail.subject).toBe(`Поездка подтверждена — маршрут ${j.itn.id}`);
    const text = mail.text!;
    const html = mail.html as string;
    expect(text).toContain("Здравствуйте, Dana Bekova!");
    expect(text).toContain("Dana Bekova, Aigerim Bekova");
    expect(html).toContain('<html lang="ru">');
    // What was paid, and the medical fees payable at the hospital at domestic prices.
    const totals = j.itn.pricing.totals.hospitalCurrency;
    for (const part of [text, html]) {
      expect(part).toContain(formatMoney(totals.dueNow));
      expect(part).toContain(formatMoney(totals.payableAtHospital));
      expect(part).toContain(formatMoney(totals.grandTotal));
      expect(part).toContain("по тем же внутренним ценам, что и для местных пациентов");
    }
    expect(formatMoney(totals.payableAtHospital)).toBe("104 440.00 CNY");
    expect(`${text}${html}${mail.subject}`.toLowerCase()).not.toContain("demo");

    expect(mail.attachments).toHaveLength(1);
    const ics = mail.attachments[0]!;
    expect(ics.filename).toBe("itinerary.ics");
    expect(ics.contentType).toBe("text/calendar");
    expect(
      String(
        ics.headers.get("content-type") &&
          (ics.headers.get("content-type") as { params: Record<string, string> }).params.method,
      ),
    ).toBe("PUBLISH");
    const cal = new ICAL.Component(ICAL.parse(ics.content.toString("utf8")));
    for (const tz of cal.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
    const events = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    // The same events as calendar.ics: one per timeline point, one per flight (departure to arrival), in Russian.
    const points = j.itn.timeline.filter((e) => e.type !== "flight_arrival");
    expect(events.length).toBe(points.length);
    expect(events.map((e) => e.startDate.toJSDate().toISOString()).sort()).toEqual(
      points.map((e) => new Date(e.start.utc).toISOString()).sort(),
    );
    expect(events.filter((e) => e.summary.startsWith("Рейс "))).toHaveLength(2);
    const feed = await t.call("GET", `/v1/itineraries/${j.itn.id}/calendar.ics`, { token: j.token });
    const feedUids = new ICAL.Component(ICAL.parse(await feed.text()))
      .getAllSubcomponents("vevent")
      .map((v) => new ICAL.Event(v).uid);
    expect(events.map((e) => e.uid).sort()).toEqual(feedUids.sort());

    // The other emails of the journey came too, each once, in Russian; only the confirmation carries a calendar.
    const counts = countByMessageId(receiver.messages);
    for (const n of mine) expect(counts.get(messageIdFor(n.id)), n.kind).toBe(1);
    const held = receiver.messages.find(
      (m) => m.messageId === messageIdFor(mine.find((n) => n.kind === "itinerary_held")!.id),
    )!;
    expect(held.subject).toMatch(/^Ваша поездка забронирована до /);
    expect(held.attachments).toHaveLength(0);
    const scheduled = receiver.messages.find(
      (m) => m.messageId === messageIdFor(mine.find((n) => n.kind === "consultation_scheduled")!.id),
    )!;
    expect(scheduled.text).toContain("(Asia/Almaty)");
    expect(scheduled.text).toContain("(Asia/Shanghai)");
  });
});

describe("user-supplied text", () => {
  const evil = "<script>alert(1)</script>";

  it("arrives escaped in the HTML part and as written in the text part", async () => {
    const t = await app();
    // A patient named <script>…, who cancels a consultation with markup in the reason.
    const signUp = await ok(
      await t.call("POST", "/v1/patients", {
        token: T.agent,
        body: {
          fullName: evil,
          email: "evil@example.kz",
          nationality: "KZ",
          homeCity: "Almaty",
          language: "en",
          currency: "KZT",
        },
      }),
      201,
    );
    const c = await ok(
      await t.call("POST", "/v1/consultations", {
        token: signUp.token,
        body: { hospitalId: H, department: "cardiac_surgery", mode: "video", complaint: "Chest pain", language: "en" },
      }),
      201,
    );
    await ok(
      await t.call("POST", `/v1/consultations/${c.id}/cancel`, {
        token: signUp.token,
        body: { reason: `Found a clinic at home <img src=x onerror=alert(2)> & "cheaper"` },
      }),
    );
    // Travelers named <script>… on a confirmed itinerary.
    await confirmedJourney(t, "escaped@example.kz", [
      { fullName: evil, role: "patient" },
      { fullName: `Tom & "Jerry" O'Neil`, role: "companion" },
    ]);

    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const r = await dispatchDue(deps(t, smtpMailer(receiver.port)));
    expect(r).toMatchObject({ failed: 0, dead: 0 });

    const byTo = (to: string) =>
      receiver.messages.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.text : "") === to);
    const cancelled = byTo("evil@example.kz").find((m) => m.subject?.includes("has been cancelled"))!;
    expect(cancelled).toBeDefined();
    const html = cancelled.html as string;
    expect(html).toContain("Dear &lt;script&gt;alert(1)&lt;/script&gt;,");
    expect(html).toContain("&lt;img src=x onerror=alert(2)&gt; &amp; &quot;cheaper&quot;");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(cancelled.text).toContain(`Dear ${evil},`);
    expect(cancelled.text).toContain(`<img src=x onerror=alert(2)> & "cheaper"`);
    const welcome = byTo("evil@example.kz").find((m) =>
      m.subject?.startsWith("We have received your consultation request"),
    )!;
    expect(welcome.html as string).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(welcome.html as string).not.toContain("<script>");

    const confirmation = byTo("escaped@example.kz").find((m) => m.attachments.length === 1)!;
    expect(confirmation.html as string).toContain(
      "&lt;script&gt;alert(1)&lt;/script&gt;, Tom &amp; &quot;Jerry&quot; O&#39;Neil",
    );
    expect(confirmation.html as string).not.toContain("<script>");
    expect(confirmation.text).toContain(`${evil}, Tom & "Jerry" O'Neil`);
  });
});

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

describe("the embedded default: .eml files", () => {
  it("writes each message as <message-id>.eml, whole, with its Message-ID; a resend replaces it", async () => {
    const t = await app();
    await t.deps.db.updateTable("notifications").set({ status: "sent" }).execute();
    const dir = mkdtempSync(path.join(tmpdir(), "caravan-mail-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const mailer = createNodemailerMailer({ mailDir: path.join(dir, "mail") });
    mailers.push(mailer);
    const ids = await enqueueSome(t, 3);
    expect(await dispatchDue(deps(t, mailer))).toEqual({ sent: 3, failed: 0, dead: 0 });
    const files = readdirSync(path.join(dir, "mail")).sort();
    expect(files).toEqual(ids.map((id) => `${id}@caravan.mail.eml`).sort());
    const parsed = await simpleParser(readFileSync(path.join(dir, "mail", `${ids[0]}@caravan.mail.eml`)));
    expect(parsed.messageId).toBe(messageIdFor(ids[0]!));
    expect(parsed.from?.text).toBe(MAIL_FROM.replace(/^Caravan /, '"Caravan" '));
    expect(parsed.text).toContain("12 345.67 CNY");
    // The same message again (at-least-once): one file, replaced.
    await mailer.send({
      from: MAIL_FROM,
      to: "x@example.kz",
      subject: "again",
      text: "again",
      html: "<p>again</p>",
      messageId: messageIdFor(ids[0]!),
    });
    expect(readdirSync(path.join(dir, "mail")).sort()).toEqual(files);
    expect((await simpleParser(readFileSync(path.join(dir, "mail", `${ids[0]}@caravan.mail.eml`)))).subject).toBe(
      "again",
    );
  });
});

describe("the loop", () => {
  it("sends as notifications come in and stops cleanly", async () => {
    const t = await app();
    await t.deps.db.updateTable("notifications").set({ status: "sent" }).execute();
    const mailer = new MemoryMailer();
    const loop = startDispatcherLoop(deps(t, mailer), 20);
    const ids = await enqueueSome(t, 2);
    const until = Date.now() + 5_000;
    while (mailer.sent.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    await loop.stop();
    expect(mailer.sent.map((m) => m.messageId).sort()).toEqual(ids.map(messageIdFor).sort());
    await enqueueSome(t, 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(mailer.sent).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------------------
// Templates

const money = (amount: number, currency = "CNY") => ({ amount, currency });
const SAMPLES: Record<string, unknown> = {
  consultation_requested: { consultationId: "con_1", hospitalId: H, department: "cardiac_surgery", mode: "video" },
  consultation_scheduled: {
    consultationId: "con_1",
    mode: "in_person",
    startsAt: {
      hospital: { utc: "2026-12-01T04:00:00Z", local: "2026-12-01T12:00:00+08:00", zone: "Asia/Shanghai" },
      patient: { utc: "2026-12-01T04:00:00Z", local: "2026-12-01T09:00:00+05:00", zone: "Asia/Almaty" },
    },
    durationMinutes: 30,
  },
  consultation_completed: {
    consultationId: "con_1",
    recommendation: {
      items: [
        { code: "CARD-CABG", quantity: 1 },
        { code: "BED-ICU", quantity: 2 },
      ],
      admissionDate: "2026-12-07",
      inpatientNights: 10,
      fitToFlyDays: 7,
      activityRestrictions: [{ activity: "strenuous", days: 30 }],
    },
  },
  consultation_cancelled: { consultationId: "con_1", reason: "Feeling better" },
  quote_ready: {
    quoteId: "quo_1",
    hospitalId: H,
    medicalTotal: money(10_444_000),
    medicalTotalInPatientCurrency: money(739_957_400, "KZT"),
  },
  quote_repriced: {
    quoteId: "quo_1",
    reason: "tariff version 2",
    before: money(10_444_000),
    after: money(10_344_000),
    lines: [{ lineNo: 1, code: "CARD-CABG", before: 9_800_000, after: 9_700_000 }],
  },
  quote_withdrawn: { quoteId: "quo_1", reason: "line 1: no longer offered" },
  itinerary_held: {
    itineraryId: "itn_1",
    version: 2,
    summary: "Held",
    dueNow: money(2_000_000),
    grandTotal: money(12_444_000),
    expiresAt: "2026-11-22T10:20:00.000Z",
  },
  itinerary_hold_expired: { itineraryId: "itn_1", expiredAt: "2026-11-22T10:20:00.000Z" },
  itinerary_confirmed: {
    itineraryId: "itn_1",
    version: 3,
    summary: "Confirmed",
    dueNow: money(2_000_000),
    grandTotal: money(12_444_000),
  },
  itinerary_changed: {
    itineraryId: "itn_1",
    version: 4,
    summary: "Changed",
    dueNow: money(2_100_000),
    grandTotal: money(12_544_000),
  },
  itinerary_cancelled: {
    itineraryId: "itn_1",
    version: 5,
    summary: "Cancelled",
    dueNow: money(0),
    grandTotal: money(0),
    refund: money(1_500_000),
  },
  itinerary_repriced: {
    itineraryId: "itn_1",
    reason: "tariff version 2",
    before: money(10_444_000),
    after: money(10_344_000),
  },
  payment_received: { itineraryId: "itn_1", amount: money(2_000_000), method: "bank_transfer" },
  payment_failed: {
    itineraryId: "itn_1",
    amount: money(2_000_000),
    reason: "Your card was declined.",
    holdExpiresAt: "2026-11-22T10:20:00.000Z",
  },
  refund: { itineraryId: "itn_1", amount: money(1_500_000), reason: "Cancellation" },
  change_offer: {
    itineraryId: "itn_1",
    offerId: "cof_1",
    link: "/trips/itn_1/offers/cof_1",
    reason: "The doctor extends the stay by a day",
    difference: money(120_000),
    differencePatient: { amount: 8_502_000, currency: "KZT" },
    amountDue: money(120_000),
    validUntil: "2026-11-23T10:00:00.000Z",
  },
  sign_in_code: {
    code: "042917",
    link: "https://caravan.example/sign-in/link/cvn_x",
    expiresAt: "2026-11-22T10:15:00Z",
  },
  message_posted: {
    itineraryId: "itn_01JEXAMPLE",
    messageId: "msg_01JEXAMPLE",
    authorName: "Aisulu <Agent>",
    authorRole: "agent",
    attachments: 2,
  },
};
const CONTEXT: NotificationContext = {
  hospital: { name: "Xinjiang People's Hospital", nameLocal: "新疆维吾尔自治区人民医院", city: "Urumqi" },
  department: "Cardiac Surgery",
  travelers: ["Dana Bekova", "Aigerim Bekova"],
  zone: "Asia/Almaty",
};
const LANGUAGES = readdirSync(DEFAULT_TEMPLATES_DIR)
  .filter((d) => !d.startsWith("."))
  .sort();

describe("templates", () => {
  it("exist for every kind in English, Russian, Chinese and Kazakh, as subject, text and HTML", () => {
    expect(LANGUAGES).toEqual(expect.arrayContaining(["en", "kk", "ru", "zh"]));
    const kinds: NotificationKind[] = [
      "consultation_requested",
      "consultation_scheduled",
      "consultation_completed",
      "consultation_cancelled",
      "quote_ready",
      "quote_repriced",
      "quote_withdrawn",
      "itinerary_held",
      "itinerary_hold_expired",
      "itinerary_confirmed",
      "itinerary_changed",
      "itinerary_cancelled",
      "itinerary_repriced",
      "payment_received",
      "refund",
    ];
    expect(NOTIFICATION_TEMPLATE_KINDS).toEqual(expect.arrayContaining([...kinds, "payment_failed"]));
    for (const lang of LANGUAGES) {
      const files = readdirSync(path.join(DEFAULT_TEMPLATES_DIR, lang));
      for (const kind of NOTIFICATION_TEMPLATE_KINDS) {
        for (const suffix of [".subject.txt", ".txt", ".html"])
          expect(files, `${lang}/${kind}${suffix}`).toContain(`${kind}${suffix}`);
      }
      for (const f of files)
        expect(
          readFileSync(path.join(DEFAULT_TEMPLATES_DIR, lang, f), "utf8").toLowerCase(),
          `${lang}/${f}`,
        ).not.toContain("demo");
    }
  });

  it("every kind renders in every language with sample payloads: no unknown or leftover placeholders", async () => {
    for (const lang of LANGUAGES) {
      for (const kind of NOTIFICATION_TEMPLATE_KINDS) {
        const r = await renderNotification({
          kind,
          language: lang,
          payload: SAMPLES[kind],
          recipientName: "Dana <Bekova>",
          templates,
          context: CONTEXT,
        });
        const where = `${lang}/${kind}`;
        expect(r.language, where).toBe(lang);
        expect(r.subject.length, where).toBeGreaterThan(5);
        expect(r.subject, where).not.toMatch(/\n/);
        for (const part of [r.subject, r.text, r.html]) {
          expect(part, where).not.toContain("{{");
          expect(part, where).not.toContain("}}");
          expect(part, where).not.toContain("undefined");
          expect(part, where).not.toContain("NaN");
        }
        expect(r.html, where).toContain("Dana &lt;Bekova&gt;");
        expect(r.html, where).not.toContain("Dana <Bekova>");
        expect(r.text, where).toContain("Dana <Bekova>");
        expect(r.html, where).toMatch(/^<!DOCTYPE html>/);
      }
    }
  });

  it("formats money, dates and the medical-fees message per language", async () => {
    const ru = await renderNotification({
      kind: "itinerary_held",
      language: "ru",
      payload: SAMPLES.itinerary_held,
      recipientName: "Дана",
      templates,
      context: CONTEXT,
    });
    expect(ru.text).toContain("К оплате сейчас (поездка и услуги консьержа): 20 000.00 CNY");
    expect(ru.text).toContain("Оплачивается в больнице (медицинские услуги): 104 440.00 CNY");
    expect(ru.text).toContain("Бронь действует до 22 ноября 2026 г. в 15:20 (Asia/Almaty).");
    expect(ru.text).toContain("по тем же внутренним ценам, что и для местных пациентов");
    const zh = await renderNotification({
      kind: "quote_ready",
      language: "zh-CN",
      payload: SAMPLES.quote_ready,
      recipientName: "Dana",
      templates,
      context: CONTEXT,
    });
    expect(zh.subject).toBe("新疆维吾尔自治区人民医院的报价已准备好");
    expect(zh.text).toContain("医疗费用：104 440.00 CNY");
    expect(zh.text).toContain("7 399 574.00 KZT");
    expect(zh.text).toContain("价格与本地患者相同");
    const en = await renderNotification({
      kind: "itinerary_cancelled",
      language: "en",
      payload: { ...(SAMPLES.itinerary_cancelled as object), refund: money(0) },
      recipientName: "",
      templates,
      context: CONTEXT,
    });
    expect(en.text).toMatch(/^Hello,/);
    expect(en.text).toContain("no refund is due");
    expect(en.text).not.toContain("Refund:");
    expect(formatMoney(money(-5, "JPY"))).toBe("-5 JPY");
    expect(formatMoney(money(1_234_567, "KWD"))).toBe("1 234.567 KWD");
    expect(formatMoney(money(5))).toBe("0.05 CNY");
  });

  it("falls back to English as a whole when a language lacks a kind's templates", async () => {
    const onlyRuSubject: TemplateSource = {
      async get(language, name) {
        if (language === "ru") return name === "refund.subject.txt" ? "Возврат" : null;
        return templates.get(language, name);
      },
    };
    const r = await renderNotification({
      kind: "refund",
      language: "ru",
      payload: SAMPLES.refund,
      recipientName: "Dana",
      templates: onlyRuSubject,
      context: CONTEXT,
    });
    expect(r.language).toBe("en");
    expect(r.subject).toBe("Refund of 15 000.00 CNY is on its way");
    const ar = await renderNotification({
      kind: "payment_received",
      language: "ar",
      payload: SAMPLES.payment_received,
      recipientName: "Dana",
      templates,
      context: CONTEXT,
    });
    expect(ar.language).toBe("en");
    expect(ar.subject).toBe("Payment received: 20 000.00 CNY");
  });

  it("an unknown placeholder is an error, even inside a block the payload hides", async () => {
    const broken = (body: string): TemplateSource => ({
      async get(language, name) {
        if (name === "refund.txt") return body;
        return templates.get(language, name);
      },
    });
    const render = (body: string) =>
      renderNotification({
        kind: "refund",
        language: "en",
        payload: { itineraryId: "itn_1", amount: money(1) },
        recipientName: "Dana",
        templates: broken(body),
        context: CONTEXT,
      });
    await expect(render("Refund {{amout}}")).rejects.toThrow(TemplateError);
    await expect(render("{{#reason}}{{nope}}{{/reason}}")).rejects.toThrow(/unknown placeholder \{\{nope\}\}/);
    await expect(render("Refund {{amount")).rejects.toThrow(/malformed/);
    await expect(
      renderNotification({
        kind: "refund",
        language: "en",
        payload: { itineraryId: "itn_1", amount: money(1) },
        recipientName: "{{amount}}",
        templates,
        context: CONTEXT,
      }),
    ).resolves.toMatchObject({ text: expect.stringContaining("Dear {{amount}},") });
    await expect(
      renderNotification({ kind: "no_such_kind", language: "en", payload: {}, recipientName: "Dana", templates }),
    ).rejects.toThrow(TemplateError);
  });
});
