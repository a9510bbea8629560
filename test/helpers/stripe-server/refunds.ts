/**
 * Refunds for the test Stripe server: `POST /v1/refunds` against a succeeded PaymentIntent, at most what is left
 * unrefunded, and `GET /v1/refunds/{id}`.
 */
import {
  invalid,
  missing,
  optionalString,
  paramMissing,
  parseMetadata,
  requireInteger,
  StripeHttpError,
} from "./errors";
import { money, nowSeconds, token } from "./wire";

interface RefundRequest {
  piId: string;
  amount: number | undefined;
  metadata: Record<string, string>;
  reason: string | null;
}

export function refundStore(intents: Map<string, any>) {
  const refunds = new Map<string, any>();
  /** amount refunded so far, per intent */
  const refunded = new Map<string, number>();

  function create(body: Record<string, unknown>): any {
    const request = parseRefund(body);
    const intent = intents.get(request.piId);
    if (!intent) throw missing("payment_intent", request.piId, "payment_intent", true);
    const already = refunded.get(request.piId) ?? 0;
    const refundAmount = refundableAmount(intent, request, already);
    refunded.set(request.piId, already + refundAmount);
    const refund = newRefund(intent, request, refundAmount);
    refunds.set(refund.id, refund);
    return refund;
  }

  function get(id: string): any {
    const refund = refunds.get(id);
    if (!refund) throw missing("refund", id, "refund");
    return refund;
  }

  return { refunds, create, get };
}

/** The request's parameters, checked (validation failures are not stored under an idempotency key). */
function parseRefund(body: Record<string, unknown>): RefundRequest {
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
  return { piId, amount, metadata, reason };
}

/** The amount this refund takes: the one asked for, or all that is left; a succeeded charge must be there. */
function refundableAmount(intent: any, request: RefundRequest, already: number): number {
  if (intent.status !== "succeeded" || !intent.latest_charge) {
    throw refusal(
      "payment_intent_unexpected_state",
      `This PaymentIntent (${request.piId}) does not have a successful charge to refund.`,
      "payment_intent",
    );
  }
  const left = intent.amount_received - already;
  if (left <= 0) {
    throw refusal("charge_already_refunded", `Charge ${intent.latest_charge} has already been refunded.`);
  }
  const refundAmount = request.amount ?? left;
  if (refundAmount > left) {
    throw refusal(
      "amount_too_large",
      `Refund amount (${money(refundAmount, intent.currency)}) is greater than unrefunded amount on charge ` +
        `(${money(left, intent.currency)})`,
      "amount",
    );
  }
  return refundAmount;
}

/** A 400 for a refund Stripe executed and refused: stored under its idempotency key. */
function refusal(code: string, message: string, param?: string): StripeHttpError {
  return new StripeHttpError(400, { type: "invalid_request_error", code, ...(param ? { param } : {}), message }, true);
}

function newRefund(intent: any, request: RefundRequest, amount: number): any {
  return {
    id: `re_${token(24)}`,
    object: "refund",
    amount,
    balance_transaction: `txn_${token(24)}`,
    charge: intent.latest_charge,
    created: nowSeconds(),
    currency: intent.currency,
    destination_details: {
      card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" },
      type: "card",
    },
    metadata: request.metadata,
    payment_intent: request.piId,
    reason: request.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  };
}
