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

/** A hosted payment page (Stripe Checkout): the customer is sent to `url` and comes back to the success URL. */
export interface CheckoutSessionResult {
  id: string;
  url: string;
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
    /** A Checkout Session's PaymentIntent (`checkout.session.*` events). */
    paymentIntent?: string | null;
    /** A Checkout Session's `payment_status`: `paid`, `unpaid` or `no_payment_required`. */
    paymentStatus?: string;
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
  /** A hosted card payment page for `amount`; the card never touches Caravan. */
  createCheckoutSession(input: {
    amount: number;
    currency: string;
    metadata: Record<string, string>;
    description: string;
    successUrl: string;
    cancelUrl: string;
    /** Stripe's page language (`en`, `ru`, `zh`, …); Kazakh falls back to Stripe's automatic choice. */
    locale?: string;
    idempotencyKey: string;
  }): Promise<CheckoutSessionResult>;
  /** The origin of the hosted payment page (the web app's CSP `form-action` must allow it). */
  readonly checkoutOrigin: string;
  refund(input: {
    paymentIntentId: string;
    amount: number;
    metadata: Record<string, string>;
    idempotencyKey: string;
  }): Promise<RefundResult>;
  /** Verifies the signature over the raw body (throws on a bad or stale one) and returns the event. */
  verifyWebhook(rawBody: string, signatureHeader: string): Promise<PaymentEvent>;
}
