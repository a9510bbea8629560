/** Tables: idempotency keys, rate-limit counters and application metadata. */

export interface IdempotencyKeysTable {
  owner: string;
  key: string;
  fingerprint: string;
  status: "in_progress" | "done";
  response_status: number | null;
  response_headers: string | null;
  response_body: string | null;
  created_at: string;
  /** The current claimant's fencing token; a taken-over claim can no longer commit. */
  lease: string | null;
  claimed_at: string | null;
  /** Set inside the transaction of the request's change, so it commits with it. */
  committed_at: string | null;
  /** The stored response, sealed with the PII cipher (the plain `response_status/headers/body` columns stay null). */
  response_enc: string | null;
}

/** One budget's counter for one client key in the current fixed window. */
export interface RateLimitsTable {
  key: string;
  hits: number;
  /** Epoch milliseconds when the window ends; bigint, so PostgreSQL returns it as a string. */
  reset_at: number | string;
}

export interface AppMetaTable {
  key: string;
  value: string;
}
