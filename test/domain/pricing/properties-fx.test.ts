import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type FeePolicy,
  type FxRate,
  type PricedMedicalLine,
  PricingError,
  type ResolvedRate,
  type TravelLine,
  convert,
  minorUnitExponent,
  priceItinerary,
  resolveRate,
} from "../../../src/domain/pricing";

/** Properties of itinerary totals and currency conversion, over random rates, lines and fee policies. */

const RUNS = { numRuns: 1000 };

// ---- generators -------------------------------------------------------------

const CURRENCIES = ["CNY", "KZT", "USD", "EUR", "JOD", "JPY", "UZS"];
/** A decimal between 0.1 and 100 with four decimals. */
const rateStringArb = fc.integer({ min: 1_000, max: 1_000_000 }).map((n) => {
  const s = String(n).padStart(5, "0");
  return `${s.slice(0, -4)}.${s.slice(-4)}`;
});
/** Every currency but USD is quoted against USD, in a random direction: the rest are crosses. */
const ratesArb: fc.Arbitrary<FxRate[]> = fc
  .tuple(...CURRENCIES.filter((c) => c !== "USD").map((c) => fc.tuple(fc.constant(c), rateStringArb, fc.boolean())))
  .map((quotes) =>
    quotes.map(([c, rate, usdBase]) => ({
      base: usdBase ? "USD" : c,
      quote: usdBase ? c : "USD",
      rate,
      source: "test",
      asOf: "2026-05-01",
    })),
  );
const currencyArb = fc.constantFrom(...CURRENCIES);
const travelArb = fc
  .tuple(
    fc.constantFrom<TravelLine["kind"]>("flight", "transfer", "lodging", "tour"),
    fc.integer({ min: 0, max: 100_000_000 }),
    currencyArb,
  )
  .map(
    ([kind, total, currency]): TravelLine => ({
      kind,
      ref: kind,
      description: kind,
      quantity: 1,
      unitPrice: { amount: total, currency },
      total: { amount: total, currency },
    }),
  );
const policyArb: fc.Arbitrary<FeePolicy | null> = fc.option(
  fc.record({
    percentBp: fc.integer({ min: 0, max: 3_000 }),
    flat: fc.record({ amount: fc.integer({ min: 0, max: 1_000_000 }), currency: currencyArb }),
  }),
  { nil: null },
);
/** Medical lines as [unit price, quantity]. */
const medicalSpecsArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 10_000 })), {
  maxLength: 5,
});

// ---- what a priced itinerary must satisfy ------------------------------------------

type Amount = { amount: number; currency: string };
type PricedItinerary = ReturnType<typeof priceItinerary>;

function medicalLines(specs: [number, number][], hospitalCurrency: string): PricedMedicalLine[] {
  return specs.map(
    ([unitPrice, quantity], i): PricedMedicalLine => ({
      lineNo: i + 1,
      code: "X",
      name: {},
      department: "d",
      serviceClass: "standard",
      kind: "procedure",
      unit: "each",
      quantity,
      serviceDate: "2026-05-10",
      unitPrice,
      lineTotal: unitPrice * quantity,
      currency: hospitalCurrency,
      tariffVersionId: "tv_1",
      tariffVersion: 1,
    }),
  );
}

/** The sum of amounts as shown in a currency: an amount already in it as is, any other converted once, straight. */
function sumShown(rates: FxRate[], amounts: Amount[], currency: string): number {
  const shownIn = (m: Amount): number =>
    m.currency === currency ? m.amount : convert(m, resolveRate(rates, m.currency, currency, "2026-05-10")!).amount;
  return amounts.reduce((sum, m) => sum + shownIn(m), 0);
}

/** Both blocks: in their currency, safe integers, totals that add up, each the sum of its lines as shown in it. */
function expectBlocks(
  priced: PricedItinerary,
  s: {
    rates: FxRate[];
    hospitalCurrency: string;
    patientCurrency: string;
    medical: PricedMedicalLine[];
    travel: TravelLine[];
  },
) {
  const medicalAmounts = s.medical.map((l) => ({ amount: l.lineTotal, currency: l.currency }));
  const travelTotals = s.travel.map((l) => l.total);
  const feeAmounts = priced.fees.map((f) => f.amount);
  for (const [block, currency] of [
    [priced.hospitalCurrency, s.hospitalCurrency],
    [priced.patientCurrency, s.patientCurrency],
  ] as const) {
    for (const m of Object.values(block)) {
      expect(m.currency).toBe(currency);
      expect(Number.isSafeInteger(m.amount)).toBe(true);
    }
    expect(block.grandTotal.amount).toBe(block.medical.amount + block.travel.amount + block.fees.amount);
    expect(block.dueNow.amount).toBe(block.travel.amount + block.fees.amount);
    expect(block.payableAtHospital).toEqual(block.medical);
    // Each block is the sum of the lines as shown in its currency: a line already in it at its own
    // amount, any other converted once, straight from its own currency (never through a third).
    expect(block.medical.amount).toBe(sumShown(s.rates, medicalAmounts, currency));
    expect(block.travel.amount).toBe(sumShown(s.rates, travelTotals, currency));
    expect(block.fees.amount).toBe(sumShown(s.rates, feeAmounts, currency));
  }
  expect(priced.hospitalCurrency.medical.amount).toBe(s.medical.reduce((sum, l) => sum + l.lineTotal, 0));
}

