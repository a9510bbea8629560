/**
 * The request pipeline of the test Stripe server's API: injected failures, then `Authorization: Bearer sk_test_…`,
 * then idempotency, then the resource's handler; every request is recorded.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Exchange, openExchange, type RecordedStripeRequest } from "./exchange";
import { StripeHttpError } from "./errors";
import { idempotencyStore } from "./idempotency";
import { header, redactKey } from "./wire";

/** Runs one API call; a `StripeHttpError` becomes Stripe's error answer. */
export type Route = (method: string, path: string, body: Record<string, unknown>) => unknown;

export function stripeApi(route: Route) {
  const requests: RecordedStripeRequest[] = [];
  const idempotency = idempotencyStore();
  let failures: { status: number; remaining: number } | null = null;

  /** Answers with the pending injected failure, if any, and says so. */
  function failed(ex: Exchange): boolean {
    if (!failures || failures.remaining <= 0) return false;
    const { status } = failures;
    failures.remaining -= 1;
    if (failures.remaining === 0) failures = null;
    const type = status === 429 ? "rate_limit_error" : "api_error";
    const message =
      status === 429
        ? "Too many requests hit the API too quickly."
        : "An unknown error occurred while processing your request. Please try again.";
    ex.sendError(status, { type, message, ...(status === 429 ? { code: "rate_limit" } : {}) });
    return true;
  }

  /** Runs the call and stores its outcome under the idempotency key (validation failures excepted). */
  function execute(ex: Exchange, apiKey: string, idemKey: string | undefined): void {
    let payload: unknown;
    try {
      payload = route(ex.method, ex.path, ex.body);
    } catch (e) {
      if (!(e instanceof StripeHttpError)) {
        ex.sendError(500, { type: "api_error", message: `Test server bug: ${(e as Error).message}` });
        return;
      }
      if (idemKey !== undefined && e.store) idempotency.saveError(ex, apiKey, idemKey, e);
      ex.sendError(e.status, e.error);
      return;
    }
    if (idemKey !== undefined) idempotency.save(ex, apiKey, idemKey, 200, payload);
    ex.send(200, payload);
  }

  function handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const ex = openExchange(req, res, raw);
    requests.push(ex.record);
    if (failed(ex)) return;
    const apiKey = authenticate(ex);
    if (apiKey === undefined) return;
    const idemKey = ex.method === "POST" ? header(ex.headers, "idempotency-key") : undefined;
    if (idemKey !== undefined && idempotency.answered(ex, apiKey, idemKey)) return;
    execute(ex, apiKey, idemKey);
  }

  return {
    requests,
    handle,
    /** The next `times` requests answer `status` (4xx/5xx); `times` 0 cancels what is pending. */
    failNext(status: number, times = 1) {
      if (!Number.isInteger(status) || status < 400 || status > 599)
        throw new RangeError(`failNext: ${status} is not an error status`);
      failures = times > 0 ? { status, remaining: times } : null;
    },
  };
}

/** The request's test secret key, or undefined once a 401 has been sent. */
function authenticate(ex: Exchange): string | undefined {
  const apiKey = /^Bearer (\S+)$/.exec(String(ex.headers.authorization ?? ""))?.[1];
  if (!apiKey) {
    ex.sendError(401, {
      type: "invalid_request_error",
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, " +
        "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    });
    return undefined;
  }
  if (!/^sk_test_[A-Za-z0-9_]+$/.test(apiKey)) {
    ex.sendError(401, {
      type: "invalid_request_error",
      code: "api_key_invalid",
      message: `Invalid API Key provided: ${redactKey(apiKey)}`,
    });
    return undefined;
  }
  return apiKey;
}
