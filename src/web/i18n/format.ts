import { minorUnitExponent } from "../../domain/pricing/money";
import { INTL_TAG, type Locale } from "./locales";

/** Locale-aware formatting through `Intl`, shared by pages (and, later, emails). */
export interface Formatters {
  /** Integer minor units → "¥1,234.50" / "1 234,50 ₸", always with its currency. */
  money(amountMinor: number, currency: string): string;
  /** A calendar date (YYYY-MM-DD) as the locale writes it. */
  date(isoDate: string): string;
  /** An instant's wall time in an IANA zone, with the zone's place name: "9 Mar 2027, 09:40 Urumqi". */
  dateTime(instant: string, zone: string): string;
  /** The time of day only, with the place: "09:40 Urumqi". */
  time(instant: string, zone: string): string;
  number(n: number): string;
}

/** "Asia/Urumqi" → "Urumqi": the place people recognise. */
export function placeOfZone(zone: string): string {
  return (zone.split("/").pop() ?? zone).replace(/_/g, " ");
}

export function formatters(locale: Locale): Formatters {
  const tag = INTL_TAG[locale];
  return {
    money(amountMinor, currency) {
      const digits = minorUnitExponent(currency);
      return new Intl.NumberFormat(tag, {
        style: "currency",
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(amountMinor / 10 ** digits);
    },
    date(isoDate) {
      const d = new Date(`${isoDate}T00:00:00Z`);
      return new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: "UTC" }).format(d);
    },
    dateTime(instant, zone) {
      const text = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", timeZone: zone });
      return `${text.format(new Date(instant))} ${placeOfZone(zone)}`;
    },
    time(instant, zone) {
      const text = new Intl.DateTimeFormat(tag, { timeStyle: "short", timeZone: zone });
      return `${text.format(new Date(instant))} ${placeOfZone(zone)}`;
    },
    number(n) {
      return new Intl.NumberFormat(tag).format(n);
    },
  };
}