/** The fees: none without a policy, each in the policy's currency and positive, the flat fee as the policy says. */
function expectFees(priced: PricedItinerary, rates: FxRate[], travel: TravelLine[], feePolicy: FeePolicy | null) {
  if (feePolicy === null) expect(priced.fees).toEqual([]);
  for (const fee of priced.fees) {
    expect(fee.amount.currency).toBe(feePolicy!.flat.currency);
    expect(fee.amount.amount).toBeGreaterThan(0);
  }
  // The fee base is the travel subtotal in the policy's currency, summed the same way (it can round to zero).
  const travelTotals = travel.map((l) => l.total);
  const feeBase = feePolicy === null ? 0 : sumShown(rates, travelTotals, feePolicy.flat.currency);
  if (feeBase <= 0) expect(priced.fees).toEqual([]);
  if (feePolicy !== null && feeBase > 0 && feePolicy.flat.amount > 0) {
    expect(priced.fees.find((f) => f.kind === "concierge_flat")?.amount).toEqual(feePolicy.flat);
  }
}

// ---- properties ---------------------------------------------------------------

describe("pricing properties", () => {
  it(
    "3. itinerary totals add up exactly in both currencies, each the sum of its " + "lines as shown in that currency",
    () => {
      let overflows = 0;
      fc.assert(
        fc.property(
          ratesArb,
          currencyArb,
          currencyArb,
          medicalSpecsArb,
          fc.array(travelArb, { maxLength: 6 }),
          policyArb,
          (rates, hospitalCurrency, patientCurrency, medicalSpecs, travel, feePolicy) => {
            const medical = medicalLines(medicalSpecs, hospitalCurrency);
            let priced: PricedItinerary;
            try {
              priced = priceItinerary({
                medical,
                travel,
                feePolicy,
                hospitalCurrency,
                patientCurrency,
                rates,
                onDate: "2026-05-10",
              });
            } catch (err) {
              // Extreme random rates can push a converted amount past 2^53: the module must refuse
              // (never return a wrong number). Any other error fails the property.
              if (err instanceof PricingError && err.code === "amount_overflow") {
                overflows++;
                return;
              }
              throw err;
            }
            expectBlocks(priced, { rates, hospitalCurrency, patientCurrency, medical, travel });
            expectFees(priced, rates, travel, feePolicy);
          },
        ),
        RUNS,
      );
      // Refusals must stay the rare extreme, or the property above would be vacuous.
      expect(overflows).toBeLessThan(RUNS.numRuns! / 20);
    },
  );

  it("4. convert rounds half to even, within half a minor unit of the exact rational", () => {
    const currencyArb = fc.constantFrom("CNY", "JOD", "JPY", "KZT");
    const ratioArb = fc.oneof(fc.bigInt({ min: 1n, max: 4n }), fc.bigInt({ min: 1n, max: 1_000_000n }));
    let ties = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        currencyArb,
        currencyArb,
        ratioArb,
        ratioArb,
        (amount, from, to, num, den) => {
          const rate: ResolvedRate = { from, to, num, den, display: "", source: "test", asOf: "2026-05-01" };
          const shift = minorUnitExponent(to) - minorUnitExponent(from);
          const N = BigInt(amount) * num * (shift > 0 ? 10n ** BigInt(shift) : 1n);
          const D = den * (shift < 0 ? 10n ** BigInt(-shift) : 1n);
          const safe = BigInt(Number.MAX_SAFE_INTEGER);
          let result: number;
          try {
            result = convert({ amount, currency: from }, rate).amount;
          } catch (error) {
            // Only a result beyond the safe range may refuse.
            expect(error).toBeInstanceOf(PricingError);
            expect((error as PricingError).code).toBe("amount_overflow");
            expect(N / D >= safe || N / D <= -safe).toBe(true);
            return;
          }
          expect(Number.isSafeInteger(result)).toBe(true);
          const error2 = 2n * (BigInt(result) * D - N); // 2·(result − exact)·D
          const magnitude = error2 < 0n ? -error2 : error2;
          expect(magnitude <= D).toBe(true);
          if (magnitude === D) {
            ties++;
            expect(BigInt(result) % 2n).toBe(0n);
          }
        },
      ),
      RUNS,
    );
    expect(ties).toBeGreaterThan(0); // the generator does reach ties
  });

  it("4b. resolveRate reads decimal strings exactly, and its inverse is the exact reciprocal", () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.stringMatching(/^\d{0,8}$/), (whole, fraction) => {
        const digits = BigInt(`${whole}${fraction}`);
        fc.pre(digits > 0n);
        const text = fraction === "" ? String(whole) : `${whole}.${fraction}`;
        const rates: FxRate[] = [{ base: "CNY", quote: "KZT", rate: text, source: "t", asOf: "2026-01-01" }];
        const direct = resolveRate(rates, "CNY", "KZT", "2026-01-01")!;
        const inverse = resolveRate(rates, "KZT", "CNY", "2026-01-01")!;
        const scale = 10n ** BigInt(fraction.length);
        expect(direct.num * scale).toBe(digits * direct.den);
        expect(inverse.num * direct.num).toBe(inverse.den * direct.den);
      }),
      RUNS,
    );
  });
});
