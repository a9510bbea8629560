/** Independent check of a conversion: minor units × decimal rate, scaled by exponents, rounded half-even (BigInt). */
export function convertHalfEven(amountMinor: number, rate: string, fromExp: number, toExp: number): number {
  const [int, frac = ""] = rate.split(".");
  const scale = 10n ** BigInt(frac.length);
  let num = BigInt(amountMinor) * BigInt(int! + frac);
  let den = scale;
  if (toExp > fromExp) num *= 10n ** BigInt(toExp - fromExp);
  else den *= 10n ** BigInt(fromExp - toExp);
  const q = num / den;
  const r = num % den;
  const twice = r * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) return Number(q + 1n);
  return Number(q);
}

/** num/den rounded half to even, on integers. */
export function divHalfEven(num: bigint, den: bigint): number {
  const q = num / den;
  const r = num % den;
  const twice = r * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) return Number(q + 1n);
  return Number(q);
}
