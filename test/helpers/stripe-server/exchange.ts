/** One request to the test Stripe server and its answer, recorded for the test to inspect. */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import Stripe from "stripe";
import { errorBody, type StripeErrorFields } from "./errors";
import { parseForm, token } from "./wire";

export interface RecordedStripeRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/payment_intents`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed form body (POST) or query (GET), bracket notation expanded: `{ metadata: { itineraryId: "…" } }`. */
  body: Record<string, unknown>;
  /** The body (POST) or query string (GET) exactly as received, e.g. `amount=5000&metadata[itineraryId]=itn_1`. */
  raw: string;
  /** The status the server answered with. */
  status: number;
}

export interface Exchange {
  requestId: string;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  record: RecordedStripeRequest;
  /** Answers with JSON in Stripe's headers (`Request-Id`, `Stripe-Version`) and records the status. */
  send(status: number, payload: unknown, extraHeaders?: Record<string, string>): void;
  /** Answers `status` with a Stripe-shaped error body. */
  sendError(status: number, error: StripeErrorFields): void;
}

export function openExchange(req: IncomingMessage, res: ServerResponse, raw: string): Exchange {
  const requestId = `req_${token(14)}`;
  const url = new URL(req.url ?? "/", "http://localhost");
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname;
  const rawParams = method === "GET" || method === "DELETE" ? url.search.slice(1) : raw;
  const body = parseForm(rawParams);
  const record: RecordedStripeRequest = { method, path, headers: req.headers, body, raw: rawParams, status: 0 };
  const send = (status: number, payload: unknown, extraHeaders: Record<string, string> = {}): void => {
    record.status = status;
    res.writeHead(status, {
      "content-type": "application/json",
      "request-id": requestId,
      "stripe-version": String(req.headers["stripe-version"] ?? Stripe.API_VERSION),
      ...extraHeaders,
    });
    res.end(JSON.stringify(payload, null, 2));
  };
  return {
    requestId,
    method,
    path,
    headers: req.headers,
    body,
    record,
    send,
    sendError: (status, error) => send(status, errorBody(error, requestId)),
  };
}
