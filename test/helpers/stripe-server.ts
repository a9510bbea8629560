/**
 * A small Stripe-compatible API server for tests (node:http on 127.0.0.1, a free port), so the real
 * `stripe` SDK can be pointed at it with host/port/protocol. It implements what the Payments adapter
 * uses — PaymentIntents (create, retrieve) and Refunds (create, retrieve) — with Stripe's wire format:
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
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { checkoutSessions, type WebhookTarget } from "./stripe-checkout";

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

export interface StripeTestServer {
  /** e.g. `http://127.0.0.1:54321` */
  url: string;
  requests: RecordedStripeRequest[];
  intents: Map<string, any>;
  refunds: Map<string, any>;
  /** Checkout Sessions by id (test/helpers/stripe-checkout.ts). */
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

class StripeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: { type: string; message: string; code?: string; param?: string },
    /** Whether an idempotent request's outcome is stored (false for validation failures). */
    readonly store: boolean,
  ) {
    super(error.message);
  }
}

interface StoredIdempotent {
  method: string;
  path: string;
  params: string;
  status: number;
  body: unknown;
  requestId: string;
}

export async function startStripeServer(): Promise<StripeTestServer> {
  const requests: RecordedStripeRequest[] = [];
  const intents = new Map<string, any>();
  const refunds = new Map<string, any>();
  /** amount refunded so far, per intent */
  const refunded = new Map<string, number>();
  const idempotent = new Map<string, StoredIdempotent>();
  let failures: { status: number; remaining: number } | null = null;
  let baseUrl = "";
  const checkout = checkoutSessions({
    baseUrl: () => baseUrl,
    token,
    invalid: (message, code, param) => invalid(message, code, param),
    paidIntent: ({ amount, currency, metadata }) => {
      const intent = createIntent({ amount: String(amount), currency, metadata });
      return succeedIntent(intent.id);
    },
  });

  const server = createServer((req, res) => {
    const hosted = /^\/pay\/([^/?]+)/.exec(req.url ?? "");
    if (hosted) {
      req.resume();
      void checkout.page(req, res, decodeURIComponent(hosted[1]!));
      return;
    }
    readBody(req).then(
      (raw) => handle(req, res, raw),
      () => {
        res.statusCode = 400;
        res.end();
      },
    );
  });

  function handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const requestId = `req_${token(14)}`;
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;
    const rawParams = method === "GET" || method === "DELETE" ? url.search.slice(1) : raw;
    const body = parseForm(rawParams);
    const record: RecordedStripeRequest = { method, path, headers: req.headers, body, raw: rawParams, status: 0 };
    requests.push(record);

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
    const sendError = (e: StripeHttpError): void => send(e.status, errorBody(e.error, requestId));

    if (failures && failures.remaining > 0) {
      const { status } = failures;
      failures.remaining -= 1;
      if (failures.remaining === 0) failures = null;
      const type = status === 429 ? "rate_limit_error" : "api_error";
      const message =
        status === 429
          ? "Too many requests hit the API too quickly."
          : "An unknown error occurred while processing your request. Please try again.";
      send(status, errorBody({ type, message, ...(status === 429 ? { code: "rate_limit" } : {}) }, requestId));
      return;
    }

    const apiKey = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
    if (!apiKey) {
      send(
        401,
        errorBody(
          {
            type: "invalid_request_error",
            message:
              "You did not provide an API key. You need to provide your API key in the Authorization header, " +
              "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
          },
          requestId,
        ),
      );
      return;
    }
    if (!/^sk_test_[A-Za-z0-9_]+$/.test(apiKey)) {
      send(
        401,
        errorBody(
          {
            type: "invalid_request_error",
            code: "api_key_invalid",
            message: `Invalid API Key provided: ${redactKey(apiKey)}`,
          },
          requestId,
        ),
      );
      return;
    }

    const idemKey = method === "POST" ? header(req.headers, "idempotency-key") : undefined;
    if (idemKey !== undefined) {
      if (idemKey.length > 255) {
        sendError(invalid("Idempotency-Key header must be no longer than 255 characters.", "idempotency_key_too_long"));
        return;
      }
      const stored = idempotent.get(`${apiKey}\u0000${idemKey}`);
      if (stored) {
        if (stored.method !== method || stored.path !== path) {
          send(
            400,
            errorBody(
              {
                type: "idempotency_error",
                message:
                  `Keys for idempotent requests can only be used for the same endpoint they were first used for ` +
                  `('${stored.method} ${stored.path}' vs '${method} ${path}'). Try using a key other than ` +
                  `'${idemKey}' if you meant to execute a different request.`,
              },
              requestId,
            ),
          );
          return;
        }
        if (stored.params !== canonical(body)) {
          send(
            400,
            errorBody(
              {
                type: "idempotency_error",
                message:
                  `Keys for idempotent requests can only be used with the same parameters they were first used ` +
                  `with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
              },
              requestId,
            ),
          );
          return;
        }
        send(stored.status, stored.body, { "idempotent-replayed": "true", "original-request": stored.requestId });
        return;
      }
    }

    let status = 200;
    let payload: unknown;
    try {
      payload = route(method, path, body);
    } catch (e) {
      if (!(e instanceof StripeHttpError)) {
        send(500, errorBody({ type: "api_error", message: `Test server bug: ${(e as Error).message}` }, requestId));
        return;
      }
      if (idemKey !== undefined && e.store) {
        idempotent.set(`${apiKey}\u0000${idemKey}`, {
          method,
          path,
          params: canonical(body),
          status: e.status,
          body: errorBody(e.error, requestId),
          requestId,
        });
      }
      sendError(e);
      return;
    }
    if (idemKey !== undefined) {
      idempotent.set(`${apiKey}\u0000${idemKey}`, {
        method,
        path,
        params: canonical(body),
        status,
        body: payload,
        requestId,
      });
    }
    send(status, payload);
  }

  function route(method: string, path: string, body: Record<string, unknown>): unknown {
    if (method === "POST" && path === "/v1/payment_intents") return createIntent(body);
    if (method === "POST" && path === "/v1/refunds") return createRefund(body);
    if (method === "POST" && path === "/v1/checkout/sessions") return checkout.create(body);
    let m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (m && method === "GET") {
      const session = checkout.get(decodeURIComponent(m[1]!));
      if (!session) throw missing("checkout.session", decodeURIComponent(m[1]!), "session");
      return session;
    }
    m = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (m && method === "GET") {
      const intent = intents.get(decodeURIComponent(m[1]!));
      if (!intent) throw missing("payment_intent", decodeURIComponent(m[1]!), "intent");
      return intent;
    }
    m = /^\/v1\/refunds\/([^/]+)$/.exec(path);
    if (m && method === "GET") {
      const refund = refunds.get(decodeURIComponent(m[1]!));
      if (!refund) throw missing("refund", decodeURIComponent(m[1]!), "refund");
      return refund;
    }
    throw new StripeHttpError(
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

  function createIntent(body: Record<string, unknown>): any {
    const amount = requireInteger(body, "amount", 1);
    const currency = body.currency;
    if (currency === undefined || currency === "") throw paramMissing("currency");
    if (typeof currency !== "string" || !/^[a-z]{3}$/.test(currency)) {
      throw invalid(
        `Invalid currency: ${String(currency).toLowerCase()}. Stripe currently supports these currencies: usd, ` +
          `eur, rub, kzt, cny, …`,
        "parameter_invalid_string",
        "currency",
      );
    }
    const metadata = parseMetadata(body.metadata);
    const description = optionalString(body, "description");
    const apm = body.automatic_payment_methods as Record<string, unknown> | undefined;
    const automatic = apm && typeof apm === "object" ? apm.enabled === "true" : false;
    const id = `pi_${token(24)}`;
    const intent = {
      id,
      object: "payment_intent",
      amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: automatic ? { allow_redirects: "always", enabled: true } : null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: "automatic_async",
      client_secret: `${id}_secret_${token(25)}`,
      confirmation_method: "automatic",
      created: nowSeconds(),
      currency,
      customer: null,
      description,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata,
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_configuration_details: automatic ? { id: `pmc_${token(24)}`, parent: null } : null,
      payment_method_options: {
        card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" },
      },
      payment_method_types: ["card"],
      processing: null,
      receipt_email: null,
      review: null,
      setup_future_usage: null,
      shipping: null,
      source: null,
      statement_descriptor: null,
      statement_descriptor_suffix: null,
      status: "requires_payment_method",
      transfer_data: null,
      transfer_group: null,
    };
    intents.set(id, intent);
    return intent;
  }

  function createRefund(body: Record<string, unknown>): any {
    const piId = body.payment_intent;
    if (body.charge !== undefined && piId === undefined) {
      throw invalid("This test server only supports refunds by payment_intent.", "parameter_unknown", "charge");
    }
    if (typeof piId !== "string" || piId === "") throw paramMissing("payment_intent");
    const amount = body.amount === undefined ? undefined : requireInteger(body, "amount", 1);
    const metadata = parseMetadata(body.metadata);
    const reason = optionalString(body, "reason");
    if (reason !== null && !["duplicate", "fraudulent", "requested_by_customer"].includes(reason)) {
      throw invalid(
        `Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer`,
        "parameter_invalid_string",
        "reason",
      );
    }
    const intent = intents.get(piId);
    if (!intent) throw missing("payment_intent", piId, "payment_intent", true);
    if (intent.status !== "succeeded" || !intent.latest_charge) {
      throw new StripeHttpError(
        400,
        {
          type: "invalid_request_error",
          code: "payment_intent_unexpected_state",
          param: "payment_intent",
          message: `This PaymentIntent (${piId}) does not have a successful charge to refund.`,
        },
        true,
      );
    }
    const already = refunded.get(piId) ?? 0;
    const left = intent.amount_received - already;
    if (left <= 0) {
      throw new StripeHttpError(
        400,
        {
          type: "invalid_request_error",
          code: "charge_already_refunded",
          message: `Charge ${intent.latest_charge} has already been refunded.`,
        },
        true,
      );
    }
    const refundAmount = amount ?? left;
    if (refundAmount > left) {
      throw new StripeHttpError(
        400,
        {
          type: "invalid_request_error",
          code: "amount_too_large",
          param: "amount",
          message:
            `Refund amount (${money(refundAmount, intent.currency)}) is greater than unrefunded amount on charge ` +
            `(${money(left, intent.currency)})`,
        },
        true,
      );
    }
    refunded.set(piId, already + refundAmount);
    const id = `re_${token(24)}`;
    const refund = {
      id,
      object: "refund",
      amount: refundAmount,
      balance_transaction: `txn_${token(24)}`,
      charge: intent.latest_charge,
      created: nowSeconds(),
      currency: intent.currency,
      destination_details: {
        card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" },
        type: "card",
      },
      metadata,
      payment_intent: piId,
      reason,
      receipt_number: null,
      source_transfer_reversal: null,
      status: "succeeded",
      transfer_reversal: null,
    };
    refunds.set(id, refund);
    return refund;
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  function succeedIntent(intentId: string) {
    const intent = intents.get(intentId);
    if (!intent) throw new Error(`stripe test server: no intent ${intentId}`);
    intent.status = "succeeded";
    intent.amount_received = intent.amount;
    intent.latest_charge = `ch_${token(24)}`;
    intent.payment_method = `pm_${token(24)}`;
    intent.last_payment_error = null;
    return intent;
  }

  return {
    url: baseUrl,
    requests,
    intents,
    refunds,
    sessions: checkout.sessions,
    setWebhook: checkout.setWebhook,
    completeCheckout: checkout.complete,
    failNext(status: number, times = 1) {
      if (!Number.isInteger(status) || status < 400 || status > 599)
        throw new RangeError(`failNext: ${status} is not an error status`);
      failures = times > 0 ? { status, remaining: times } : null;
    },
    succeed: succeedIntent,
    decline(intentId: string, message = "Your card was declined.") {
      const intent = intents.get(intentId);
      if (!intent) throw new Error(`stripe test server: no intent ${intentId}`);
      const pm = `pm_${token(24)}`;
      intent.status = "requires_payment_method";
      intent.latest_charge = `ch_${token(24)}`;
      intent.payment_method = null;
      intent.last_payment_error = {
        charge: intent.latest_charge,
        code: "card_declined",
        decline_code: "generic_decline",
        doc_url: "https://stripe.com/docs/error-codes/card-declined",
        message,
        payment_method: { id: pm, object: "payment_method", type: "card" },
        type: "card_error",
      };
      return intent;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
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

// ---------------------------------------------------------------------------------------------

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** `a[b][c]=1&d[]=x&d[]=y&e[0]=z` → `{ a: { b: { c: "1" } }, d: ["x", "y"], e: ["z"] }` (values stay strings). */
export function parseForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const head = /^[^[]*/.exec(key)![0];
    const rest = key.slice(head.length);
    const parts = [head, ...Array.from(rest.matchAll(/\[([^\]]*)\]/g), (m) => m[1]!)];
    if (parts.some((p) => FORBIDDEN_KEYS.has(p))) continue;
    let node: any = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      if (part === "") {
        // `x[]=…`: append
        if (!Array.isArray(node.__list)) node.__list = [];
        if (last) node.__list.push(value);
        else {
          const child = {};
          node.__list.push(child);
          node = child;
        }
        continue;
      }
      if (last) node[part] = value;
      else {
        if (typeof node[part] !== "object" || node[part] === null) node[part] = {};
        node = node[part];
      }
    }
  }
  return normalise(root) as Record<string, unknown>;
}

function normalise(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const obj = value as Record<string, unknown>;
  if (Array.isArray(obj.__list) && Object.keys(obj).length === 1) return (obj.__list as unknown[]).map(normalise);
  const keys = Object.keys(obj);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    const sorted = keys.map(Number).sort((a, b) => a - b);
    if (sorted.every((n, i) => n === i)) return sorted.map((n) => normalise(obj[String(n)]));
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = normalise(obj[k]);
  return out;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function errorBody(error: { type: string; message: string; code?: string; param?: string }, requestId: string) {
  return {
    error: {
      ...(error.code
        ? { code: error.code, doc_url: `https://stripe.com/docs/error-codes/${error.code.replace(/_/g, "-")}` }
        : {}),
      message: error.message,
      ...(error.param ? { param: error.param } : {}),
      request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}?t=${nowSeconds()}`,
      type: error.type,
    },
  };
}

function invalid(message: string, code?: string, param?: string): StripeHttpError {
  return new StripeHttpError(
    400,
    { type: "invalid_request_error", message, ...(code ? { code } : {}), ...(param ? { param } : {}) },
    false,
  );
}

function paramMissing(param: string): StripeHttpError {
  return invalid(`Missing required param: ${param}.`, "parameter_missing", param);
}

function missing(kind: string, id: string, param: string, store = false): StripeHttpError {
  return new StripeHttpError(
    404,
    { type: "invalid_request_error", code: "resource_missing", param, message: `No such ${kind}: '${id}'` },
    store,
  );
}

function requireInteger(body: Record<string, unknown>, param: string, min: number): number {
  const raw = body[param];
  if (raw === undefined || raw === "") throw paramMissing(param);
  if (typeof raw !== "string" || !/^-?\d+$/.test(raw))
    throw invalid(`Invalid integer: ${String(raw)}`, "parameter_invalid_integer", param);
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw invalid(`Invalid integer: ${raw}`, "parameter_invalid_integer", param);
  if (n < min) throw invalid(`This value must be greater than or equal to ${min}.`, "parameter_invalid_integer", param);
  return n;
}

function optionalString(body: Record<string, unknown>, param: string): string | null {
  const v = body[param];
  if (v === undefined || v === "") return null;
  if (typeof v !== "string") throw invalid(`Invalid string: ${JSON.stringify(v)}`, "parameter_invalid_string", param);
  return v;
}

function parseMetadata(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === "") return {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw invalid("Invalid object", "parameter_invalid_string", "metadata");
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > 50)
    throw invalid("You can specify up to 50 keys in metadata.", "parameter_invalid_string", "metadata");
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (typeof v !== "string")
      throw invalid(`Invalid string: ${JSON.stringify(v)}`, "parameter_invalid_string", `metadata[${k}]`);
    if (k.length > 40)
      throw invalid(`Metadata keys can have up to 40 characters.`, "parameter_invalid_string", "metadata");
    if (v.length > 500)
      throw invalid(
        `Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters.`,
        "parameter_invalid_string",
        `metadata[${k}]`,
      );
    if (v !== "") out[k] = v; // an empty value unsets a key
  }
  return out;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function redactKey(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}${"*".repeat(key.length - 12)}${key.slice(-4)}` : "****";
}

function money(minor: number, currency: string): string {
  return `${(minor / 100).toFixed(2)} ${currency.toUpperCase()}`;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function token(n: number): string {
  const bytes = randomBytes(n);
  let s = "";
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return s;
}
