/** The test Stripe server itself: node:http on 127.0.0.1 (a free port), routing to each resource's store. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { stripeApi } from "./api";
import { checkoutSessions } from "./checkout-sessions";
import { StripeHttpError } from "./errors";
import type { WebhookTarget } from "./events";
import type { RecordedStripeRequest } from "./exchange";
import { paymentIntents } from "./payment-intents";
import { refundStore } from "./refunds";
import { readBody } from "./wire";

export interface StripeTestServer {
  /** e.g. `http://127.0.0.1:54321` */
  url: string;
  requests: RecordedStripeRequest[];
  intents: Map<string, any>;
  refunds: Map<string, any>;
  /** Checkout Sessions by id (./checkout-sessions.ts). */
  sessions: Map<string, any>;
  /** Where the hosted page `/pay/{session}` posts the signed `checkout.session.completed` webhook. */
  setWebhook(target: WebhookTarget | null): void;
  /** Pays a Checkout Session as the hosted page's Pay button does; returns the success URL. */
  completeCheckout(sessionId: string): Promise<string>;
  /** The next `times` (default 1) requests, whatever they are, answer `status` (4xx/5xx) with a Stripe-shaped
   *  error; `times` 0 cancels what is pending. */
  failNext(status: number, times?: number): void;
  /** Marks an intent paid, as Stripe does once the customer's card goes through; returns the intent. */
  succeed(intentId: string): any;
  /** Records a declined attempt on an intent (status back to requires_payment_method); returns the intent. */
  decline(intentId: string, message?: string): any;
  close(): Promise<void>;
}

export async function startStripeServer(): Promise<StripeTestServer> {
  let baseUrl = "";
  const intents = paymentIntents();
  const refunds = refundStore(intents.intents);
  const checkout = checkoutSessions({
    baseUrl: () => baseUrl,
    paidIntent: ({ amount, currency, metadata }) =>
      intents.succeed(intents.create({ amount: String(amount), currency, metadata }).id),
  });
  const api = stripeApi((method, path, body) => {
    if (method === "POST" && path === "/v1/payment_intents") return intents.create(body);
    if (method === "POST" && path === "/v1/refunds") return refunds.create(body);
    if (method === "POST" && path === "/v1/checkout/sessions") return checkout.create(body);
    const m = /^\/v1\/(checkout\/sessions|payment_intents|refunds)\/([^/]+)$/.exec(path);
    if (m && method === "GET") {
      const id = decodeURIComponent(m[2]!);
      if (m[1] === "checkout/sessions") return checkout.get(id);
      return m[1] === "payment_intents" ? intents.get(id) : refunds.get(id);
    }
    throw unrecognized(method, path);
  });

  const server = createServer((req, res) => {
    const hosted = /^\/pay\/([^/?]+)/.exec(req.url ?? "");
    if (hosted) {
      req.resume();
      void checkout.page(req, res, decodeURIComponent(hosted[1]!));
      return;
    }
    readBody(req).then(
      (raw) => api.handle(req, res, raw),
      () => {
        res.statusCode = 400;
        res.end();
      },
    );
  });
  baseUrl = await listen(server);

  return {
    url: baseUrl,
    requests: api.requests,
    intents: intents.intents,
    refunds: refunds.refunds,
    sessions: checkout.sessions,
    setWebhook: checkout.setWebhook,
    completeCheckout: checkout.complete,
    failNext: api.failNext,
    succeed: intents.succeed,
    decline: intents.decline,
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function unrecognized(method: string, path: string): StripeHttpError {
  return new StripeHttpError(
    404,
    {
      type: "invalid_request_error",
      message:
        `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at ` +
        `https://support.stripe.com/.`,
    },
    false,
  );
}

/** Listens on a free port of 127.0.0.1; returns the server's base URL. */
async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}
