/**
 * Stripe Checkout for the test Stripe server: `POST /v1/checkout/sessions`, `GET /v1/checkout/sessions/{id}`,
 * and the hosted page `/pay/{id}` standing in for checkout.stripe.com. Its "Pay" button succeeds the payment,
 * posts the signed `checkout.session.completed` webhook, then sends the browser to the session's success URL,
 * as Stripe does.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { invalid, missing } from "./errors";
import { checkoutEvent, deliverWebhook, type WebhookTarget } from "./events";
import { token } from "./wire";

export interface CheckoutDeps {
  baseUrl: () => string;
  /** Creates and succeeds a PaymentIntent in the server's store; returns it. */
  paidIntent: (input: { amount: number; currency: string; metadata: Record<string, string> }) => any;
}

export function checkoutSessions(deps: CheckoutDeps) {
  const sessions = new Map<string, any>();
  let webhook: WebhookTarget | null = null;

  function create(body: Record<string, unknown>): any {
    const session = newSession(body, deps.baseUrl());
    sessions.set(session.id, session);
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
      if (webhook) await deliverWebhook(webhook, checkoutEvent(session, token(24)));
    }
    return String(session.success_url).replace("{CHECKOUT_SESSION_ID}", id);
  }

  /** `GET /pay/{id}` shows the amount and a Pay button; `POST /pay/{id}` pays and redirects. */
  async function page(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const session = sessions.get(id);
    if (!session) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("No such checkout session.");
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(hostedPage(session));
      return;
    }
    try {
      const next = await complete(id);
      res.writeHead(303, { location: next }).end();
    } catch (err) {
      res.writeHead(502, { "content-type": "text/plain; charset=utf-8" }).end((err as Error).message);
    }
  }

  return {
    sessions,
    create,
    complete,
    page,
    get(id: string): any {
      const session = sessions.get(id);
      if (!session) throw missing("checkout.session", id, "session");
      return session;
    },
    setWebhook(target: WebhookTarget | null) {
      webhook = target;
    },
  };
}

/** A new open session from a create request's parameters (mode=payment, priced line items). */
function newSession(body: Record<string, unknown>, baseUrl: string): any {
  if (body.mode !== "payment") throw invalid("This test server supports mode=payment only.", "mode", "mode");
  const items = body.line_items as { quantity?: string; price_data?: any }[] | undefined;
  if (!Array.isArray(items) || items.length === 0)
    throw invalid("Missing required param: line_items.", "parameter_missing", "line_items");
  let amount = 0;
  let currency = "";
  for (const [i, item] of items.entries()) {
    const unit = Number(item.price_data?.unit_amount);
    const qty = Number(item.quantity ?? "1");
    if (!Number.isSafeInteger(unit) || unit < 0 || !Number.isSafeInteger(qty) || qty < 1)
      throw invalid("Invalid line item.", "parameter_invalid_integer", `line_items[${i}]`);
    currency = String(item.price_data?.currency ?? "");
    amount += unit * qty;
  }
  if (!/^[a-z]{3}$/.test(currency))
    throw invalid(`Invalid currency: ${currency}`, "parameter_invalid_string", "currency");
  for (const url of ["success_url", "cancel_url"]) {
    if (typeof body[url] !== "string" || !/^https?:\/\//.test(body[url] as string))
      throw invalid(`Not a valid URL: ${url}`, "url_invalid", url);
  }
  const id = `cs_test_${token(40)}`;
  return {
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
    url: `${baseUrl}/pay/${id}`,
  };
}

/** The hosted checkout page: the amount, a Pay button posting back to `/pay/{id}`, and a Cancel link. */
function hostedPage(session: any): string {
  const amount = `${(session.amount_total / 100).toFixed(2)} ${String(session.currency).toUpperCase()}`;
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test checkout</title></head><body>` +
    `<main><h1>Test checkout</h1><p>Amount: <strong id="amount">${amount}</strong></p>` +
    `<form method="post" action="/pay/${session.id}"><button type="submit">Pay</button></form>` +
    `<p><a href="${escapeHtml(String(session.cancel_url))}">Cancel</a></p></main></body></html>`
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
