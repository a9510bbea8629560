/** Days in each month of a common year; February gains one in a leap year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The decimal digit at `at` (0–9), or -1 for anything else: exactly what `\d` matches. */
function digitAt(value: string, at: number): number {
  const c = value.charCodeAt(at) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/**
 * A real calendar date written YYYY-MM-DD (what /^(\d{4})-(\d{2})-(\d{2})$/ matches, then a day that
 * exists in that month). Read character by character: it runs once per priced line.
 */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string" || value.length !== 10) return false;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const y0 = digitAt(value, 0);
  const y1 = digitAt(value, 1);
  const y2 = digitAt(value, 2);
  const y3 = digitAt(value, 3);
  const m0 = digitAt(value, 5);
  const m1 = digitAt(value, 6);
  const d0 = digitAt(value, 8);
  const d1 = digitAt(value, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return false;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return day <= (leap ? 29 : 28);
  }
  return day <= MONTH_DAYS[month - 1]!;
}
