/**
 * The `Payments` port on the real Stripe SDK (`stripe`, Node and Workers builds alike).
 *
 * - Stripe's own idempotency keys carry ours, so a retried request never charges or refunds twice.
 * - The SDK retries network failures, 409s and 5xxs itself (`maxNetworkRetries: 2`, exponential
 *   backoff from 0.5 s) with the same idempotency key.
 * - Errors never carry Stripe's wording to clients: `PaymentProviderError.message` is ours and safe,
 *   `.code` is Stripe's machine code (e.g. `amount_too_large`) or the error category, and the SDK
 *   error (with Stripe's message and request id) is kept in `.cause` for logs.
 * - Webhooks are verified with `constructEventAsync` (Web Crypto on Workers, node:crypto on Node).
 */
import Stripe from "stripe";
import type { CheckoutSessionResult, PaymentEvent, PaymentIntentResult, Payments, RefundResult } from "./payments.js";

/** A failed call to the payment provider; `.message` is safe to show, `.cause` holds the SDK error. */
export class PaymentProviderError extends Error {
  override readonly name = "PaymentProviderError";
  /** Stripe's error code when it gave one (`amount_too_large`, `resource_missing`, …), else a category
   *  (`api_error`, `connection_error`, `authentication_error`, `rate_limit_error`, `idempotency_error`,
   *  `invalid_request_error`, `card_error`, `permission_error`, `invalid_response`, `unknown`). */
  readonly code: string;
  /** The HTTP status Stripe answered with; absent when no answer came (connection failure). */
  readonly status?: number;
  constructor(message: string, opts: { code: string; status?: number; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = opts.code;
    if (opts.status !== undefined) this.status = opts.status;
  }
}

/** A webhook whose signature is missing, wrong or stale (or whose signed body is not an event). */
export class WebhookSignatureError extends Error {
  override readonly name = "WebhookSignatureError";
  readonly reason: "invalid_signature" | "stale_timestamp" | "malformed_payload";
  constructor(message: string, reason: WebhookSignatureError["reason"], opts?: { cause?: unknown }) {
    super(message, opts);
    this.reason = reason;
  }
}

export interface StripePaymentsOptions {
  secretKey: string;
  webhookSecret: string;
  /** Where the API lives, e.g. `http://127.0.0.1:12111` for tests; default Stripe's (https://api.stripe.com). */
  apiUrl?: string;
  /** Where the hosted payment page lives (the CSP form-action source); default Stripe's, or `apiUrl`'s origin. */
  checkoutOrigin?: string;
  /**
   * How old a webhook signature may be, in seconds (default 300, Stripe's). Must be > 0: the SDK treats 0 as
   * "default".
   */
  webhookToleranceSeconds?: number;
}

const DEFAULT_TOLERANCE_SECONDS = 300;

export function createStripePayments(opts: StripePaymentsOptions): Payments {
  if (!opts.secretKey) throw new TypeError("createStripePayments: secretKey is required");
  if (!opts.webhookSecret) throw new TypeError("createStripePayments: webhookSecret is required");
  const tolerance = opts.webhookToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!Number.isFinite(tolerance) || tolerance <= 0) {
    // The SDK does `tolerance || 300`, so 0 would silently mean 300 and a negative value would disable the check.
    throw new RangeError("createStripePayments: webhookToleranceSeconds must be a positive number");
  }

  const config: Stripe.StripeConfig = { maxNetworkRetries: 2, timeout: 10_000 };
  if (opts.apiUrl) Object.assign(config, apiLocation(opts.apiUrl));
  const stripe = new Stripe(opts.secretKey, config);
  const webhookSecret = opts.webhookSecret;
  const checkoutOrigin = opts.checkoutOrigin ?? (opts.apiUrl ? new URL(opts.apiUrl).origin : STRIPE_CHECKOUT_ORIGIN);

