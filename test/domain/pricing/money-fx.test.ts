import { describe, expect, it } from "vitest";
import {
  type FxRate,
  PricingError,
  convert,
  formatRational,
  isSupportedCurrency,
  minorUnitExponent,
  money,
  multiply,
  resolveRate,
  roundHalfEven,
  sumMoney,
} from "../../../src/domain/pricing";

function pricingErrorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof PricingError) return error.code;
    throw error;
  }
  return undefined;
}

describe("minor units", () => {
  it.each([
    ["CNY", 2],
    ["KZT", 2],
    ["KGS", 2],
    ["USD", 2],
    ["EUR", 2],
    ["UZS", 2],
    ["TJS", 2],
    ["GEL", 2],
    ["RUB", 2],
    ["TRY", 2],
    ["AED", 2],
    ["SAR", 2],
    ["YER", 2],
    ["PKR", 2],
    ["AZN", 2],
    ["TMT", 2],
    ["MNT", 2],
    ["IDR", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["VND", 0],
    ["CLP", 0],
    ["ISK", 0],
    ["JOD", 3],
    ["KWD", 3],
    ["BHD", 3],
    ["OMR", 3],
    ["IQD", 3],
    ["LYD", 3],
    ["TND", 3],
  ])("%s has exponent %i", (currency, exponent) => {
    expect(minorUnitExponent(currency)).toBe(exponent);
    expect(isSupportedCurrency(currency)).toBe(true);
  });

  it.each(["XXX", "cny", "", "US", "BTC"])("%j is unknown_currency", (currency) => {
    expect(isSupportedCurrency(currency)).toBe(false);
    expect(pricingErrorCode(() => minorUnitExponent(currency))).toBe("unknown_currency");
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])("money(%d) is not a safe integer", (amount) => {
    expect(pricingErrorCode(() => money(amount, "CNY"))).toBe("invalid_amount");
  });

  it("money keeps integer minor units", () => {
    expect(money(-250, "JOD")).toEqual({ amount: -250, currency: "JOD" });
  });

  it("sums exactly and refuses mixed currencies and overflow", () => {
    expect(sumMoney([money(100, "CNY"), money(250, "CNY"), money(-50, "CNY")], "CNY")).toEqual({
      amount: 300,
      currency: "CNY",
    });
    expect(sumMoney([], "KZT")).toEqual({ amount: 0, currency: "KZT" });
    expect(pricingErrorCode(() => sumMoney([money(1, "CNY"), money(1, "USD")], "CNY"))).toBe("currency_mismatch");
    expect(pricingErrorCode(() => sumMoney([money(Number.MAX_SAFE_INTEGER, "CNY"), money(1, "CNY")], "CNY"))).toBe(
      "amount_overflow",
    );
  });

  it("multiplies by integer quantities only", () => {
    expect(multiply(money(60000, "CNY"), 3)).toEqual({ amount: 180000, currency: "CNY" });
    expect(pricingErrorCode(() => multiply(money(60000, "CNY"), 1.5))).toBe("invalid_quantity");
    expect(pricingErrorCode(() => multiply(money(2 ** 40, "CNY"), 2 ** 20))).toBe("amount_overflow");
  });
});

describe("roundHalfEven", () => {
  it.each([
    [5n, 2n, 2n], // 2.5 → 2
    [7n, 2n, 4n], // 3.5 → 4
    [-5n, 2n, -2n], // -2.5 → -2
    [1n, 2n, 0n], // 0.5 → 0
    [3n, 2n, 2n], // 1.5 → 2
    [-1n, 2n, 0n], // -0.5 → 0
    [-3n, 2n, -2n], // -1.5 → -2
    [-7n, 2n, -4n], // -3.5 → -4
    [7n, 3n, 2n], // 2.33 → 2
    [8n, 3n, 3n], // 2.67 → 3
    [-7n, 3n, -2n],
    [-8n, 3n, -3n],
    [0n, 5n, 0n],
    [10n, 5n, 2n],
    [12345678901234567890123n, 10n, 1234567890123456789012n], // .3 → down, beyond 2^53
  ])("%i/%i → %i", (num, den, expected) => {
    expect(roundHalfEven(num, den)).toBe(expected);
  });

  it("rejects a non-positive denominator", () => {
    expect(pricingErrorCode(() => roundHalfEven(1n, 0n))).toBe("invalid_rate");
    expect(pricingErrorCode(() => roundHalfEven(1n, -2n))).toBe("invalid_rate");
  });
});

const asOf = "2026-05-01";
const rate = (base: string, quote: string, value: string, date = asOf, source = "PBOC"): FxRate => ({
  base,
  quote,
  rate: value,
  source,
  asOf: date,
});

describe("resolveRate and convert", () => {
  it("same currency is the identity", () => {
    expect(resolveRate([], "CNY", "CNY", asOf)).toEqual({
      from: "CNY",
      to: "CNY",
      num: 1n,
      den: 1n,
      display: "1",
      source: "identity",
      asOf,
    });
  });

  it("converts CNY→KZT at 70.85: 1000.00 CNY → 70,850.00 KZT", () => {
    const r = resolveRate([rate("CNY", "KZT", "70.85")], "CNY", "KZT", asOf);
    expect(r).toMatchObject({ from: "CNY", to: "KZT", num: 1417n, den: 20n, display: "70.85", source: "PBOC", asOf });
    expect(convert(money(100000, "CNY"), r!)).toEqual({ amount: 7_085_000, currency: "KZT" });
  });

  it.each([
    // [amount fen, rate, expected JOD fils] — JOD has three decimals
    [100000, "0.0982", 98200], // 1000 CNY → 98.200 JOD
    [12345, "0.0982", 12123], // 123.45 × 0.0982 = 12.122790 → 12.123
    [1, "0.0982", 1], // 0.000982 JOD = 0.982 fils → 1
    [1, "0.05", 0], // 0.5 fils → 0 (even)
    [3, "0.05", 2], // 1.5 fils → 2 (even)
  ])("converts %i fen CNY→JOD at %s → %i fils", (amount, value, expected) => {
    const r = resolveRate([rate("CNY", "JOD", value)], "CNY", "JOD", asOf)!;
    expect(convert(money(amount, "CNY"), r)).toEqual({ amount: expected, currency: "JOD" });
  });

  it.each([
    // JPY has no minor unit
    [100000, "21.5", 21500], // 1000 CNY → 21,500 JPY
    [10, "21.5", 2], // 0.10 × 21.5 = 2.15 → 2
    [2, "25", 0], // 0.5 → 0
    [6, "25", 2], // 1.5 → 2
    [10, "25", 2], // 2.5 → 2
    [14, "25", 4], // 3.5 → 4
  ])("converts %i fen CNY→JPY at %s → %i yen", (amount, value, expected) => {
    const r = resolveRate([rate("CNY", "JPY", value)], "CNY", "JPY", asOf)!;
    expect(convert(money(amount, "CNY"), r)).toEqual({ amount: expected, currency: "JPY" });
  });

  it("converts JPY→CNY scaling up to two decimals", () => {
    const r = resolveRate([rate("JPY", "CNY", "0.0465")], "JPY", "CNY", asOf)!;
    expect(convert(money(1000, "JPY"), r)).toEqual({ amount: 4650, currency: "CNY" });
  });

  it("inverts a rate exactly: KZT→CNY from a CNY/KZT quote", () => {
    const r = resolveRate([rate("CNY", "KZT", "70.85")], "KZT", "CNY", asOf)!;
    expect(r).toMatchObject({ from: "KZT", to: "CNY", num: 20n, den: 1417n, display: "0.014114326", source: "PBOC" });
    expect(convert(money(7_085_000, "KZT"), r)).toEqual({ amount: 100000, currency: "CNY" });
    expect(convert(money(100, "KZT"), r)).toEqual({ amount: 1, currency: "CNY" }); // 1.4114… fen → 1
  });

  it("crosses through a pivot: KZT→USD via CNY", () => {
    const rates = [rate("USD", "CNY", "7.1", "2026-04-28", "Fed"), rate("CNY", "KZT", "70.85", "2026-04-30", "NBK")];
    const r = resolveRate(rates, "KZT", "USD", asOf)!;
    expect(r.from).toBe("KZT");
    expect(r.to).toBe("USD");
    expect(r.num * 503035n).toBe(r.den * 1000n); // 1 / (70.85 × 7.1)
    expect(r.asOf).toBe("2026-04-28"); // as old as the older leg
    expect(r.source).toContain("via CNY");
    expect(r.source).toContain("Fed");
    expect(r.source).toContain("NBK");
    expect(convert(money(50_303_500, "KZT"), r)).toEqual({ amount: 100000, currency: "USD" });
  });

  it("prefers a direct rate over a cross", () => {
    const rates = [rate("USD", "CNY", "7.1"), rate("CNY", "KZT", "70.85"), rate("USD", "KZT", "500", "2026-01-01")];
    expect(resolveRate(rates, "KZT", "USD", asOf)).toMatchObject({ num: 1n, den: 500n, asOf: "2026-01-01" });
  });

  it("uses the latest asOf on or before the date, across direct and inverse quotes", () => {
    const rates = [
      rate("CNY", "KZT", "70", "2026-04-01"),
      rate("KZT", "CNY", "0.0125", "2026-04-20"), // = 80 KZT per CNY
      rate("CNY", "KZT", "90", "2026-05-02"), // too new
    ];
    expect(resolveRate(rates, "CNY", "KZT", "2026-04-19")).toMatchObject({ num: 70n, den: 1n, asOf: "2026-04-01" });
    expect(resolveRate(rates, "CNY", "KZT", "2026-04-20")).toMatchObject({ num: 80n, den: 1n, asOf: "2026-04-20" });
    expect(resolveRate(rates, "CNY", "KZT", "2026-05-01")).toMatchObject({ num: 80n, den: 1n });
    expect(resolveRate(rates, "CNY", "KZT", "2026-05-02")).toMatchObject({ num: 90n, den: 1n });
    expect(resolveRate(rates, "CNY", "KZT", "2026-03-31")).toBeUndefined();
  });

  it("returns undefined when no path exists", () => {
    expect(resolveRate([rate("CNY", "KZT", "70.85"), rate("USD", "EUR", "0.9")], "CNY", "USD", asOf)).toBeUndefined();
  });

  it.each(["", "0", "0.000", "-1", "1e3", "1.", ".5", "1,5", " 1", "1 ", "NaN", "Infinity", "0x10"])(
    "rejects rate %j as invalid_rate",
    (value) => {
      expect(pricingErrorCode(() => resolveRate([rate("CNY", "KZT", value)], "CNY", "KZT", asOf))).toBe("invalid_rate");
    },
  );

  it("refuses to convert an amount in another currency than the rate's", () => {
    const r = resolveRate([rate("CNY", "KZT", "70.85")], "CNY", "KZT", asOf)!;
    expect(pricingErrorCode(() => convert(money(1, "USD"), r))).toBe("currency_mismatch");
  });

  it("formats rationals with at most ten decimals", () => {
    expect(formatRational(1n, 3n)).toBe("0.3333333333");
    expect(formatRational(2n, 3n)).toBe("0.6666666667");
    expect(formatRational(1417n, 20n)).toBe("70.85");
    expect(formatRational(1n, 10n ** 12n)).toBe("0");
  });
});
