/**
 * The number fast paths of the pricing module against the exact BigInt definitions they stand
 * in for: the same result, or the same error, on both sides of the 2^52 / 2^53 boundaries.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  PricingError,
  type ResolvedRate,
  convert,
  isIsoDate,
  minorUnitExponent,
  multiply,
  roundHalfEven,
  sumMoney,
} from "../../../src/domain/pricing";

const RUNS = { numRuns: 1000 };
const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** The outcome of f: its value, or the PricingError code it threw. */
function outcome<T>(f: () => T): { value: T } | { code: string } {
  try {
    return { value: f() };
  } catch (error) {
    if (error instanceof PricingError) return { code: error.code };
    throw error;
  }
}

const safeBig = (v: bigint) => (v > MAX || v < -MAX ? { code: "amount_overflow" } : { value: Number(v) });

/** Integers concentrated around the boundaries where the fast paths hand over to BigInt. */
const edgeInt = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    2 ** 26,
    2 ** 26 + 1,
    2 ** 52 - 1,
    2 ** 52,
    2 ** 52 + 1,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    2 ** 53 - 2,
  ),
  fc.maxSafeInteger(),
  fc.maxSafeInteger().map((n) => Math.trunc(n / 2 ** 20)),
);

describe("pricing fast paths", () => {
  it("multiply equals the exact BigInt product (or overflows exactly when it does)", () => {
    fc.assert(
      fc.property(edgeInt, edgeInt, (amount, quantity) => {
        const got = outcome(() => multiply({ amount, currency: "CNY" }, quantity));
        const want = safeBig(BigInt(amount) * BigInt(quantity));
        expect(got).toEqual("code" in want ? want : { value: { amount: want.value, currency: "CNY" } });
      }),
      RUNS,
    );
  });

  it("sumMoney equals the exact BigInt sum, including partial sums that leave the safe range and come back", () => {
    fc.assert(
      fc.property(fc.array(edgeInt, { maxLength: 8 }), (amounts) => {
        const got = outcome(() =>
          sumMoney(
            amounts.map((amount) => ({ amount, currency: "KZT" })),
            "KZT",
          ),
        );
        const want = safeBig(amounts.reduce((s, a) => s + BigInt(a), 0n));
        expect(got).toEqual("code" in want ? want : { value: { amount: want.value, currency: "KZT" } });
      }),
      RUNS,
    );
    expect(
      sumMoney(
        [
          { amount: Number.MAX_SAFE_INTEGER, currency: "CNY" },
          { amount: 5, currency: "CNY" },
          { amount: -10, currency: "CNY" },
        ],
        "CNY",
      ).amount,
    ).toBe(Number.MAX_SAFE_INTEGER - 5);
    expect(Object.is(sumMoney([{ amount: -0, currency: "CNY" }], "CNY").amount, 0)).toBe(true);
  });

  it("convert equals amount × num × 10^shift / den rounded half to even in BigInt", () => {
    const currency = fc.constantFrom("CNY", "JOD", "JPY", "KZT");
    const ratio = fc.oneof(
      fc.bigInt({ min: 1n, max: 10n }),
      fc.bigInt({ min: 1n, max: 1_000_000n }),
      fc.bigInt({ min: 1n, max: 2n ** 60n }),
      fc.constantFrom(2n ** 52n - 1n, 2n ** 52n, 2n ** 52n + 1n),
    );
    fc.assert(
      fc.property(edgeInt, currency, currency, ratio, ratio, (amount, from, to, num, den) => {
        const rate: ResolvedRate = { from, to, num, den, display: "", source: "test", asOf: "2026-05-01" };
        const shift = minorUnitExponent(to) - minorUnitExponent(from);
        const got = outcome(() => convert({ amount, currency: from }, rate));
        const want = safeBig(
          roundHalfEven(
            BigInt(amount) * num * 10n ** BigInt(Math.max(shift, 0)),
            den * 10n ** BigInt(Math.max(-shift, 0)),
          ),
        );
        expect(got).toEqual("code" in want ? want : { value: { amount: want.value, currency: to } });
      }),
      RUNS,
    );
    const half: ResolvedRate = {
      from: "CNY",
      to: "CNY",
      num: 1n,
      den: 2n,
      display: "0.5",
      source: "test",
      asOf: "2026-05-01",
    };
    expect([-3, -1, 1, 3, 5].map((amount) => convert({ amount, currency: "CNY" }, half).amount)).toEqual([
      -2, 0, 0, 2, 2,
    ]);
    expect(Object.is(convert({ amount: -1, currency: "CNY" }, half).amount, 0)).toBe(true);
  });

  it("isIsoDate answers as the regular expression plus a calendar check", () => {
    const reference = (value: unknown): boolean => {
      if (typeof value !== "string") return false;
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (m === null) return false;
      const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
      const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
      return month >= 1 && month <= 12 && day >= 1 && day <= days;
    };
    const chars = fc.constantFrom(..."0123456789-/ x٣\n".split(""));
    const near = fc.array(chars, { minLength: 8, maxLength: 12 }).map((cs) => cs.join(""));
    const date = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
      .map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
    fc.assert(
      fc.property(fc.oneof(date, near, fc.string(), fc.anything()), (value) => {
        expect(isIsoDate(value)).toBe(reference(value));
      }),
      RUNS,
    );
    for (const v of [
      "2024-02-29",
      "2100-02-29",
      "2000-02-29",
      "2026-04-31",
      "2026-12-31",
      "2026-00-10",
      "2026-01-00",
      "2026-1-01",
      "2026-01-01\n",
      "２０２６-01-01",
    ])
      expect(isIsoDate(v)).toBe(reference(v));
  });
});