  return {
    checkoutOrigin,

    createCheckoutSession: (input) => createCheckoutSession(stripe, input),

    createPaymentIntent: (input) => createPaymentIntent(stripe, input),

    async refund(input): Promise<RefundResult> {
      let refund: Stripe.Refund;
      try {
        refund = await stripe.refunds.create(
          { payment_intent: input.paymentIntentId, amount: input.amount, metadata: input.metadata },
          { idempotencyKey: input.idempotencyKey },
        );
      } catch (err) {
        throw toProviderError(err, "refund the payment");
      }
      return { id: refund.id, status: refund.status ?? "pending", amount: refund.amount };
    },

    async verifyWebhook(rawBody, signatureHeader): Promise<PaymentEvent> {
      let event: Stripe.Event;
      try {
        event = await stripe.webhooks.constructEventAsync(rawBody, signatureHeader, webhookSecret, tolerance);
      } catch (err) {
        if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
          const stale = /tolerance/i.test(err.message);
          throw new WebhookSignatureError(
            stale ? "Webhook signature timestamp is too old." : "Webhook signature is missing or invalid.",
            stale ? "stale_timestamp" : "invalid_signature",
            { cause: err },
          );
        }
        // Signed correctly but not JSON (constructEventAsync parses after verifying).
        throw new WebhookSignatureError("Webhook payload is not a valid event.", "malformed_payload", { cause: err });
      }
      return toPaymentEvent(event);
    },
  };
}

/** A PaymentIntent for the amount due, any payment method the account enables. */
async function createPaymentIntent(
  stripe: Stripe,
  input: Parameters<Payments["createPaymentIntent"]>[0],
): Promise<PaymentIntentResult> {
  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe.paymentIntents.create(
      {
        amount: input.amount,
        currency: input.currency.toLowerCase(),
        metadata: input.metadata,
        description: input.description,
        automatic_payment_methods: { enabled: true },
      },
      { idempotencyKey: input.idempotencyKey },
    );
  } catch (err) {
    throw toProviderError(err, "create a payment");
  }
  if (!intent.client_secret) {
    throw new PaymentProviderError("The payment provider returned an unusable payment.", {
      code: "invalid_response",
    });
  }
  return {
    id: intent.id,
    clientSecret: intent.client_secret,
    status: intent.status,
    amount: intent.amount,
    currency: intent.currency.toUpperCase(),
  };
}

/** A hosted payment-mode Checkout page for one line, what is due now; the PaymentIntent carries our metadata. */
async function createCheckoutSession(
  stripe: Stripe,
  input: Parameters<Payments["createCheckoutSession"]>[0],
): Promise<CheckoutSessionResult> {
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: input.currency.toLowerCase(),
              unit_amount: input.amount,
              product_data: { name: input.description },
            },
          },
        ],
        metadata: input.metadata,
        payment_intent_data: { metadata: input.metadata, description: input.description },
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
        locale: checkoutLocale(input.locale),
      },
      { idempotencyKey: input.idempotencyKey },
    );
  } catch (err) {
    throw toProviderError(err, "start a card payment");
  }
  if (!session.url) {
    throw new PaymentProviderError("The payment provider returned an unusable payment page.", {
      code: "invalid_response",
    });
  }
  return {
    id: session.id,
    url: session.url,
    status: session.status ?? "open",
    amount: session.amount_total ?? input.amount,
    currency: (session.currency ?? input.currency).toUpperCase(),
  };
}

const STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com";
const CHECKOUT_LOCALES = new Set(["en", "ru", "zh"]);

/** Stripe Checkout speaks English, Russian and Chinese of ours; Kazakh (and others) let the browser choose. */
function checkoutLocale(locale: string | undefined): Stripe.Checkout.SessionCreateParams.Locale {
  return locale && CHECKOUT_LOCALES.has(locale) ? (locale as Stripe.Checkout.SessionCreateParams.Locale) : "auto";
}

