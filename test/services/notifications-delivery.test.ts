import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ICAL from "ical.js";
import { type ParsedMail, simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { createNodemailerMailer } from "../../src/ports/mailer-node";
import { MemoryMailer } from "../../src/ports/mailer";
import { dispatchDue, messageIdFor } from "../../src/services/notifications/dispatcher";
import { startDispatcherLoop } from "../../src/services/notifications/loop";
import { formatMoney } from "../../src/services/notifications/render";
import { H, ok } from "../helpers/itinerary-fixtures";
import type { TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import {
  app,
  cleanUp,
  cleanups,
  confirmedJourney,
  countByMessageId,
  deps,
  enqueueSome,
  MAIL_FROM,
  type Receiver,
  smtpMailer,
  startReceiver,
  tracked,
} from "./notifications-fixtures";

afterEach(cleanUp);

type Journey = Awaited<ReturnType<typeof confirmedJourney>>;
type Notification = Awaited<ReturnType<typeof notificationsOf>>[number];

/** Every notification addressed to the journey's patient. */
async function notificationsOf(t: TestApp, patientId: string) {
  return t.deps.db
    .selectFrom("notifications")
    .selectAll()
    .where(
      "user_id",
      "=",
      (await t.deps.db.selectFrom("patients").select("user_id").where("id", "=", patientId).executeTakeFirstOrThrow())
        .user_id,
    )
    .orderBy("id")
    .execute();
}

/** The confirmation in Russian: addressee, subject, travelers, what was paid and what is payable at the hospital. */
function expectConfirmationBody(mail: ParsedMail, j: Journey) {
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
}

/** One .ics attachment with the same events as the itinerary's calendar feed. */
async function expectCalendarAttachment(t: TestApp, mail: ParsedMail, j: Journey) {
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
}

/** The other emails of the journey came too, each once, in Russian; only the confirmation carries a calendar. */
function expectOtherJourneyMails(receiver: Receiver, mine: Notification[]) {
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
}

describe("the confirmation email", () => {
  it("arrives over SMTP in the patient's language (Russian) with a parseable .ics of the itinerary", async () => {
    const t = await app();
    const j = await confirmedJourney(t, "dana.mail@example.kz");
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());

    const r = await dispatchDue(deps(t, smtpMailer(receiver.port)));
    const mine = await notificationsOf(t, j.patientId);
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
    expectConfirmationBody(mail, j);
    await expectCalendarAttachment(t, mail, j);
    expectOtherJourneyMails(receiver, mine);
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

describe("the embedded default: .eml files", () => {
  it("writes each message as <message-id>.eml, whole, with its Message-ID; a resend replaces it", async () => {
    const t = await app();
    await t.deps.db.updateTable("notifications").set({ status: "sent" }).execute();
    const dir = mkdtempSync(path.join(tmpdir(), "caravan-mail-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const mailer = tracked(createNodemailerMailer({ mailDir: path.join(dir, "mail") }));
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
