/**
 * Card payments. Real: the Stripe SDK (src/ports/payments-stripe.ts); without STRIPE_SECRET_KEY the
 * app gets `null` and card payment answers a clear problem instead.
 */
export interface PaymentIntentResult {
  id: string;
  clientSecret: string;
  status: string;
  amount: number;
  currency: string;
}

export interface RefundResult {
  id: string;
  status: string;
  amount: number;
}

/** The part of a verified webhook event the app uses. */
export interface PaymentEvent {
  id: string;
  type: string;
  created: number;
  object: {
    id: string;
    object: string;
    amount?: number;
    currency?: string;
    status?: string;
    metadata?: Record<string, string>;
    lastError?: string | null;
  };
}

export interface Payments {
  createPaymentIntent(input: {
    amount: number;
    currency: string;
    metadata: Record<string, string>;
    description: string;
    idempotencyKey: string;
  }): Promise<PaymentIntentResult>;
  refund(input: {
    paymentIntentId: string;
    amount: number;
    metadata: Record<string, string>;
    idempotencyKey: string;
  }): Promise<RefundResult>;
  /** Verifies the signature over the raw body (throws on a bad or stale one) and returns the event. */
  verifyWebhook(rawBody: string, signatureHeader: string): Promise<PaymentEvent>;
}
