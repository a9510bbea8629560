/**
 * Money in integer minor units. No floating point ever touches an amount: every
 * amount is a JS safe integer, and anything that could leave that range throws.
 */

export interface Money {
  amount: number;
  currency: string;
}

/**
 * A pricing rule was broken; `code` is stable and safe to show; `path` names the line when one is to blame
 * (`travel.2`).
 */
export class PricingError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = "PricingError";
  }
}

/** ISO 4217 minor-unit exponents of the currencies Caravan prices in. */
const MINOR_UNIT_EXPONENT: ReadonlyMap<string, number> = new Map<string, number>([
  // 2 decimals
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
  // 0 decimals
  ["JPY", 0],
  ["KRW", 0],
  ["VND", 0],
  ["CLP", 0],
  ["ISK", 0],
  // 3 decimals
  ["JOD", 3],
  ["KWD", 3],
  ["BHD", 3],
  ["OMR", 3],
  ["IQD", 3],
  ["LYD", 3],
  ["TND", 3],
]);

/** ISO 4217 minor-unit exponent; throws PricingError("unknown_currency") for anything unsupported. */
export function minorUnitExponent(currency: string): number {
  const exponent = MINOR_UNIT_EXPONENT.get(currency);
  if (exponent === undefined) {
    throw new PricingError("unknown_currency", `unsupported currency ${JSON.stringify(currency)}`);
  }
  return exponent;
}

export function isSupportedCurrency(currency: string): boolean {
  return MINOR_UNIT_EXPONENT.has(currency);
}

/** Every supported currency code, sorted. */
export function supportedCurrencies(): string[] {
  return [...MINOR_UNIT_EXPONENT.keys()].sort();
}

/** Throws PricingError("invalid_amount") unless `amount` is a safe integer. */
export function assertSafeAmount(amount: number, what = "amount"): void {
  if (!Number.isSafeInteger(amount)) {
    throw new PricingError("invalid_amount", `${what} must be a safe integer of minor units, got ${String(amount)}`);
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** Converts an exact BigInt result back to a number, or throws PricingError("amount_overflow"). */
export function toSafeNumber(value: bigint, what = "amount"): number {
  if (value > MAX_SAFE || value < MIN_SAFE) {
    throw new PricingError("amount_overflow", `${what} ${value.toString()} is outside the safe integer range`);
  }
  return Number(value);
}

export function money(amount: number, currency: string): Money {
  assertSafeAmount(amount);
  minorUnitExponent(currency);
  return { amount, currency };
}

/** Exact sum; throws PricingError("currency_mismatch") if any item has another currency. */
export function sumMoney(items: Money[], currency: string): Money {
  minorUnitExponent(currency);
  // Safe integers add exactly as numbers while every partial sum stays safe (a sum past the safe
  // range never rounds back into it); the first partial sum that leaves it sends the rest to BigInt.
  let total = 0;
  let i = 0;
  for (; i < items.length; i++) {
    const next = total + addend(items[i]!, currency);
    if (!Number.isSafeInteger(next)) break;
    total = next;
  }
  if (i === items.length) return { amount: total, currency };
  let exact = BigInt(total);
  for (; i < items.length; i++) exact += BigInt(addend(items[i]!, currency));
  return { amount: toSafeNumber(exact), currency };
}

/** An item's amount, once it is known to be a safe integer of the sum's currency. */
function addend(item: Money, currency: string): number {
  if (item.currency !== currency) {
    throw new PricingError("currency_mismatch", `cannot add ${JSON.stringify(item.currency)} to a ${currency} sum`);
  }
  assertSafeAmount(item.amount);
  return item.amount;
}

/** unit × quantity, integer quantity only. */
export function multiply(unit: Money, quantity: number): Money {
  assertSafeAmount(unit.amount, "unit amount");
  if (!Number.isSafeInteger(quantity)) {
    throw new PricingError("invalid_quantity", `quantity must be an integer, got ${String(quantity)}`);
  }
  minorUnitExponent(unit.currency);
  // A product of safe integers is exact as a number whenever it is itself safe (a larger one
  // rounds to 2^53 or beyond, never back into the range). `+ 0` turns -0 into 0, as BigInt does.
  const product = unit.amount * quantity;
  if (Number.isSafeInteger(product)) return { amount: product + 0, currency: unit.currency };
  return { amount: toSafeNumber(BigInt(unit.amount) * BigInt(quantity)), currency: unit.currency };
}
