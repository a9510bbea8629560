/**
 * Stripe Events for tests: the JSON text Stripe posts to a webhook endpoint, its `Stripe-Signature` header from
 * the SDK's own test helper, and delivery of a signed event to the app (over HTTP or in process).
 */
import Stripe from "stripe";
import { nowSeconds, token } from "./wire";

/** Where the hosted page's webhook goes: a URL (a running app) or a function (an in-process app). */
export interface WebhookTarget {
  secret: string;
  url?: string;
  deliver?: (payload: string, signature: string) => { status: number } | Promise<{ status: number }>;
}

/**
 * The JSON text of a realistic Stripe Event wrapping `intent` (pretty-printed, as Stripe sends it —
 * sign exactly this string with `signedHeader`).
 */
export function paymentIntentEvent(
  type: "payment_intent.succeeded" | "payment_intent.payment_failed",
  intent: any,
  opts: { id?: string; created?: number } = {},
): string {
  const event = {
    id: opts.id ?? `evt_${token(24)}`,
    object: "event",
    api_version: Stripe.API_VERSION,
    created: opts.created ?? nowSeconds(),
    data: { object: intent },
    livemode: false,
    pending_webhooks: 1,
    request: { id: `req_${token(14)}`, idempotency_key: null },
    type,
  };
  return JSON.stringify(event, null, 2);
}

/** The JSON text of a `checkout.session.completed` event wrapping `session` (sign exactly this string). */
export function checkoutEvent(session: any, suffix: string): string {
  const event = {
    id: `evt_${suffix}`,
    object: "event",
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    data: { object: session },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: "checkout.session.completed",
  };
  return JSON.stringify(event, null, 2);
}

/**
 * A `Stripe-Signature` header value for `payload`, from the SDK's own test helper (timestamp in seconds, default now).
 */
export function signedHeader(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestamp !== undefined ? { timestamp } : {}),
  });
}

/** Posts `payload`, signed with the target's secret; anything but 200 from the app is an error. */
export async function deliverWebhook(target: WebhookTarget, payload: string): Promise<void> {
  const signature = signedHeader(payload, target.secret);
  const res = target.deliver
    ? await target.deliver(payload, signature)
    : await fetch(target.url!, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body: payload,
      });
  if (res.status !== 200) throw new Error(`stripe test server: the webhook answered ${res.status}`);
}
