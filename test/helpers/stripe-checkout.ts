/**
 * Stripe Checkout for the test Stripe server (test/helpers/stripe-server.ts): `POST /v1/checkout/sessions`,
 * `GET /v1/checkout/sessions/{id}`, and the hosted page `/pay/{id}` standing in for checkout.stripe.com.
 * Its "Pay" button succeeds the payment, posts the signed `checkout.session.completed` webhook, then
 * sends the browser to the session's success URL, as Stripe does.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import Stripe from "stripe";

/** Where the hosted page's webhook goes: a URL (a running app) or a function (an in-process app). */
export interface WebhookTarget {
  secret: string;
  url?: string;
  deliver?: (payload: string, signature: string) => { status: number } | Promise<{ status: number }>;
}

export interface CheckoutDeps {
  baseUrl: () => string;
  token: (n: number) => string;
  /** Creates and succeeds a PaymentIntent in the server's store; returns it. */
  paidIntent: (input: { amount: number; currency: string; metadata: Record<string, string> }) => any;
  /** A 400 invalid_request_error in Stripe's shape. */
  invalid: (message: string, code: string, param: string) => Error;
}

export function checkoutSessions(deps: CheckoutDeps) {
  const sessions = new Map<string, any>();
  let webhook: WebhookTarget | null = null;

  function create(body: Record<string, unknown>): any {
    if (body.mode !== "payment") throw deps.invalid("This test server supports mode=payment only.", "mode", "mode");
    const items = body.line_items as { quantity?: string; price_data?: any }[] | undefined;
    if (!Array.isArray(items) || items.length === 0)
      throw deps.invalid("Missing required param: line_items.", "parameter_missing", "line_items");
    let amount = 0;
    let currency = "";
    for (const [i, item] of items.entries()) {
      const unit = Number(item.price_data?.unit_amount);
      const qty = Number(item.quantity ?? "1");
      if (!Number.isSafeInteger(unit) || unit < 0 || !Number.isSafeInteger(qty) || qty < 1)
        throw deps.invalid("Invalid line item.", "parameter_invalid_integer", `line_items[${i}]`);
      currency = String(item.price_data?.currency ?? "");
      amount += unit * qty;
    }
    if (!/^[a-z]{3}$/.test(currency))
      throw deps.invalid(`Invalid currency: ${currency}`, "parameter_invalid_string", "currency");
    for (const url of ["success_url", "cancel_url"]) {
      if (typeof body[url] !== "string" || !/^https?:\/\//.test(body[url] as string))
        throw deps.invalid(`Not a valid URL: ${url}`, "url_invalid", url);
    }
    const id = `cs_test_${deps.token(40)}`;
    const session = {
      id,
      object: "checkout.session",
      amount_subtotal: amount,
      amount_total: amount,
      cancel_url: body.cancel_url,
      client_reference_id: body.client_reference_id ?? null,
      created: Math.floor(Date.now() / 1000),
      currency,
      expires_at: Math.floor(Date.now() / 1000) + 86_400,
      livemode: false,
      locale: body.locale ?? null,
      metadata: (body.metadata as Record<string, string> | undefined) ?? {},
      mode: "payment",
      payment_intent: null as string | null,
      payment_intent_data: body.payment_intent_data ?? {},
      payment_status: "unpaid",
      status: "open",
      success_url: body.success_url,
      url: `${deps.baseUrl()}/pay/${id}`,
    };
    sessions.set(id, session);
    return session;
  }

  /** Pays a session as a customer would on the hosted page; returns where the browser goes next. */
  async function complete(id: string): Promise<string> {
    const session = sessions.get(id);
    if (!session) throw new Error(`stripe test server: no checkout session ${id}`);
    if (session.status === "open") {
      const intent = deps.paidIntent({
        amount: session.amount_total,
        currency: session.currency,
        metadata: session.payment_intent_data?.metadata ?? session.metadata,
      });
      Object.assign(session, { payment_intent: intent.id, payment_status: "paid", status: "complete" });
      await deliver(checkoutEvent(session, deps.token(24)));
    }
    return String(session.success_url).replace("{CHECKOUT_SESSION_ID}", id);
  }

  async function deliver(payload: string): Promise<void> {
    if (!webhook) return;
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhook.secret });
    const res = webhook.deliver
      ? await webhook.deliver(payload, signature)
      : await fetch(webhook.url!, {
          method: "POST",
          headers: { "content-type": "application/json", "stripe-signature": signature },
          body: payload,
        });
    if (res.status !== 200) throw new Error(`stripe test server: the webhook answered ${res.status}`);
  }

  /** `GET /pay/{id}` shows the amount and a Pay button; `POST /pay/{id}` pays and redirects. */
  async function page(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const session = sessions.get(id);
    if (!session) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("No such checkout session.");
      return;
    }
    if (req.method === "POST") {
      try {
        const next = await complete(id);
        res.writeHead(303, { location: next }).end();
      } catch (err) {
        res.writeHead(502, { "content-type": "text/plain; charset=utf-8" }).end((err as Error).message);
      }
      return;
    }
    const amount = `${(session.amount_total / 100).toFixed(2)} ${String(session.currency).toUpperCase()}`;
    res
      .writeHead(200, { "content-type": "text/html; charset=utf-8" })
      .end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test checkout</title></head><body>` +
          `<main><h1>Test checkout</h1><p>Amount: <strong id="amount">${amount}</strong></p>` +
          `<form method="post" action="/pay/${id}"><button type="submit">Pay</button></form>` +
          `<p><a href="${escapeHtml(String(session.cancel_url))}">Cancel</a></p></main></body></html>`,
      );
  }

  return {
    sessions,
    create,
    complete,
    page,
    get(id: string): any {
      return sessions.get(id);
    },
    setWebhook(target: WebhookTarget | null) {
      webhook = target;
    },
  };
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

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