/** `http://127.0.0.1:12111` → the SDK's separate host / port / protocol settings (it has no base-URL option). */
function apiLocation(apiUrl: string): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  const url = new URL(apiUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`createStripePayments: apiUrl must be http(s), got ${url.protocol}`);
  }
  if (url.pathname !== "/" && url.pathname !== "") {
    // The SDK always requests /v1/… from the root of the host; a path prefix cannot be honoured.
    throw new TypeError("createStripePayments: apiUrl must not have a path");
  }
  const protocol = url.protocol === "http:" ? "http" : "https";
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    // The SDK defaults the port to 443 whatever the protocol, so an http URL without a port needs 80 spelled out.
    port: url.port ? Number(url.port) : protocol === "http" ? 80 : 443,
    protocol,
  };
}

function toPaymentEvent(event: Stripe.Event): PaymentEvent {
  const obj = (event as { data?: { object?: unknown } }).data?.object as Record<string, unknown> | undefined;
  if (
    typeof event.id !== "string" ||
    typeof event.type !== "string" ||
    !obj ||
    typeof obj.id !== "string" ||
    typeof obj.object !== "string"
  ) {
    throw new WebhookSignatureError("Webhook payload is not a valid event.", "malformed_payload");
  }
  const object: PaymentEvent["object"] = { id: obj.id, object: obj.object };
  if (typeof obj.amount === "number") object.amount = obj.amount;
  else if (typeof obj.amount_total === "number") object.amount = obj.amount_total;
  if (typeof obj.currency === "string") object.currency = obj.currency.toUpperCase();
  if (typeof obj.status === "string") object.status = obj.status;
  if (obj.metadata && typeof obj.metadata === "object")
    object.metadata = { ...(obj.metadata as Record<string, string>) };
  if (obj.object === "checkout.session") {
    const pi = obj.payment_intent as string | { id?: unknown } | null | undefined;
    object.paymentIntent = typeof pi === "string" ? pi : typeof pi?.id === "string" ? pi.id : null;
    if (typeof obj.payment_status === "string") object.paymentStatus = obj.payment_status;
  }
  if ("last_payment_error" in obj) {
    const lastError = obj.last_payment_error as { message?: unknown } | null | undefined;
    object.lastError = typeof lastError?.message === "string" ? lastError.message : null;
  }
  return { id: event.id, type: event.type, created: event.created, object };
}

const SAFE_MESSAGES: Record<string, string> = {
  connection_error: "The payment provider could not be reached.",
  api_error: "The payment provider had an internal problem.",
  authentication_error: "The payment provider rejected our credentials.",
  permission_error: "The payment provider refused the operation.",
  rate_limit_error: "The payment provider is busy; try again shortly.",
  idempotency_error: "The payment provider saw a conflicting retry of this request.",
  card_error: "The card was declined.",
};

function toProviderError(err: unknown, action: string): PaymentProviderError {
  if (err instanceof PaymentProviderError) return err;
  if (err instanceof Stripe.errors.StripeError) {
    const category = categoryOf(err);
    const message = SAFE_MESSAGES[category] ?? `The payment provider could not ${action}.`;
    return new PaymentProviderError(message, {
      code: err.code ?? category,
      ...(err.statusCode !== undefined ? { status: err.statusCode } : {}),
      cause: err,
    });
  }
  return new PaymentProviderError(`The payment provider could not ${action}.`, { code: "unknown", cause: err });
}

function categoryOf(err: InstanceType<typeof Stripe.errors.StripeError>): string {
  switch (err.type) {
    case "StripeConnectionError":
      return "connection_error";
    case "StripeAPIError":
      return "api_error";
    case "StripeAuthenticationError":
      return "authentication_error";
    case "StripePermissionError":
      return "permission_error";
    case "StripeRateLimitError":
      return "rate_limit_error";
    case "StripeIdempotencyError":
      return "idempotency_error";
    case "StripeCardError":
      return "card_error";
    case "StripeInvalidRequestError":
      return "invalid_request_error";
    default:
      return err.rawType ?? "unknown";
  }
}
