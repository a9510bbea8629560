/** The parity rules: verdicts, the index that gives them in bulk, report totals, tariff drafts, affirmations. */
export * from "./affirmation";
export * from "./parity-index";
export * from "./summary";
export * from "./tariff-draft";
export * from "./verdict";
