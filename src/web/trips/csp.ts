import type { ServiceDeps } from "../../services/context";

/**
 * The origins a page's form may post or redirect to besides Caravan's own: the hosted card page
 * (Stripe Checkout) when card payment is configured. The CSP middleware adds them to `form-action`,
 * since browsers check a form's redirect target against it too.
 */
export function checkoutFormAction(deps: Pick<ServiceDeps, "payments">): string[] {
  return deps.payments ? [deps.payments.checkoutOrigin] : [];
}
