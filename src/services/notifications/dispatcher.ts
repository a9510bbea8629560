/**
 * The outbox dispatcher: sends the notifications that services wrote in the same
 * transaction as the change they report, at least once, never concurrently twice.
 *
 * A row is claimed with a conditional UPDATE that sets a lease (`locked_until`); only a
 * pending, due row whose lease is absent or lapsed can be claimed, so two dispatchers (on
 * SQLite or PostgreSQL) never send the same row at the same time. If the process dies
 * after sending but before marking the row sent, the lease lapses and the row is sent
 * again with the same Message-ID (`<id@caravan.mail>`), which lets receivers dedupe.
 *
 * The outbox SQL lives in src/data/notifications-repo.ts.
 */
import type { Kysely } from "kysely";
import * as catalog from "../../data/catalog-repo";
import * as itineraries from "../../data/itineraries-repo";
import * as outbox from "../../data/notifications-repo";
import type { NotificationRow } from "../../data/notifications-repo";
import type { Database } from "../../data/schema";
import { defaultHomeZone } from "../../domain/time/home-zones";
import type { Clock } from "../../ports/clock";
import type { PiiCipher } from "../../ports/crypto";
import type { Logger } from "../../ports/logger";
import type { MailAttachment, Mailer } from "../../ports/mailer";
import { buildItineraryIcs } from "../itineraries/calendar";
import { parseTravelers } from "../itineraries/resolve";
import { type NotificationContext, renderNotification, type TemplateSource } from "./render";

export interface DispatcherDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  mailer: Mailer;
  templates: TemplateSource;
  /** RFC 5322 From, e.g. `Caravan <no-reply@caravan.example>`. */
  mailFrom: string;
  /** Opens sealed payload parts (a sign-in code and link are never in the outbox in clear). */
  cipher?: Pick<PiiCipher, "decrypt">;
}

export interface DispatchOptions {
  /** Most rows handled in one call (default 50). */
  batchSize?: number;
  /** How long a claim lasts; longer than any one send can take (default 2 min). */
  leaseMs?: number;
  /** Failed attempts before a row is dead-lettered (default 8). */
  maxAttempts?: number;
}

export interface DispatchResult {
  sent: number;
  /** Failed this time, will be retried. */
  failed: number;
  /** Failed for the last allowed time: now `dead`. */
  dead: number;
}

export const DEFAULTS = { batchSize: 50, leaseMs: 120_000, maxAttempts: 8 } as const;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 60 * 60_000;

/** `<ntf_…@caravan.mail>`: the same for every attempt at one notification. */
export function messageIdFor(notificationId: string): string {
  return `<${notificationId}@caravan.mail>`;
}

/** Wait before the next try after `attempts` failed ones: 30 s, 1 min, 2 min, … capped at 1 h. */
export function backoffMs(attempts: number): number {
  const n = Math.max(1, attempts);
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(n - 1, 30));
}

