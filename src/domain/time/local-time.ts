import { DateTime, IANAZone } from "luxon";

/** An instant with its local reading in a place's IANA zone. */
export interface LocalTime {
  utc: string;
  local: string;
  zone: string;
}

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** `2026-11-23T02:30:00.000Z` in `Asia/Almaty` → local ISO with offset. */
export function toLocal(utcIso: string, zone: string): LocalTime {
  const dt = DateTime.fromISO(utcIso, { zone: "utc" });
  if (!dt.isValid) throw new Error(`invalid instant ${utcIso}`);
  return {
    utc: dt.toISO({ suppressMilliseconds: true }) as string,
    local: dt.setZone(zone).toISO({ suppressMilliseconds: true }) as string,
    zone,
  };
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a zone. */
export function localDate(instant: Date | string, zone: string): string {
  const dt =
    typeof instant === "string"
      ? DateTime.fromISO(instant, { zone: "utc" })
      : DateTime.fromJSDate(instant, { zone: "utc" });
  return dt.setZone(zone).toISODate() as string;
}

/** A wall-clock time on a local date in a zone → UTC ISO instant. */
export function localToUtc(date: string, time: string, zone: string): string {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!dt.isValid) throw new Error(`invalid local time ${date}T${time} in ${zone}`);
  return dt.toUTC().toISO() as string;
}

/** The UTC start of the hour containing an instant, as ISO. */
export function utcHourStart(instant: string): string {
  return DateTime.fromISO(instant, { zone: "utc" }).startOf("hour").toISO() as string;
}

/** Dates from `from` (inclusive) to `to` (exclusive), YYYY-MM-DD. */
export function nightsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let d = DateTime.fromISO(from, { zone: "utc" });
  const end = DateTime.fromISO(to, { zone: "utc" });
  while (d < end) {
    out.push(d.toISODate() as string);
    d = d.plus({ days: 1 });
  }
  return out;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: "utc" }).plus({ days }).toISODate() as string;
}
