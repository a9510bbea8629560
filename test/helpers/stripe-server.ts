/**
 * A small Stripe-compatible API server for tests (node:http on 127.0.0.1, a free port), so the real
 * `stripe` SDK can be pointed at it with host/port/protocol. It implements what the Payments adapter
 * uses — PaymentIntents, Refunds and Checkout Sessions (create, retrieve) — with Stripe's wire format:
 *
 * - requests are `application/x-www-form-urlencoded` with bracket notation (`metadata[itineraryId]=…`),
 *   parsed back into nested objects for `requests[i].body` (all values stay strings, as on the wire);
 * - `Authorization: Bearer sk_test_…` is required (401 otherwise);
 * - errors have Stripe's shape `{ error: { type, message, code, param, doc_url, request_id } }`;
 * - `Idempotency-Key` on POST: same key + same endpoint + same parameters → the stored response again,
 *   with `Idempotent-Replayed: true` and no new object; same key + other parameters or endpoint → 400
 *   `idempotency_error`. Like Stripe, validation failures (missing/invalid parameters) are not stored;
 *   results of executed requests, errors included, are. Failures injected with `failNext` are not stored
 *   either: they stand for a transient failure in front of Stripe's idempotency layer;
 * - a refund needs a *succeeded* intent (call `succeed(id)` first, as a real customer payment would)
 *   and cannot exceed what is left unrefunded (400 `amount_too_large`; 400 `charge_already_refunded`
 *   once nothing is left); an unknown intent is 404 `resource_missing`.
 *
 * Stricter than Stripe in one way: currency must be lower-case ISO 4217 (as Stripe documents it).
 *
 * The parts live in ./stripe-server/, one module per resource (payment intents, refunds, checkout sessions,
 * events) plus the request pipeline (api, idempotency, exchange) and the wire format.
 */
export { checkoutEvent, paymentIntentEvent, signedHeader, type WebhookTarget } from "./stripe-server/events";
export type { RecordedStripeRequest } from "./stripe-server/exchange";
export { type StripeTestServer, startStripeServer } from "./stripe-server/server";
export { parseForm } from "./stripe-server/wire";
