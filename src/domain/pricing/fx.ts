/**
 * Foreign exchange with exact rationals. Rates are decimal strings parsed into
 * BigInt fractions; conversions round once, half to even.
 */
import { type Money, PricingError, assertSafeAmount, minorUnitExponent, toSafeNumber } from "./money";

/** rate = how many units (major) of `quote` one unit (major) of `base` buys, as a decimal string like "70.8512". */
export interface FxRate {
  base: string;
  quote: string;
  rate: string;
  source: string;
  /** YYYY-MM-DD */
  asOf: string;
}

export interface ResolvedRate {
  from: string;
  to: string;
  num: bigint;
  den: bigint;
  /** decimal string of the rational, at most 10 decimals, for display */
  display: string;
  source: string;
  asOf: string;
}

const DECIMAL = /^\d+(\.\d+)?$/;

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) {
    [x, y] = [y, x % y];
  }
  return x;
}

function reduce(num: bigint, den: bigint): { num: bigint; den: bigint } {
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

/** Round num/den to an integer, half to even. den > 0. Works for negative num. */
export function roundHalfEven(num: bigint, den: bigint): bigint {
  if (den <= 0n) {
    throw new PricingError("invalid_rate", "denominator must be positive");
  }
  // Floor division: q = floor(num / den), 0 <= r < den.
  let q = num / den;
  let r = num % den;
  if (r < 0n) {
    q -= 1n;
    r += den;
  }
  const twice = 2n * r;
  if (twice > den) return q + 1n;
  if (twice < den) return q;
  return q % 2n === 0n ? q : q + 1n;
}

/**
 * Memo of pure functions of a string (a rate as written, or a pair of them): rates repeat on every
 * request, and reading one is BigInt parsing, a gcd and a formatted display. Bounded: once full it
 * starts over, so arbitrary strings cannot grow it without limit.
 */
function memo<T>(limit: number) {
  const map = new Map<string, T>();
  return {
    get: (key: string): T | undefined => map.get(key),
    set(key: string, value: T): T {
      if (map.size >= limit) map.clear();
      map.set(key, value);
      return value;
    },
  };
}

const parsedRates = memo<{ num: bigint; den: bigint }>(1024);

/** Parses a strict positive decimal string into an exact reduced fraction; PricingError("invalid_rate") otherwise. */
export function parseDecimal(value: string): { num: bigint; den: bigint } {
  const known = typeof value === "string" ? parsedRates.get(value) : undefined;
  if (known !== undefined) return { num: known.num, den: known.den };
  if (typeof value !== "string" || !DECIMAL.test(value)) {
    throw new PricingError("invalid_rate", `rate must be a positive decimal string, got ${JSON.stringify(value)}`);
  }
  const [whole = "0", fraction = ""] = value.split(".");
  const num = BigInt(whole + fraction);
  if (num === 0n) {
    throw new PricingError("invalid_rate", `rate must be greater than zero, got ${JSON.stringify(value)}`);
  }
  const r = parsedRates.set(value, reduce(num, 10n ** BigInt(fraction.length)));
  return { num: r.num, den: r.den };
}

/** num/den as a decimal string with at most `decimals` places (half-even), trailing zeros dropped. */
export function formatRational(num: bigint, den: bigint, decimals = 10): string {
  const scale = 10n ** BigInt(decimals);
  const scaled = roundHalfEven(num * scale, den);
  const negative = scaled < 0n;
  const digits = abs(scaled)
    .toString()
    .padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  const text = fraction === "" ? whole : `${whole}.${fraction}`;
  return negative ? `-${text}` : text;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Leg {
  num: bigint;
  den: bigint;
  source: string;
  asOf: string;
  /** The rate string, prefixed with "1/" when inverted: num/den is a function of it alone. */
  key: string;
}

/** Latest direct (base=from) or inverse (base=to) rate with asOf ≤ onDate; direct wins a tie, then list order. */
function findLeg(rates: FxRate[], from: string, to: string, onDate: string): Leg | undefined {
  let best: { rate: FxRate; inverse: boolean } | undefined;
  for (const rate of rates) {
    const direct = rate.base === from && rate.quote === to;
    const inverse = rate.base === to && rate.quote === from;
    if ((!direct && !inverse) || !(rate.asOf <= onDate)) continue;
    if (best === undefined || rate.asOf > best.rate.asOf || (rate.asOf === best.rate.asOf && direct && best.inverse)) {
      best = { rate, inverse: !direct };
    }
  }
  if (best === undefined) return undefined;
  const { rate, inverse } = best;
  if (typeof rate.asOf !== "string" || !DATE.test(rate.asOf)) {
    throw new PricingError(
      "invalid_rate",
      `rate ${rate.base}/${rate.quote} has an invalid asOf ${JSON.stringify(rate.asOf)}`,
    );
  }
  const parsed = parseDecimal(rate.rate);
  return inverse
    ? { num: parsed.den, den: parsed.num, source: rate.source, asOf: rate.asOf, key: `1/${rate.rate}` }
    : { num: parsed.num, den: parsed.den, source: rate.source, asOf: rate.asOf, key: rate.rate };
}

/** Reduced num/den and its display, by the key of the leg(s) they come from. */
const reducedRates = memo<{ num: bigint; den: bigint; display: string }>(1024);

function resolved(
  from: string,
  to: string,
  key: string,
  num: bigint,
  den: bigint,
  source: string,
  asOf: string,
): ResolvedRate {
  let r = reducedRates.get(key);
  if (r === undefined) {
    const reduced = reduce(num, den);
    r = reducedRates.set(key, {
      num: reduced.num,
      den: reduced.den,
      display: formatRational(reduced.num, reduced.den),
    });
  }
  return { from, to, num: r.num, den: r.den, display: r.display, source, asOf };
}

/**
 * Finds a rate from→to among `rates` (latest asOf ≤ onDate wins): direct, inverse (1/rate),
 * or crossed through a pivot currency present in both (e.g. KZT→USD via CNY).
 * A crossed rate is as old as its older leg; among pivots the freshest such pair wins,
 * then the alphabetically first pivot. Same currency → identity. Undefined if none.
 */
export function resolveRate(rates: FxRate[], from: string, to: string, onDate: string): ResolvedRate | undefined {
  if (from === to) {
    return { from, to, num: 1n, den: 1n, display: "1", source: "identity", asOf: onDate };
  }
  const direct = findLeg(rates, from, to, onDate);
  if (direct !== undefined) {
    return resolved(from, to, direct.key, direct.num, direct.den, direct.source, direct.asOf);
  }
  const pivots = new Set<string>();
  for (const rate of rates) {
    if (rate.base === rate.quote || !(rate.asOf <= onDate)) continue;
    if (rate.base === from) pivots.add(rate.quote);
    if (rate.quote === from) pivots.add(rate.base);
  }
  pivots.delete(to);
  let best: { pivot: string; first: Leg; second: Leg; asOf: string } | undefined;
  for (const pivot of [...pivots].sort()) {
    const first = findLeg(rates, from, pivot, onDate);
    const second = findLeg(rates, pivot, to, onDate);
    if (first === undefined || second === undefined) continue;
    const asOf = first.asOf < second.asOf ? first.asOf : second.asOf;
    if (best === undefined || asOf > best.asOf) {
      best = { pivot, first, second, asOf };
    }
  }
  if (best === undefined) return undefined;
  const { pivot, first, second, asOf } = best;
  const source = first.source === second.source ? first.source : `${first.source}; ${second.source}`;
  return resolved(
    from,
    to,
    `${first.key} × ${second.key}`,
    first.num * second.num,
    first.den * second.den,
    `${source} (cross via ${pivot})`,
    asOf,
  );
}

/** Below 2^52, products and sums of two such integers stay exact as numbers. */
const SMALL = 2 ** 52;
const SMALL_BIG = 4503599627370496n; // 2^52
/** 10^0 … 10^15, written out: each exact as a number. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * `convert`'s arithmetic in numbers when every operand is small enough to be exact: amount × num
 * (× 10^shift), den (× 10^-shift) both below 2^52. Then the quotient of one float division is
 * off by at most one, corrected against the exact remainder, and rounded half to even exactly as
 * `roundHalfEven` does. Undefined when any operand is too large: the caller uses BigInt.
 */
function convertSmall(amount: number, rateNum: bigint, rateDen: bigint, shift: number): number | undefined {
  if (rateNum >= SMALL_BIG || rateDen >= SMALL_BIG || shift > 15 || shift < -15) return undefined;
  let num = amount * Number(rateNum);
  let den = Number(rateDen);
  if (shift > 0) num *= POW10[shift]!;
  else if (shift < 0) den *= POW10[-shift]!;
  if (!(num < SMALL && num > -SMALL && den < SMALL)) return undefined;
  let q = Math.floor(num / den);
  let r = num - q * den;
  while (r < 0) {
    q -= 1;
    r += den;
  }
  while (r >= den) {
    q += 1;
    r -= den;
  }
  const twice = 2 * r;
  // `+ 0` turns -0 into 0, as the BigInt path does.
  if (twice > den) return q + 1;
  if (twice < den) return q + 0;
  return q % 2 === 0 ? q + 0 : q + 1;
}

/**
 * Converts minor units of `amount.currency` to minor units of rate.to: amount * rate * 10^(exp(to)-exp(from)),
 * half-even.
 */
export function convert(amount: Money, rate: ResolvedRate): Money {
  if (amount.currency !== rate.from) {
    throw new PricingError(
      "currency_mismatch",
      `cannot convert ${JSON.stringify(amount.currency)} with a ${rate.from}→${rate.to} rate`,
    );
  }
  assertSafeAmount(amount.amount);
  if (rate.num <= 0n || rate.den <= 0n) {
    throw new PricingError("invalid_rate", `rate ${rate.from}→${rate.to} must be positive`);
  }
  const shift = minorUnitExponent(rate.to) - minorUnitExponent(rate.from);
  const fast = convertSmall(amount.amount, rate.num, rate.den, shift);
  if (fast !== undefined) return { amount: fast, currency: rate.to };
  let num = BigInt(amount.amount) * rate.num;
  let den = rate.den;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  return { amount: toSafeNumber(roundHalfEven(num, den), `converted ${rate.to} amount`), currency: rate.to };
}
