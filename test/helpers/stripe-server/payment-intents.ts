/**
 * PaymentIntents for the test Stripe server: `POST /v1/payment_intents`, `GET /v1/payment_intents/{id}`, and
 * the test-only moves a customer's card makes (succeed, decline).
 */
import { invalid, missing, optionalString, paramMissing, parseMetadata, requireInteger } from "./errors";
import { nowSeconds, token } from "./wire";

export type PaymentIntents = ReturnType<typeof paymentIntents>;

export function paymentIntents() {
  const intents = new Map<string, any>();

  function create(body: Record<string, unknown>): any {
    const intent = newIntent(body);
    intents.set(intent.id, intent);
    return intent;
  }

  function get(id: string): any {
    const intent = intents.get(id);
    if (!intent) throw missing("payment_intent", id, "intent");
    return intent;
  }

  /** Marks an intent paid, as Stripe does once the customer's card goes through. */
  function succeed(intentId: string): any {
    const intent = intents.get(intentId);
    if (!intent) throw new Error(`stripe test server: no intent ${intentId}`);
    intent.status = "succeeded";
    intent.amount_received = intent.amount;
    intent.latest_charge = `ch_${token(24)}`;
    intent.payment_method = `pm_${token(24)}`;
    intent.last_payment_error = null;
    return intent;
  }

  /** Records a declined attempt (status back to requires_payment_method). */
  function decline(intentId: string, message = "Your card was declined."): any {
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
  }

  return { intents, create, get, succeed, decline };
}

/** A new intent from a create request's parameters, in Stripe's shape (status requires_payment_method). */
function newIntent(body: Record<string, unknown>): any {
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
  return intent;
}
