import { describe, expect, it } from "vitest";
import { readSummary, type SummaryParticulars, summaryOf } from "../../../src/domain/itineraries/history-summary";

const AT = "2026-11-22T10:20:00.000Z";
const REASON = "Doctor asked for two more days: (later) «сразу»; 100 CNY";

/** Each action the services write: its summary, and what reading it gives back. */
const CASES: [action: string, summary: string, read: SummaryParticulars][] = [
  ["created", summaryOf.created(3), {}],
  ["held", summaryOf.held(AT), { time: AT }],
  ["held", summaryOf.held("2026-11-22T10:20:00Z"), { time: "2026-11-22T10:20:00Z" }],
  ["hold_expired", summaryOf.holdExpired(AT), { time: AT }],
  [
    "confirmed",
    summaryOf.confirmed({ method: "card", reference: "pi_3Qx" }),
    {
      paid: { method: "card", reference: "pi_3Qx" },
    },
  ],
  [
    "confirmed",
    summaryOf.confirmed({ method: "bank_transfer", reference: "CAR/17 (b) «Н»" }),
    {
      paid: { method: "bank_transfer", reference: "CAR/17 (b) «Н»" },
    },
  ],
  ["cancelled", summaryOf.cancelled(1_234_500, "CNY"), { refund: { amount: 1_234_500, currency: "CNY" } }],
  ["cancelled", summaryOf.cancelled(0, "KZT"), { refund: { amount: 0, currency: "KZT" } }],
  ["repriced", summaryOf.repriced("tariff version 3", 100, 120), {}],
  ["offer_created", summaryOf.offerSent("cof_1", AT, REASON), { time: AT, reason: REASON }],
  ["offer_accepted", summaryOf.offerAccepted("cof_1", REASON), { reason: REASON }],
  ["offer_declined", summaryOf.offerDeclined("cof_1"), {}],
  ["offer_expired", summaryOf.offerExpired("cof_1", AT), { time: AT }],
  ["offer_superseded", summaryOf.offerReplaced("cof_1", "cof_2"), {}],
];

describe("history summaries: what the services write, the pages read back", () => {
  it.each(CASES)("%s: %s", (action, summary, read) => {
    expect(readSummary(action, summary)).toEqual(read);
  });

  it.each([
    ["held", "Held until tomorrow."],
    ["hold_expired", "Hold expired; inventory released."],
    ["confirmed", "Confirmed (cash)."],
    ["cancelled", "Cancelled; refund -5 CNY (minor units)."],
    ["offer_created", "Change offer cof_1 sent: no date"],
    ["offer_expired", "Change offer cof_1 expired; what it held was released."],
  ])("%s that does not read (%s) gives null, not a guess", (action, summary) => {
    expect(readSummary(action, summary)).toBeNull();
  });
});
