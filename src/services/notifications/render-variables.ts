/** The values each notification kind's templates may use, from its payload and looked-up facts. */
import { TemplateError } from "./render-fill";
import {
  arr,
  difference,
  formatDate,
  formatDateTime,
  isMoney,
  label,
  localTime,
  money,
  moneyOf,
  nonZeroMoney,
  obj,
  str,
  type Vars,
} from "./render-format";

/** Facts the dispatcher looks up for a notification; payloads carry ids, emails show names. */
export interface NotificationContext {
  /** `nameLocal` (the name in the hospital's own language) is preferred in Chinese. */
  hospital?: { name: string; nameLocal?: string | null; city: string } | null;
  /** Display name of the consultation's department. */
  department?: string | null;
  /** Names of the itinerary's travelers, in order. */
  travelers?: string[];
  /** IANA zone the recipient lives in: UTC instants are shown there. */
  zone?: string | null;
}

/** What every kind's variables are built from. */
interface Parts {
  p: Record<string, unknown>;
  language: string;
  zone: string | null;
  common: Vars;
  context: NotificationContext;
}

function consultation({ p, language, common, context }: Parts): Vars {
  return {
    ...common,
    consultationId: str(p.consultationId),
    department: context.department ?? str(p.department).replace(/_/g, " "),
    mode: typeof p.mode === "string" ? label(language, p.mode) : "",
  };
}

function recommendation({ p, language }: Parts): Vars {
  const rec = obj(p.recommendation);
  const items = arr(rec.items)
    .map(obj)
    .filter((i) => typeof i.code === "string");
  const restrictions = arr(rec.activityRestrictions)
    .map(obj)
    .filter((r) => typeof r.activity === "string")
    .map((r) =>
      label(language, "restriction")
        .replace("{activity}", label(language, r.activity as string))
        .replace("{days}", str(r.days)),
    );
  return {
    procedures: items.map((i) => `${i.code as string} × ${str(i.quantity) || "1"}`).join(label(language, "list")),
    admissionDate: formatDate(rec.admissionDate, language),
    inpatientNights: str(rec.inpatientNights),
    fitToFlyDays: str(rec.fitToFlyDays),
    restrictions: restrictions.join(label(language, "separator")),
  };
}

function consultationVariables(kind: string, x: Parts): Vars | undefined {
  switch (kind) {
    case "consultation_requested":
      return consultation(x);
    case "consultation_scheduled": {
      const starts = obj(x.p.startsAt);
      return {
        ...consultation(x),
        startsAtPatient: localTime(starts.patient, x.language),
        startsAtHospital: localTime(starts.hospital, x.language),
        duration: str(x.p.durationMinutes),
      };
    }
    case "consultation_completed":
      return { ...consultation(x), ...recommendation(x) };
    case "consultation_cancelled":
      return { ...consultation(x), reason: str(x.p.reason) };
  }
  return undefined;
}

function quoteVariables(kind: string, { p, common }: Parts): Vars | undefined {
  switch (kind) {
    case "quote_ready": {
      const patientTotal = obj(p.medicalTotalInPatientCurrency);
      const sameCurrency = isMoney(p.medicalTotal) && patientTotal.currency === p.medicalTotal.currency;
      return {
        ...common,
        quoteId: str(p.quoteId),
        medicalTotal: money(p.medicalTotal),
        medicalTotalPatient: sameCurrency ? "" : money(p.medicalTotalInPatientCurrency),
      };
    }
    case "quote_repriced": {
      const currency = obj(p.before).currency ?? obj(p.after).currency;
      const lines = arr(p.lines)
        .map(obj)
        .filter((l) => typeof l.code === "string" && l.before !== l.after)
        .map((l) => `${l.code as string}: ${moneyOf(l.before, currency)} → ${moneyOf(l.after, currency)}`);
      return {
        ...common,
        quoteId: str(p.quoteId),
        reason: str(p.reason),
        before: money(p.before),
        after: money(p.after),
        lines: lines.join("\n"),
      };
    }
    case "quote_withdrawn":
      return { ...common, quoteId: str(p.quoteId), reason: str(p.reason) };
  }
  return undefined;
}

