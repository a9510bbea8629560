import { readSummary } from "../../domain/itineraries/history-summary";
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

const medicalOf = (x: unknown) =>
  x && typeof x === "object" && typeof (x as { medical?: unknown }).medical === "number"
    ? (x as { medical: number }).medical
    : null;

/**
 * The particulars of an entry (read from the service's English summary by `readSummary`, or from its
 * snapshots) in the page's words; the reason an offer gave comes back as it was typed.
 */
function particulars({ t, fmt }: Web, h: HistoryEntryView, place: Place): { detail: string | null; reason?: string } {
  const p = readSummary(h.action, h.summary) ?? {};
  const time = p.time ? fmt.dateTime(p.time, place.zone) : null;
  switch (h.action) {
    case "held":
      return { detail: time && t("trips.history.detail.heldUntil", { time }) };
    case "hold_expired":
      return { detail: time && t("trips.history.detail.holdEnded", { time }) };
    case "cancelled":
      return {
        detail: p.refund
          ? t("trips.history.detail.refund", { amount: fmt.money(p.refund.amount, p.refund.currency) })
          : null,
      };
    case "confirmed":
      if (p.paid?.method === "card") return { detail: t("trips.history.detail.paidByCard") };
      return { detail: p.paid ? t("trips.history.detail.bankTransfer", { reference: p.paid.reference }) : null };
    case "repriced": {
      const [before, after] = [medicalOf(h.before), medicalOf(h.after)];
      if (before === null || after === null) return { detail: null };
      const money = (n: number) => fmt.money(n, place.currency);
      return { detail: t("trips.history.detail.medical", { before: money(before), after: money(after) }) };
    }
    case "offer_created":
      return { detail: time && t("offers.history.detail.validUntil", { time }), reason: p.reason };
    case "offer_accepted":
      return { detail: null, reason: p.reason };
    case "offer_expired":
      return { detail: time && t("offers.history.detail.expiredAt", { time }) };
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
