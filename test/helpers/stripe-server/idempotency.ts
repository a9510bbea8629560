/**
 * `Idempotency-Key` on POST, as Stripe keeps it per API key: same key + same endpoint + same parameters → the
 * stored response again (`Idempotent-Replayed: true`); same key + other parameters or endpoint → 400
 * `idempotency_error`.
 */
import type { Exchange } from "./exchange";
import { errorBody, invalid } from "./errors";
import { canonical } from "./wire";

interface StoredIdempotent {
  method: string;
  path: string;
  params: string;
  status: number;
  body: unknown;
  requestId: string;
}

export function idempotencyStore() {
  const stored = new Map<string, StoredIdempotent>();

  /** Answers a request whose key was seen before (replay or refusal) and says so; false for a new key. */
  function answered(ex: Exchange, apiKey: string, idemKey: string): boolean {
    if (idemKey.length > 255) {
      const e = invalid("Idempotency-Key header must be no longer than 255 characters.", "idempotency_key_too_long");
      ex.sendError(e.status, e.error);
      return true;
    }
    const first = stored.get(`${apiKey}\u0000${idemKey}`);
    if (!first) return false;
    if (first.method !== ex.method || first.path !== ex.path) {
      ex.sendError(400, {
        type: "idempotency_error",
        message:
          `Keys for idempotent requests can only be used for the same endpoint they were first used for ` +
          `('${first.method} ${first.path}' vs '${ex.method} ${ex.path}'). Try using a key other than ` +
          `'${idemKey}' if you meant to execute a different request.`,
      });
      return true;
    }
    if (first.params !== canonical(ex.body)) {
      ex.sendError(400, {
        type: "idempotency_error",
        message:
          `Keys for idempotent requests can only be used with the same parameters they were first used ` +
          `with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
      });
      return true;
    }
    ex.send(first.status, first.body, { "idempotent-replayed": "true", "original-request": first.requestId });
    return true;
  }

  /** Stores an executed request's outcome under its key. */
  function save(ex: Exchange, apiKey: string, idemKey: string, status: number, body: unknown): void {
    stored.set(`${apiKey}\u0000${idemKey}`, {
      method: ex.method,
      path: ex.path,
      params: canonical(ex.body),
      status,
      body,
      requestId: ex.requestId,
    });
  }

  /** Stores an executed request's error outcome, in the body Stripe answered with. */
  function saveError(ex: Exchange, apiKey: string, idemKey: string, e: { status: number; error: any }): void {
    save(ex, apiKey, idemKey, e.status, errorBody(e.error, ex.requestId));
  }

  return { answered, save, saveError };
}
