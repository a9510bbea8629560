import { roundHalfEven } from "../pricing/fx";
import type { Money } from "../pricing/money";

/**
 * Cancellation policies per component kind: refund tiers by time before the component starts.
 * `percent` of the component's price (half-even in minor units) is refunded when cancelled
 * before `hoursBefore` hours ahead of its start; later tiers take over as time passes.
 * Lodging keeps the first night once inside 48 h. Medical parts are paid at the hospital: nothing
 * is paid to Caravan for them, so nothing is refunded by Caravan.
 */
export type ComponentKind = "consultation" | "treatment" | "flight" | "transfer" | "lodging" | "tour";

interface Tier {
  hoursBefore: number;
  /** Basis points of the price refunded. */
  refundBp: number;
  /** Minor units kept on top of the percentage (lodging: the first night). */
  keepFirstNight?: boolean;
}

export const POLICIES: Record<ComponentKind, { description: string; tiers: Tier[] }> = {
  flight: {
    description: "80% until 14 days before departure, 50% until 3 days before, then none.",
    tiers: [
      { hoursBefore: 14 * 24, refundBp: 8000 },
      { hoursBefore: 3 * 24, refundBp: 5000 },
    ],
  },
  lodging: {
    description: "Free until 48 h before check-in, then the first night is kept; nothing after check-in.",
    tiers: [
      { hoursBefore: 48, refundBp: 10000 },
      { hoursBefore: 0, refundBp: 10000, keepFirstNight: true },
    ],
  },
  transfer: { description: "Free until 24 h before pickup, then none.", tiers: [{ hoursBefore: 24, refundBp: 10000 }] },
  tour: {
    description: "Free until 48 h before the start, 50% until 24 h before, then none.",
    tiers: [
      { hoursBefore: 48, refundBp: 10000 },
      { hoursBefore: 24, refundBp: 5000 },
    ],
  },
  consultation: { description: "Always free; nothing is charged.", tiers: [] },
  treatment: {
    description: "Medical fees are paid at the hospital, like a domestic patient; Caravan charges nothing for them.",
    tiers: [],
  },
};

export interface PolicyInput {
  kind: ComponentKind;
  /** UTC ISO instant the component starts (departure, check-in, pickup, tour start, admission). */
  startsAt: string;
  price: Money;
  /** Lodging: price of one night. */
  firstNight?: Money;
}

function refundFor(tier: Tier, input: PolicyInput): Money {
  let amount = Number(roundHalfEven(BigInt(input.price.amount) * BigInt(tier.refundBp), 10000n));
  if (tier.keepFirstNight && input.firstNight) amount = Math.max(0, amount - input.firstNight.amount);
  return { amount, currency: input.price.currency };
}

/**
 * The timeline: `[{before, refund}]`, each tier's deadline (UTC) and the refund until then; the last
 * entry is the start, refund 0.
 */
export function cancellationTimeline(input: PolicyInput): { before: string; refund: Money }[] {
  const start = Date.parse(input.startsAt);
  const out = POLICIES[input.kind].tiers.map((t) => ({
    before: new Date(start - t.hoursBefore * 3_600_000).toISOString(),
    refund: refundFor(t, input),
  }));
  out.push({ before: new Date(start).toISOString(), refund: { amount: 0, currency: input.price.currency } });
  // A tier whose deadline equals the start (lodging's keep-first-night) replaces the final zero entry.
  const dedup: { before: string; refund: Money }[] = [];
  for (const e of out) if (!dedup.some((d) => d.before === e.before)) dedup.push(e);
  return dedup;
}

/** What cancelling at `nowIso` refunds. */
export function refundAt(input: PolicyInput, nowIso: string): Money {
  for (const e of cancellationTimeline(input)) if (nowIso < e.before) return e.refund;
  return { amount: 0, currency: input.price.currency };
}
