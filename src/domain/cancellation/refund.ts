import { convert, type ResolvedRate, roundHalfEven } from "../pricing/fx";
import { type Money, PricingError } from "../pricing/money";
import { type PolicyInput, refundAt } from "./policy";

/** One component of an itinerary being cancelled. */
export interface CancelledComponent {
  componentId: string;
  type: string;
  /** What the component cost (travel components; zero for what is paid at the hospital). */
  price: Money;
  policy: PolicyInput;
}

export interface RefundInput {
  components: CancelledComponent[];
  /** UTC ISO instant of the cancellation. */
  now: string;
  /** What the refund is paid in: the hospital's currency. */
  currency: string;
  /** Paid less already refunded, in `currency`. */
  net: number;
  /** The itinerary's travel total and concierge fees, in `currency`. */
  travelTotal: number;
  fees: number;
  /** The rates the itinerary was priced with. */
  rates: ResolvedRate[];
}

export interface RefundQuote {
  lines: { componentId: string; type: string; price: Money; refund: Money }[];
  /** The fees refunded pro rata of the travel refunded. */
  feeRefund: number;
  /** Never more than was paid. */
  total: number;
}

/**
 * What cancelling refunds: each component by its policy, converted to `currency`, the fees pro rata
 * (half-even), the whole capped at what was paid. Nothing is refunded when nothing was paid.
 * Throws PricingError `fx_unavailable` when a component's currency has no rate.
 */
export function cancellationRefund(input: RefundInput): RefundQuote {
  const cur = input.currency;
  const toCurrency = (m: Money) => {
    if (m.currency === cur) return m.amount;
    const r = input.rates.find((x) => x.from === m.currency && x.to === cur);
    if (!r) throw new PricingError("fx_unavailable", `No exchange rate ${m.currency}→${cur}.`);
    return convert(m, r).amount;
  };
  const paid = input.net > 0;
  const lines = input.components.map((c) => {
    const refund = paid ? refundAt(c.policy, input.now) : { amount: 0, currency: c.price.currency };
    return {
      componentId: c.componentId,
      type: c.type,
      price: c.price,
      refund: { amount: toCurrency(refund), currency: cur },
    };
  });
  const travelRefund = lines.reduce((s, l) => s + l.refund.amount, 0);
  const feeRefund =
    paid && input.travelTotal > 0
      ? Number(roundHalfEven(BigInt(input.fees) * BigInt(travelRefund), BigInt(input.travelTotal)))
      : 0;
  return { lines, feeRefund, total: Math.min(input.net, travelRefund + feeRefund) };
}
