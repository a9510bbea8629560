/**
 * The English summaries of an itinerary's history entries: the services write them (the API shows them as
 * they are) and the pages read their particulars back to say them in the page's language. Writing and
 * reading live here together so that one cannot change without the other.
 */

/** How a held itinerary was paid for. */
export type PaidVia = { method: "card"; reference: string } | { method: "bank_transfer"; reference: string };

export const summaryOf = {
  created: (components: number) => `Created with ${components} component(s).`,
  held: (expiresAt: string) => `Held until ${expiresAt}.`,
  holdExpired: (at: string) => `Hold expired at ${at}; inventory released.`,
  confirmed: (via: PaidVia) => `Confirmed (${via.method === "card" ? "card" : "bank transfer"} ${via.reference}).`,
  cancelled: (refund: number, currency: string) => `Cancelled; refund ${refund} ${currency} (minor units).`,
  repriced: (reason: string, before: number, after: number) =>
    `Medical lines re-priced after ${reason}: ${before} → ${after}.`,
  offerSent: (offerId: string, validUntil: string, reason: string) =>
    `Change offer ${offerId} sent (valid until ${validUntil}): ${reason}`,
  offerAccepted: (offerId: string, reason: string) => `Change offer ${offerId} accepted: ${reason}`,
  offerDeclined: (offerId: string) => `Change offer ${offerId} declined; what it held was released.`,
  offerExpired: (offerId: string, at: string) => `Change offer ${offerId} expired at ${at}; what it held was released.`,
  offerReplaced: (offerId: string, by: string) =>
    `Change offer ${offerId} was replaced by ${by}; what it held was released.`,
};

/** What a summary says besides its action: a time, a refund, how it was paid, the reason an offer gave. */
export interface SummaryParticulars {
  /** An ISO-8601 UTC instant: when a hold ends or ended, until when an offer holds or when it expired. */
  time?: string;
  refund?: { amount: number; currency: string };
  paid?: PaidVia;
  reason?: string;
}

const INSTANT = String.raw`(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z)`;
const READERS: Record<string, (s: string) => SummaryParticulars | null> = {
  held: (s) => match(s, `^Held until ${INSTANT}\\.$`, (m) => ({ time: m[1]! })),
  hold_expired: (s) => match(s, `^Hold expired at ${INSTANT};`, (m) => ({ time: m[1]! })),
  confirmed: (s) =>
    match(s, String.raw`^Confirmed \((card|bank transfer) ([\s\S]*)\)\.$`, (m) => ({
      paid: { method: m[1] === "card" ? "card" : "bank_transfer", reference: m[2]! },
    })),
  cancelled: (s) =>
    match(s, String.raw`^Cancelled; refund (\d+) ([A-Z]{3}) \(minor units\)\.$`, (m) => ({
      refund: { amount: Number(m[1]), currency: m[2]! },
    })),
  offer_created: (s) =>
    match(s, String.raw`^Change offer \S+ sent \(valid until ${INSTANT}\): ([\s\S]*)$`, (m) => ({
      time: m[1]!,
      reason: m[2]!,
    })),
  offer_accepted: (s) => match(s, String.raw`^Change offer \S+ accepted: ([\s\S]*)$`, (m) => ({ reason: m[1]! })),
  offer_expired: (s) => match(s, String.raw`^Change offer \S+ expired at ${INSTANT};`, (m) => ({ time: m[1]! })),
};

function match(s: string, pattern: string, pick: (m: RegExpExecArray) => SummaryParticulars) {
  const m = new RegExp(pattern).exec(s);
  return m ? pick(m) : null;
}

/** The particulars of a history entry's summary; {} for an action that has none, null when it does not read. */
export function readSummary(action: string, summary: string): SummaryParticulars | null {
  const read = READERS[action];
  return read ? read(summary) : {};
}
