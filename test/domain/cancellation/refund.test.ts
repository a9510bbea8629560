import { describe, expect, it } from "vitest";
import type { ComponentKind } from "../../../src/domain/cancellation/policy";
import { type CancelledComponent, cancellationRefund } from "../../../src/domain/cancellation/refund";
import type { ResolvedRate } from "../../../src/domain/pricing/fx";
import { PricingError } from "../../../src/domain/pricing/money";

const START = "2026-12-20T00:00:00.000Z";
const hoursBefore = (h: number) => new Date(Date.parse(START) - h * 3_600_000).toISOString();
const cny = (amount: number) => ({ amount, currency: "CNY" });
const USD_CNY: ResolvedRate = {
  from: "USD",
  to: "CNY",
  num: 72n,
  den: 10n,
  display: "7.2",
  source: "test",
  asOf: "2026-12-01",
};

function component(kind: ComponentKind, price: number, firstNight?: number): CancelledComponent {
  return {
    componentId: `cmp_${kind}`,
    type: kind,
    price: cny(price),
    policy: {
      kind,
      startsAt: START,
      price: cny(price),
      ...(firstNight === undefined ? {} : { firstNight: cny(firstNight) }),
    },
  };
}

/** One component, fully paid, no fees: the refund is the policy's. */
function single(c: CancelledComponent, at: string) {
  return cancellationRefund({
    components: [c],
    now: at,
    currency: "CNY",
    net: c.price.amount,
    travelTotal: c.price.amount,
    fees: 0,
    rates: [],
  });
}

describe.each([
  { kind: "flight", hours: 15 * 24, price: 100_000, refund: 80_000 },
  { kind: "flight", hours: 5 * 24, price: 100_000, refund: 50_000 },
  { kind: "flight", hours: 24, price: 100_000, refund: 0 },
  { kind: "lodging", hours: 72, price: 30_000, firstNight: 10_000, refund: 30_000 },
  { kind: "lodging", hours: 12, price: 30_000, firstNight: 10_000, refund: 20_000 },
  { kind: "lodging", hours: -1, price: 30_000, firstNight: 10_000, refund: 0 },
  { kind: "transfer", hours: 25, price: 5_000, refund: 5_000 },
  { kind: "transfer", hours: 23, price: 5_000, refund: 0 },
  { kind: "tour", hours: 49, price: 7_001, refund: 7_001 },
  { kind: "tour", hours: 30, price: 7_001, refund: 3_500 },
  { kind: "tour", hours: 2, price: 7_001, refund: 0 },
  { kind: "consultation", hours: 100, price: 0, refund: 0 },
  { kind: "treatment", hours: 100, price: 0, refund: 0 },
] as { kind: ComponentKind; hours: number; price: number; firstNight?: number; refund: number }[])(
  "$kind $hours h before the start",
  ({ kind, hours, price, firstNight, refund }) => {
    it(`refunds ${refund} of ${price}`, () => {
      const q = single(component(kind, price, firstNight), hoursBefore(hours));
      expect(q.lines).toEqual([{ componentId: `cmp_${kind}`, type: kind, price: cny(price), refund: cny(refund) }]);
      expect(q.total).toBe(refund);
      expect(q.feeRefund).toBe(0);
    });
  },
);

describe("fees, caps and currencies", () => {
  const flight = component("flight", 100_000);
  const base = {
    components: [flight],
    now: hoursBefore(15 * 24),
    currency: "CNY",
    travelTotal: 100_000,
    rates: [],
  };

  it.each([
    { fees: 10_000, net: 110_000, feeRefund: 8_000, total: 88_000 },
    { fees: 10_000, net: 50_000, feeRefund: 8_000, total: 50_000 },
    { fees: 10_000, net: 0, feeRefund: 0, total: 0 },
  ])("fees $fees, paid $net: fee refund $feeRefund, total $total", ({ fees, net, feeRefund, total }) => {
    const q = cancellationRefund({ ...base, fees, net });
    expect(q.feeRefund).toBe(feeRefund);
    expect(q.total).toBe(total);
    if (net <= 0) expect(q.lines[0]!.refund).toEqual(cny(0));
  });

  it.each([
    { fees: 3, refund: 1, travel: 2, feeRefund: 2 },
    { fees: 5, refund: 1, travel: 2, feeRefund: 2 },
    { fees: 7, refund: 1, travel: 2, feeRefund: 4 },
    { fees: 10, refund: 1, travel: 3, feeRefund: 3 },
  ])("pro rata fees round half-even: $fees × $refund / $travel = $feeRefund", ({ fees, refund, travel, feeRefund }) => {
    const c = component("transfer", refund);
    const q = cancellationRefund({
      ...base,
      components: [c],
      now: hoursBefore(48),
      fees,
      net: 1_000,
      travelTotal: travel,
    });
    expect(q.feeRefund).toBe(feeRefund);
    expect(q.total).toBe(refund + feeRefund);
  });

  it("converts a component priced in another currency at the itinerary's rate", () => {
    const tour: CancelledComponent = {
      ...component("tour", 0),
      price: { amount: 1_000, currency: "USD" },
      policy: { kind: "tour", startsAt: START, price: { amount: 1_000, currency: "USD" } },
    };
    const q = cancellationRefund({
      ...base,
      components: [tour],
      now: hoursBefore(72),
      fees: 0,
      net: 20_000,
      rates: [USD_CNY],
    });
    expect(q.lines[0]!.price).toEqual({ amount: 1_000, currency: "USD" });
    expect(q.lines[0]!.refund).toEqual(cny(7_200));
    expect(q.total).toBe(7_200);
  });

  it("refuses a currency without a rate", () => {
    const tour: CancelledComponent = {
      ...component("tour", 0),
      policy: { kind: "tour", startsAt: START, price: { amount: 1_000, currency: "EUR" } },
    };
    const run = () =>
      cancellationRefund({ ...base, components: [tour], now: hoursBefore(72), fees: 0, net: 1, rates: [USD_CNY] });
    expect(run).toThrow(PricingError);
    expect(run).toThrow("No exchange rate EUR→CNY.");
  });
});