/** An error as it may be stored and logged: its code and message, addresses removed, short. */
export function describeError(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; name?: unknown; message?: unknown };
  const code = typeof e?.code === "string" ? e.code : typeof e?.name === "string" ? e.name : "Error";
  const status = typeof e?.responseCode === "number" ? ` ${e.responseCode}` : "";
  const message = (typeof e?.message === "string" ? e.message : String(err))
    .replace(/[^\s<>()"',;:@]+@[^\s<>()"',;:]+/g, "<address>")
    .replace(/\s+/g, " ")
    .trim();
  return `${code}${status}: ${message}`.slice(0, 300);
}

/** Puts a dead-lettered notification back in the queue; the operator's list of them. */
export { listDead, retryDead } from "../../data/notifications-repo";

// ---------------------------------------------------------------------------------------
// What goes into the email

interface Recipient {
  email: string;
  name: string;
  zone: string | null;
}

async function recipientOf(db: Kysely<Database>, userId: string): Promise<Recipient | null> {
  const row = await outbox.recipientRow(db, userId);
  if (!row) return null;
  const email = row.email || row.patient_email;
  if (!email) return null;
  return {
    email,
    name: row.full_name ?? row.display_name,
    zone: row.zone ?? (row.nationality ? defaultHomeZone(row.nationality) : null),
  };
}

const idOf = (payload: Record<string, unknown>, key: string) =>
  typeof payload[key] === "string" ? (payload[key] as string) : null;

/** Names behind the ids in a payload: hospital, department, travelers. */
async function contextOf(
  db: Kysely<Database>,
  payload: Record<string, unknown>,
  zone: string | null,
): Promise<NotificationContext> {
  const ctx: NotificationContext = { zone };
  let hospitalId = idOf(payload, "hospitalId");
  let departmentCode: string | null = null;
  const itineraryId = idOf(payload, "itineraryId");
  const quoteId = idOf(payload, "quoteId");
  const consultationId = idOf(payload, "consultationId");
  if (itineraryId) {
    const itn = await outbox.itineraryHospitalAndTravelers(db, itineraryId);
    if (itn) {
      hospitalId ??= itn.hospital_id;
      ctx.travelers = parseTravelers(itn).map((t) => t.fullName);
    }
  }
  if (quoteId && !hospitalId) {
    hospitalId = await outbox.quoteHospitalId(db, quoteId);
  }
  if (consultationId) {
    const c = await outbox.consultationHospitalAndDepartment(db, consultationId);
    if (c) {
      hospitalId ??= c.hospital_id;
      departmentCode = c.department_code;
    }
  }
  departmentCode ??= idOf(payload, "department");
  if (hospitalId) {
    const h = await catalog.getHospital(db, hospitalId);
    if (h) ctx.hospital = { name: h.name, nameLocal: h.name_local, city: h.city };
    if (departmentCode) {
      const name = await outbox.departmentName(db, hospitalId, departmentCode);
      if (name) ctx.department = name;
    }
  }
  return ctx;
}

/**
 * The itinerary's calendar as `itineraryCalendar` builds it, without an actor: the
 * dispatcher acts for the system. Null when the itinerary no longer exists.
 */
export async function itineraryIcs(db: Kysely<Database>, itineraryId: string, stamp: string): Promise<string | null> {
  const itn = await itineraries.findItinerary(db, itineraryId);
  return itn ? buildItineraryIcs(db, itn, stamp) : null;
}

/** A payload's `sealed` part (encrypted with the row's `signInId` as associated data), opened and merged in. */
async function openSealed(deps: DispatcherDeps, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (typeof payload.sealed !== "string") return payload;
  if (!deps.cipher) throw new Error("a sealed notification needs the dispatcher's cipher (ENCRYPTION_KEY)");
  const opened: unknown = JSON.parse(await deps.cipher.decrypt(payload.sealed, idOf(payload, "signInId") ?? undefined));
  return { ...payload, ...(typeof opened === "object" && opened !== null ? opened : {}), sealed: undefined };
}

function parsePayload(row: NotificationRow): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(row.payload);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

// ---------------------------------------------------------------------------------------
// The loop body

/** Sends what is due, one claimed row at a time, up to `batchSize` rows. */
export async function dispatchDue(deps: DispatcherDeps, opts: DispatchOptions = {}): Promise<DispatchResult> {
  const batchSize = opts.batchSize ?? DEFAULTS.batchSize;
  const leaseMs = opts.leaseMs ?? DEFAULTS.leaseMs;
  const maxAttempts = opts.maxAttempts ?? DEFAULTS.maxAttempts;
  const result: DispatchResult = { sent: 0, failed: 0, dead: 0 };
  for (let i = 0; i < batchSize; i++) {
    const row = await outbox.claimNext(deps.db, deps.clock.now(), leaseMs, messageIdFor);
    if (!row) break;
    let recipient: Recipient | null = null;
    try {
      recipient = await recipientOf(deps.db, row.user_id);
      if (!recipient) throw new Error("the user has no email address");
      const payload = await openSealed(deps, parsePayload(row));
      const email = await renderNotification({
        kind: row.kind,
        language: row.language,
        payload,
        recipientName: recipient.name,
        templates: deps.templates,
        context: await contextOf(deps.db, payload, recipient.zone),
      });
      const attachments: MailAttachment[] = [];
      const itineraryId = idOf(payload, "itineraryId");
      if (row.kind === "itinerary_confirmed" && itineraryId) {
        const ics = await itineraryIcs(deps.db, itineraryId, row.created_at);
        if (ics)
          attachments.push({
            filename: "itinerary.ics",
            contentType: "text/calendar; method=PUBLISH; charset=UTF-8",
            content: ics,
          });
      }
      await deps.mailer.send({
        from: deps.mailFrom,
        to: recipient.email,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: row.message_id ?? messageIdFor(row.id),
        attachments,
      });
      await outbox.markSent(deps.db, row.id, recipient.email, deps.clock.now());
      result.sent++;
      deps.logger.debug("notification sent", { id: row.id, kind: row.kind, attempt: row.attempts + 1 });
    } catch (err) {
      const attempts = row.attempts + 1;
      const dead = attempts >= maxAttempts;
      const error = describeError(err);
      const nextAttemptAt = new Date(deps.clock.now().getTime() + backoffMs(attempts)).toISOString();
      await outbox.markFailed(deps.db, row, {
        recipient: recipient?.email ?? null,
        error,
        nextAttemptAt,
        dead,
        attempts,
      });
      if (dead) result.dead++;
      else result.failed++;
      deps.logger[dead ? "error" : "warn"](
        dead ? "notification dead-lettered" : "notification send failed; will retry",
        {
          id: row.id,
          kind: row.kind,
          attempts,
          error,
          ...(dead ? {} : { retryInMs: backoffMs(attempts) }),
        },
      );
    }
  }
  return result;
}
