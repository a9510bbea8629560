import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { expect } from "vitest";
import { DEMO_USERS } from "../../db/seed/demo-users";
import { enqueueNotification } from "../../src/data/notifications-repo";
import { createNodemailerMailer, type NodeMailer } from "../../src/ports/mailer-node";
import type { MemoryMailer } from "../../src/ports/mailer";
import { fileTemplates } from "../../src/ports/templates-node";
import { ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { cardiacPatient, demoComponents, lowTourDeparture, ok } from "../helpers/itinerary-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

/** What the notification tests share: a real SMTP receiver, mailers, an outbox filler and a confirmed journey. */

export const MAIL_FROM = "Caravan <no-reply@caravan.example>";
export const templates = fileTemplates();

// ---------------------------------------------------------------------------------------
// A real SMTP receiver on 127.0.0.1

export interface Receiver {
  port: number;
  url: string;
  messages: ParsedMail[];
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
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
export async function closedPort(): Promise<number> {
  const r = await startReceiver();
  await r.close();
  return r.port;
}

/** Closed after each test, in reverse order: apps, receivers, directories. */
export const cleanups: (() => Promise<void> | void)[] = [];
const mailers: NodeMailer[] = [];

/** Each test file runs this after each test. */
export async function cleanUp(): Promise<void> {
  // Mailers first: a receiver waits for its clients (pooled connections) to leave before it closes.
  while (mailers.length) mailers.pop()!.close();
  while (cleanups.length) await cleanups.pop()!();
}

/** A mailer closed with the test. */
export function tracked(mailer: NodeMailer): NodeMailer {
  mailers.push(mailer);
  return mailer;
}

export async function app(): Promise<TestApp> {
  const t = await createTestApp();
  cleanups.push(() => t.close());
  return t;
}

export function smtpMailer(port: number): NodeMailer {
  return tracked(
    createNodemailerMailer({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      timeouts: { connectMs: 2000, socketMs: 5000 },
    }),
  );
}

export function deps(t: TestApp, mailer: NodeMailer | MemoryMailer) {
  return { db: t.deps.db, clock: t.clock, logger: t.logger, mailer, templates, mailFrom: MAIL_FROM };
}

export const rows = (t: TestApp, ids: string[]) =>
  t.deps.db.selectFrom("notifications").selectAll().where("id", "in", ids).orderBy("id").execute();

export function countByMessageId(messages: ParsedMail[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const m of messages) n.set(m.messageId!, (n.get(m.messageId!) ?? 0) + 1);
  return n;
}

/** Demo patients' users, to address notifications to. */
const patients = DEMO_USERS.filter((u) => u.role === "patient");

export async function enqueueSome(t: TestApp, n: number): Promise<string[]> {
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
export async function confirmedJourney(
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