function itineraryVariables(kind: string, { p, language, zone, common, context }: Parts): Vars | undefined {
  const itinerary = (): Vars => ({
    ...common,
    itineraryId: str(p.itineraryId),
    travelers: (context.travelers ?? []).join(label(language, "list")),
  });
  const totals = (): Vars => ({
    dueNow: money(p.dueNow),
    grandTotal: money(p.grandTotal),
    payableAtHospital: difference(p.grandTotal, p.dueNow),
  });
  switch (kind) {
    case "itinerary_held":
      return { ...itinerary(), ...totals(), expiresAt: formatDateTime(p.expiresAt, zone, language) };
    case "itinerary_hold_expired":
      return { ...itinerary(), expiredAt: formatDateTime(p.expiredAt, zone, language) };
    case "itinerary_confirmed":
      return { ...itinerary(), ...totals() };
    case "itinerary_changed":
      return { ...itinerary(), ...totals(), version: str(p.version) };
    case "itinerary_cancelled":
      return { ...itinerary(), refund: nonZeroMoney(p.refund) };
    case "itinerary_repriced":
      return { ...itinerary(), reason: str(p.reason), before: money(p.before), after: money(p.after) };
    case "payment_received":
      return {
        ...itinerary(),
        amount: money(p.amount),
        method: typeof p.method === "string" ? label(language, p.method) : "",
      };
    case "payment_failed":
      return {
        ...itinerary(),
        amount: money(p.amount),
        reason: str(p.reason ?? p.failureReason),
        expiresAt: formatDateTime(p.expiresAt ?? p.holdExpiresAt, zone, language),
      };
    case "refund":
      return { ...itinerary(), amount: money(p.amount), reason: str(p.reason) };
    case "change_offer": {
      const due = obj(p.amountDue);
      const dueAmount = typeof due.amount === "number" ? due.amount : 0;
      return {
        ...itinerary(),
        reason: str(p.reason),
        link: str(p.link),
        difference: money(p.difference),
        differencePatient: money(p.differencePatient),
        amountDue: dueAmount > 0 ? money(due) : "",
        refund: dueAmount < 0 ? money({ ...due, amount: -dueAmount }) : "",
        validUntil: formatDateTime(p.validUntil, zone, language),
      };
    }
  }
  return undefined;
}

function messageVariables(kind: string, { p, language, common, context }: Parts): Vars | undefined {
  if (kind !== "message_posted") return undefined;
  const attachments = Number(p.attachments) || 0;
  return {
    ...common,
    itineraryId: str(p.itineraryId),
    travelers: (context.travelers ?? []).join(label(language, "list")),
    author: str(p.authorName),
    role: typeof p.authorRole === "string" ? label(language, `role_${p.authorRole}`) : "",
    attachments: attachments > 0 ? String(attachments) : "",
  };
}

function accountVariables(kind: string, { p, language, zone, common }: Parts): Vars | undefined {
  if (kind !== "sign_in_code") return undefined;
  return { ...common, code: str(p.code), link: str(p.link), expiresAt: formatDateTime(p.expiresAt, zone, language) };
}

/** The values a kind's templates may use; every key is always present (possibly ""). */
export function templateVariables(
  kind: string,
  language: string,
  payload: unknown,
  recipientName: string,
  context: NotificationContext = {},
): Vars {
  const common: Vars = {
    name: recipientName,
    hospital: (language === "zh" ? context.hospital?.nameLocal : null) || (context.hospital?.name ?? ""),
    city: context.hospital?.city ?? "",
  };
  const parts: Parts = { p: obj(payload), language, zone: context.zone ?? null, common, context };
  const vars =
    consultationVariables(kind, parts) ??
    quoteVariables(kind, parts) ??
    itineraryVariables(kind, parts) ??
    accountVariables(kind, parts) ??
    messageVariables(kind, parts);
  if (!vars) throw new TemplateError(`no template variables for notification kind ${JSON.stringify(kind)}`);
  return vars;
}
