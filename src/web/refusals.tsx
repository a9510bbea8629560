import type { Child } from "hono/jsx";
import type { MessageKey } from "./i18n/index";

/**
 * The one place a page turns a service refusal into words: its stable `code` (src/services/errors.ts) names a
 * message in the page's language; a code no page knows yet is shown as the service wrote it, marked English.
 */
const KEYS: Record<string, MessageKey> = {
  invalid_state: "refusal.invalid_state",
  concurrent_change: "refusal.concurrent_change",
  sold_out: "refusal.sold_out",
  "change-offer-required": "refusal.change_offer_required",
  slot_taken: "refusal.slot_taken",
  no_recommendation: "refusal.no_recommendation",
  fx_unavailable: "refusal.fx_unavailable",
  email_taken: "auth.err.emailTaken",
  quote_expired: "trips.refusal.quote_expired",
  quote_withdrawn: "trips.refusal.quote_withdrawn",
  hold_window_passed: "trips.refusal.hold_window_passed",
  hold_expired: "trips.refusal.hold_expired",
  empty_itinerary: "trips.refusal.empty_itinerary",
  timeline_invalid: "trips.refusal.timeline_invalid",
  nothing_due: "trips.refusal.nothing_due",
  payments_unavailable: "trips.refusal.payments_unavailable",
  payment_provider_error: "trips.refusal.payment_provider_error",
  cancellation_quote_expired: "trips.refusal.cancellation_quote_expired",
  cancellation_quote_stale: "trips.refusal.cancellation_quote_stale",
  cancellation_quote_used: "trips.refusal.cancellation_quote_used",
  "offer-expired": "offers.refusal.offer-expired",
  "offer-superseded": "offers.refusal.offer-superseded",
  "offer-closed": "offers.refusal.offer-closed",
  "offer-stale": "offers.refusal.offer-stale",
  "offer-inventory-gone": "offers.refusal.offer-inventory-gone",
};

/** The message key for a refusal's code, when pages know it. */
export function refusalKey(code: string): MessageKey | undefined {
  return Object.hasOwn(KEYS, code) ? KEYS[code] : undefined;
}

interface Web {
  t: (key: MessageKey) => string;
  locale: string;
}

/** Text the service wrote (in English): marked as English on a page in another language. */
export function English({ web, text }: { web: Web; text: string }) {
  return web.locale === "en" ? <>{text}</> : <span lang="en">{text}</span>;
}

/** A refusal in the page's language, or the service's own words marked English. */
export function refusalText(web: Web, err: { code: string; message: string }): Child {
  const key = refusalKey(err.code);
  return key ? web.t(key) : <English web={web} text={err.message} />;
}

/** The same as plain text (a form field's message): the page's language, or the service's words as written. */
export function refusalString(t: Web["t"], err: { code: string; message: string }): string {
  const key = refusalKey(err.code);
  return key ? t(key) : err.message;
}
