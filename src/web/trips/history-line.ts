import type { Formatters } from "../i18n/format";
import type { MessageKey, Translate } from "../i18n/index";

/** The itinerary's own steps (src/web/i18n/<lang>/trips.ts, `trips.history.<action>`). */
export const TRIP_ACTIONS = [
  "created",
  "component_added",
  "component_changed",
  "component_removed",
  "held",
  "confirmed",
  "cancelled",
  "hold_expired",
  "repriced",
] as const;
/** Change offers' steps (src/web/i18n/<lang>/offers.ts, `offers.history.<action>`). */
export const OFFER_ACTIONS = [
  "offer_created",
  "offer_accepted",
  "offer_declined",
  "offer_expired",
  "offer_superseded",
] as const;
export const HISTORY_ACTIONS: readonly string[] = [...TRIP_ACTIONS, ...OFFER_ACTIONS];

/** A history entry as the service gives it: the action's code, and its English summary kept for the API. */
export interface HistoryEntryView {
  action: string;
  summary: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** One history line in the page's language: what was done, its particulars, the agent's reason as typed. */
export interface HistoryLine {
  action: string;
  detail: string | null;
  reason: string | null;
}

type Web = { t: Translate; fmt: Formatters };
/** Where the trip is: its hospital's zone (times) and currency (medical prices). */
type Place = { zone: string; currency: string };

const INSTANT = String.raw`(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z)`;
const at = (summary: string, pattern: string) => new RegExp(pattern.replace("INSTANT", INSTANT)).exec(summary);
const medicalOf = (x: unknown) =>
  x && typeof x === "object" && typeof (x as { medical?: unknown }).medical === "number"
    ? (x as { medical: number }).medical
    : null;

/**
 * The particulars the service wrote into its English summary (a time, an amount, a reference), put in
 * the page's words; the agent's reason an offer carries is returned as it was typed.
 */
function particulars({ t, fmt }: Web, h: HistoryEntryView, place: Place): { detail: string | null; reason?: string } {
  const time = (m: RegExpExecArray | null) => (m ? fmt.dateTime(m[1]!, place.zone) : null);
  const s = h.summary;
  switch (h.action) {
    case "held": {
      const when = time(at(s, "^Held until INSTANT"));
      return { detail: when && t("trips.history.detail.heldUntil", { time: when }) };
    }
    case "hold_expired": {
      const when = time(at(s, "^Hold expired at INSTANT"));
      return { detail: when && t("trips.history.detail.holdEnded", { time: when }) };
    }
    case "cancelled": {
      const m = /refund (\d+) ([A-Z]{3})\b/.exec(s);
      return { detail: m ? t("trips.history.detail.refund", { amount: fmt.money(Number(m[1]), m[2]!) }) : null };
    }
    case "confirmed": {
      if (/^Confirmed \(card\b/.test(s)) return { detail: t("trips.history.detail.paidByCard") };
      const m = /^Confirmed \(bank transfer ([\s\S]*)\)\.$/.exec(s);
      return { detail: m ? t("trips.history.detail.bankTransfer", { reference: m[1]! }) : null };
    }
    case "repriced": {
      const [before, after] = [medicalOf(h.before), medicalOf(h.after)];
      if (before === null || after === null) return { detail: null };
      const money = (n: number) => fmt.money(n, place.currency);
      return { detail: t("trips.history.detail.medical", { before: money(before), after: money(after) }) };
    }
    case "offer_created": {
      const m = at(s, String.raw`^Change offer \S+ sent \(valid until INSTANT\): ([\s\S]*)$`);
      return { detail: m && t("offers.history.detail.validUntil", { time: time(m)! }), reason: m?.[2] };
    }
    case "offer_accepted":
      return { detail: null, reason: /^Change offer \S+ accepted: ([\s\S]*)$/.exec(s)?.[1] };
    case "offer_expired": {
      const when = time(at(s, "expired at INSTANT"));
      return { detail: when && t("offers.history.detail.expiredAt", { time: when }) };
    }
    default:
      return { detail: null };
  }
}

/**
 * A history entry in the page's language, by its action's code (the service's summary is English,
 * for the API): times in the hospital's local time, money in its currency; an unknown code as it is.
 */
export function historyLine(web: Web, h: HistoryEntryView, place: Place): HistoryLine {
  const { t } = web;
  const family = (TRIP_ACTIONS as readonly string[]).includes(h.action)
    ? "trips"
    : (OFFER_ACTIONS as readonly string[]).includes(h.action)
      ? "offers"
      : null;
  if (!family) return { action: h.action, detail: null, reason: h.reason };
  const { detail, reason } = particulars(web, h, place);
  return {
    action: t(`${family}.history.${h.action}` as MessageKey),
    detail,
    reason: h.reason ?? (reason?.trim() || null),
  };
}
