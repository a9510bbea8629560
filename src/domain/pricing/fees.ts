/** Concierge fees: their own lines, computed on travel only, never on medical lines. */
import { roundHalfEven } from "./fx";
import { type Money, PricingError, assertSafeAmount, minorUnitExponent, toSafeNumber } from "./money";

export interface FeePolicy {
  /** basis points of the travel subtotal */
  percentBp: number;
  flat: Money;
}

export interface FeeLine {
  kind: "concierge_percent" | "concierge_flat";
  description: string;
  amount: Money;
}

/** 250 → "2.5", 500 → "5", 1234 → "12.34" — basis points as a percentage, no floats. */
export function formatBasisPoints(bp: number): string {
  const digits = String(bp).padStart(3, "0");
  const whole = digits.slice(0, -2);
  const rest = digits.slice(-2).replace(/0+$/, "");
  return rest === "" ? whole : `${whole}.${rest}`;
}

function checkPolicy(policy: FeePolicy): void {
  if (!Number.isSafeInteger(policy.percentBp) || policy.percentBp < 0) {
    throw new PricingError(
      "invalid_fee_policy",
      `percentBp must be a non-negative integer, got ${String(policy.percentBp)}`,
    );
  }
  assertSafeAmount(policy.flat.amount, "flat fee");
  if (policy.flat.amount < 0) {
    throw new PricingError("invalid_fee_policy", "the flat fee cannot be negative");
  }
  minorUnitExponent(policy.flat.currency);
}

/**
 * Fees in the policy's flat currency: percent of travelSubtotal (which must already be in that
 * currency, else PricingError("currency_mismatch")), half-even, plus the flat fee; zero-amount
 * lines are omitted. No travel (subtotal ≤ 0), no concierge fee at all.
 */
export function conciergeFees(travelSubtotal: Money, policy: FeePolicy): FeeLine[] {
  checkPolicy(policy);
  const currency = policy.flat.currency;
  if (travelSubtotal.currency !== currency) {
    throw new PricingError(
      "currency_mismatch",
      `the travel subtotal is in ${JSON.stringify(travelSubtotal.currency)} but the fee policy is in ${currency}`,
    );
  }
  assertSafeAmount(travelSubtotal.amount, "travel subtotal");
  if (travelSubtotal.amount <= 0) return [];

  const lines: FeeLine[] = [];
  const percent = toSafeNumber(
    roundHalfEven(BigInt(travelSubtotal.amount) * BigInt(policy.percentBp), 10_000n),
    "percentage fee",
  );
  if (percent > 0) {
    lines.push({
      kind: "concierge_percent",
      description: `Concierge fee: ${formatBasisPoints(policy.percentBp)}% of the travel subtotal`,
      amount: { amount: percent, currency },
    });
  }
  if (policy.flat.amount > 0) {
    lines.push({
      kind: "concierge_flat",
      description: "Concierge fee: flat",
      amount: { amount: policy.flat.amount, currency },
    });
  }
  return lines;
}
