import { DateTime, IANAZone } from "luxon";
import { addDays, localAt, localToUtcMs, parseIsoInstant } from "../time/local-time";
import type { Place, TimelineInput, TimelinePoint } from "./types";

/** Thrown for input the rules cannot read (a malformed instant, date or zone). */
export class TimelineInputError extends Error {
  readonly code = "invalid_timeline_input";
  constructor(message: string) {
    super(message);
    this.name = "TimelineInputError";
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/*
 * Fast paths. The rules read the same few instants many times, and luxon builds a DateTime
 * (tens of µs) for each reading. Instants, local readings and wall times come from
 * ../time/local-time (strict ISO read by arithmetic, one cached Intl formatter per zone), which
 * gives luxon's answers and leaves anything unusual to luxon, so answers and errors do not change.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_MS = -2_208_988_800_000; // 1900-01-01T00:00:00Z
const MAX_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
function daysIn(y: number, m: number): number {
  return m === 2 ? (leap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Epoch ms of a calendar date at 00:00 UTC, or NaN unless a real date of 1900–9999. */
function dateMs(y: number, m: number, d: number): number {
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return NaN;
  return Date.UTC(y, m - 1, d);
}

const inRange = (ms: number) => ms >= MIN_MS && ms <= MAX_MS;

/** An ISO-8601 instant (with offset or Z) → epoch milliseconds. */
export function instantMs(iso: string, what: string): number {
  const fast = parseIsoInstant(iso);
  if (!Number.isNaN(fast)) return fast;
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new TimelineInputError(`${what}: "${iso}" is not an ISO-8601 instant`);
  return dt.toMillis();
}

/**
 * A wall-clock time on a local date in a zone → epoch milliseconds. Read here when the zone keeps
 * one offset from a day before to a day after (then every reading agrees); around a DST change,
 * luxon decides.
 */
export function wallMs(date: string, time: string, zone: string, what: string): number {
  const key = `${zone} ${date}T${time}`;
  let ms = walls.get(key);
  if (ms === undefined) {
    ms = wallMsUncached(date, time, zone, what);
    if (walls.size >= MAX_WALLS) walls.clear();
    walls.set(key, ms);
  }
  return ms;
}

/**
 * Answers of wallMs (a fact about a zone's calendar, like local-time's per-zone offsets): a few hotel
 * times on a few dates recur on every read of an itinerary.
 */
const walls = new Map<string, number>();
const MAX_WALLS = 20_000;

function wallMsUncached(date: string, time: string, zone: string, what: string): number {
  try {
    return localToUtcMs(date, time, zone);
  } catch {
    throw new TimelineInputError(`${what}: "${date} ${time}" is not a local date and time`);
  }
}

/** The first instant of a local date in a zone. */
export function startOfLocalDay(date: string, zone: string, what: string): number {
  const dt = DateTime.fromISO(date, { zone });
  if (!dt.isValid) throw new TimelineInputError(`${what}: "${date}" is not a date`);
  return dt.startOf("day").toMillis();
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a zone. */
export function dateIn(ms: number, zone: string): string {
  if (inRange(ms) && IANAZone.create(zone).isValid) return localAt(ms, zone).local.slice(0, 10);
  return DateTime.fromMillis(ms, { zone }).toISODate() as string;
}

/** An instant with its local reading in a zone. */
export function point(ms: number, zone: string): TimelinePoint {
  if (inRange(ms) && IANAZone.create(zone).isValid) return localAt(ms, zone);
  const dt = DateTime.fromMillis(ms, { zone });
  return {
    utc: dt.toUTC().toISO({ suppressMilliseconds: true }) as string,
    local: dt.toISO({ suppressMilliseconds: true }) as string,
    zone,
  };
}

/** For messages: "2026-11-19 13:25 Asia/Shanghai". */
export function show(ms: number, zone: string): string {
  if (inRange(ms) && IANAZone.create(zone).isValid) {
    const local = localAt(ms, zone).local;
    return `${local.slice(0, 10)} ${local.slice(11, 16)} ${zone}`;
  }
  return `${DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd HH:mm")} ${zone}`;
}

export function minutes(ms: number): string {
  const total = Math.trunc(ms / MINUTE);
  return `${total} min`;
}

function norm(s: string): string {
  return s.trim().toLowerCase();
}

export function sameCity(a: string, b: string): boolean {
  return norm(a) === norm(b);
}

/** The same airport: by code when both have one, else by city and country. */
export function samePlace(a: Place, b: Place): boolean {
  if (a.code && b.code) return norm(a.code) === norm(b.code);
  return sameCity(a.city, b.city) && norm(a.country) === norm(b.country);
}

/** "ru-RU" speaks "ru": languages match on their primary subtag, case-insensitively. */
export function sameLanguage(a: string, b: string): boolean {
  const primary = (s: string) => norm(s).split(/[-_]/)[0];
  return primary(a) === primary(b);
}

/** Consecutive dates grouped into readable ranges: "2026-11-21 … 2026-11-30, 2026-12-04". */
export function dateRanges(dates: readonly string[]): string {
  const sorted = [...new Set(dates)].sort();
  const ranges: string[] = [];
  let first: string | undefined;
  let last: string | undefined;
  for (const d of sorted) {
    if (first !== undefined && last !== undefined && addDays(last, 1) === d) {
      last = d;
      continue;
    }
    if (first !== undefined && last !== undefined) ranges.push(first === last ? first : `${first} … ${last}`);
    first = d;
    last = d;
  }
  if (first !== undefined && last !== undefined) ranges.push(first === last ? first : `${first} … ${last}`);
  return ranges.join(", ");
}

/** Every zone, date and instant the rules read, checked up front so rules never see garbage. */
export function assertReadable(input: TimelineInput): void {
  const zone = (z: string, what: string) => {
    // IANAZone.create caches one zone per name (luxon does the same for every DateTime in a zone);
    // IANAZone.isValidZone builds a new Intl.DateTimeFormat on every call: ~70 µs and ICU memory
    // each, which made GET itinerary slow and the server's RSS grow by ~170 MB under load (issue 6).
    if (!IANAZone.create(z).isValid) throw new TimelineInputError(`${what}: "${z}" is not an IANA zone`);
  };
  const date = (d: string, what: string) => {
    const m = ISO_DATE.exec(d);
    if (
      !m ||
      (Number.isNaN(dateMs(Number(m[1]), Number(m[2]), Number(m[3]))) && !DateTime.fromISO(d, { zone: "utc" }).isValid)
    ) {
      throw new TimelineInputError(`${what}: "${d}" is not a YYYY-MM-DD date`);
    }
  };
  const time = (t: string, what: string) => {
    if (!/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(t))
      throw new TimelineInputError(`${what}: "${t}" is not an HH:mm time`);
  };
  const count = (n: number, what: string) => {
    if (!Number.isInteger(n) || n < 0) throw new TimelineInputError(`${what}: ${n} is not a whole number ≥ 0`);
  };
  zone(input.hospital.zone, "hospital.zone");
  const c = input.consultation;
  if (c) {
    zone(c.zone, `consultation ${c.componentId}`);
    instantMs(c.startsAt, `consultation ${c.componentId}`);
    count(c.durationMinutes, `consultation ${c.componentId} duration`);
  }
  const t = input.treatment;
  if (t) {
    date(t.admissionDate, `treatment ${t.componentId} admission date`);
    if (t.admissionTime !== undefined) time(t.admissionTime, `treatment ${t.componentId} admission time`);
    count(t.inpatientNights, `treatment ${t.componentId} inpatient nights`);
    count(t.fitToFlyDays, `treatment ${t.componentId} fit-to-fly days`);
    for (const r of t.activityRestrictions) count(r.days, `treatment ${t.componentId} ${r.activity} restriction days`);
  }
  for (const f of input.flights) {
    zone(f.origin.zone, `flight ${f.componentId} origin`);
    zone(f.destination.zone, `flight ${f.componentId} destination`);
    const dep = instantMs(f.departsAt, `flight ${f.componentId} departure`);
    const arr = instantMs(f.arrivesAt, `flight ${f.componentId} arrival`);
    if (arr < dep) throw new TimelineInputError(`flight ${f.componentId} arrives before it departs`);
  }
  for (const x of input.transfers) {
    zone(x.airport.zone, `transfer ${x.componentId} airport`);
    instantMs(x.pickupAt, `transfer ${x.componentId} pickup`);
    count(x.durationMinutes, `transfer ${x.componentId} duration`);
  }
  for (const l of input.lodging) {
    zone(l.zone, `lodging ${l.componentId}`);
    date(l.checkIn, `lodging ${l.componentId} check-in`);
    date(l.checkOut, `lodging ${l.componentId} check-out`);
    time(l.checkInTime, `lodging ${l.componentId} check-in time`);
    time(l.checkOutTime, `lodging ${l.componentId} check-out time`);
    if (l.checkOut <= l.checkIn)
      throw new TimelineInputError(`lodging ${l.componentId} checks out before it checks in`);
  }
  for (const r of input.tours) {
    zone(r.zone, `tour ${r.componentId}`);
    const s = instantMs(r.startsAt, `tour ${r.componentId} start`);
    const e = instantMs(r.endsAt, `tour ${r.componentId} end`);
    if (e < s) throw new TimelineInputError(`tour ${r.componentId} ends before it starts`);
  }
}
