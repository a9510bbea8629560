import { DateTime, IANAZone } from "luxon";

/**
 * Local times per place, on hot paths (every flight, stay and tour of every response).
 *
 * The answers are luxon's to the letter (a property test compares them over many zones and
 * instants, across DST changes), but the common case skips building luxon objects: a zone's UTC
 * offset comes from one cached `Intl.DateTimeFormat` per zone and is remembered per UTC hour
 * (checked at both ends of the hour, so an hour with a transition is never remembered), and the
 * ISO strings are written by hand. Anything unusual (a non-ISO string, a year outside
 * 1900–9999, a fixed-offset or unknown zone name, a fractional historical offset) goes to luxon.
 * Pure: no clock, no I/O; the caches hold only facts about zones.
 */

/** An instant with its local reading in a place's IANA zone. */
export interface LocalTime {
  utc: string;
  local: string;
  zone: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MAX_ZONES = 256;
const MAX_HOURS_PER_ZONE = 50_000;

/** Names luxon reads as something other than an IANA zone (fixed offsets, the system zone). */
const NOT_IANA = /^(?:default|local|system|utc|gmt)$|^utc[+-]/i;
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface ZoneTable {
  dtf: Intl.DateTimeFormat;
  /** UTC hour index → offset in minutes, for hours with one offset throughout. */
  hours: Map<number, number>;
}

/** null: a zone the fast path does not handle (luxon answers). */
const zones = new Map<string, ZoneTable | null>();

function tableOf(zone: string): ZoneTable | null {
  let t = zones.get(zone);
  if (t !== undefined) return t;
  t = null;
  if (!NOT_IANA.test(zone)) {
    try {
      const dtf = new Intl.DateTimeFormat("en-US", {
        hourCycle: "h23",
        timeZone: zone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        era: "short",
      });
      t = { dtf, hours: new Map() };
    } catch {
      t = null; // unknown zone: luxon's answer (an invalid DateTime) stands
    }
  }
  if (zones.size >= MAX_ZONES) zones.clear();
  zones.set(zone, t);
  return t;
}

/** luxon's IANAZone.offset: the wall clock read by Intl, minus the instant (ms dropped), in minutes. */
function exactOffset(t: ZoneTable, ms: number): number {
  let year = 0,
    month = 0,
    day = 0,
    hour = 0,
    minute = 0,
    second = 0;
  let bc = false;
  for (const p of t.dtf.formatToParts(new Date(ms))) {
    switch (p.type) {
      case "year":
        year = parseInt(p.value, 10);
        break;
      case "month":
        month = parseInt(p.value, 10);
        break;
      case "day":
        day = parseInt(p.value, 10);
        break;
      case "hour":
        hour = parseInt(p.value, 10);
        break;
      case "minute":
        minute = parseInt(p.value, 10);
        break;
      case "second":
        second = parseInt(p.value, 10);
        break;
      case "era":
        bc = p.value === "BC";
        break;
    }
  }
  if (bc) year = -Math.abs(year) + 1;
  const asUtc = Date.UTC(year, month - 1, day, hour === 24 ? 0 : hour, minute, second);
  const whole = ms - (((ms % 1000) + 1000) % 1000);
  return (asUtc - whole) / 60_000;
}

/** The zone's offset at an instant, in minutes; NaN when the fast path cannot say. */
function offsetAt(t: ZoneTable, ms: number): number {
  const h = Math.floor(ms / HOUR_MS);
  const known = t.hours.get(h);
  if (known !== undefined) return known;
  const start = exactOffset(t, h * HOUR_MS);
  const end = exactOffset(t, h * HOUR_MS + HOUR_MS - 1000);
  if (start === end) {
    if (t.hours.size >= MAX_HOURS_PER_ZONE) t.hours.clear();
    t.hours.set(h, start);
    return start;
  }
  return exactOffset(t, ms);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** `YYYY-MM-DDTHH:mm:ss[.SSS]` of the UTC fields of `ms` (suppressMilliseconds: only when zero). */
function wall(ms: number): string {
  const d = new Date(ms);
  const milli = d.getUTCMilliseconds();
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}` +
    `T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}` +
    (milli === 0 ? "" : `.${pad3(milli)}`)
  );
}

function offsetText(offset: number): string {
  const abs = Math.abs(offset);
  return `${offset >= 0 ? "+" : "-"}${pad2(Math.trunc(abs / 60))}:${pad2(abs % 60)}`;
}

/** Epoch ms of a strict ISO instant in 1900–9999 (luxon would accept it alike), else NaN (then ask luxon). */
export function parseIsoInstant(iso: string): number {
  const m = ISO_INSTANT.exec(iso);
  if (!m) return NaN;
  const year = Number(m[1]);
  if (year < 1900) return NaN;
  const month = Number(m[2]),
    day = Number(m[3]),
    hour = Number(m[4]),
    minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const milli = m[7] === undefined ? 0 : Number(m[7].padEnd(3, "0"));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, milli);
  if (new Date(local).getUTCDate() !== day) return NaN; // 2026-02-30
  const z = m[8]!;
  if (z === "Z") return local;
  const oh = Number(z.slice(1, 3)),
    om = Number(z.slice(4, 6));
  if (oh > 23 || om > 59) return NaN;
  return local - (z[0] === "-" ? -1 : 1) * (oh * 60 + om) * 60_000;
}

function inFastRange(ms: number): boolean {
  const y = new Date(ms).getUTCFullYear();
  return y >= 1900 && y <= 9999;
}

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

function toLocalSlow(utcIso: string, zone: string): LocalTime {
  const dt = DateTime.fromISO(utcIso, { zone: "utc" });
  if (!dt.isValid) throw new Error(`invalid instant ${utcIso}`);
  return {
    utc: dt.toISO({ suppressMilliseconds: true }) as string,
    local: dt.setZone(zone).toISO({ suppressMilliseconds: true }) as string,
    zone,
  };
}

/** The fast reading of an instant in a zone, or null where luxon must answer. */
function fastLocal(ms: number, zone: string): LocalTime | null {
  const t = Number.isNaN(ms) || !inFastRange(ms) ? null : tableOf(zone);
  if (!t) return null;
  const offset = offsetAt(t, ms);
  const localMs = ms + offset * 60_000;
  if (!Number.isInteger(offset) || !inFastRange(localMs)) return null;
  return { utc: `${wall(ms)}Z`, local: `${wall(localMs)}${offsetText(offset)}`, zone };
}

/** `2026-11-23T02:30:00.000Z` in `Asia/Almaty` → local ISO with offset. */
export function toLocal(utcIso: string, zone: string): LocalTime {
  return fastLocal(parseIsoInstant(utcIso), zone) ?? toLocalSlow(utcIso, zone);
}

/** toLocal of an instant given as epoch milliseconds. */
export function localAt(ms: number, zone: string): LocalTime {
  const fast = fastLocal(ms, zone);
  if (fast) return fast;
  const dt = DateTime.fromMillis(ms, { zone: "utc" });
  if (!dt.isValid) throw new Error(`invalid instant ${ms}`);
  return {
    utc: dt.toISO({ suppressMilliseconds: true }) as string,
    local: dt.setZone(zone).toISO({ suppressMilliseconds: true }) as string,
    zone,
  };
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a zone. */
export function localDate(instant: Date | string, zone: string): string {
  const ms = typeof instant === "string" ? parseIsoInstant(instant) : instant.getTime();
  const t = Number.isNaN(ms) || !inFastRange(ms) ? null : tableOf(zone);
  const offset = t ? offsetAt(t, ms) : NaN;
  if (!t || !Number.isInteger(offset) || !inFastRange(ms + offset * 60_000)) {
    const dt =
      typeof instant === "string"
        ? DateTime.fromISO(instant, { zone: "utc" })
        : DateTime.fromJSDate(instant, { zone: "utc" });
    return dt.setZone(zone).toISODate() as string;
  }
  return wall(ms + offset * 60_000).slice(0, 10);
}

const WALL_TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A wall-clock time on a local date in a zone → epoch milliseconds. Read here when the zone keeps
 * one offset from a day before to a day after (then the wall time names exactly one instant, and
 * luxon finds that one too); around a DST change, and for anything unusual, luxon decides.
 */
export function localToUtcMs(date: string, time: string, zone: string): number {
  const day = parseDate(date);
  const m = WALL_TIME.exec(time);
  const t = !Number.isNaN(day) && m ? tableOf(zone) : null;
  if (t && m) {
    const h = Number(m[1]),
      mi = Number(m[2]),
      sec = m[3] === undefined ? 0 : Number(m[3]);
    const wallAsUtc = day + h * HOUR_MS + mi * 60_000 + sec * 1000;
    if (h <= 23 && mi <= 59 && sec <= 59 && inFastRange(wallAsUtc - DAY_MS) && inFastRange(wallAsUtc + DAY_MS)) {
      const before = offsetAt(t, wallAsUtc - DAY_MS);
      if (Number.isInteger(before) && before === offsetAt(t, wallAsUtc + DAY_MS)) {
        const ms = wallAsUtc - before * 60_000;
        if (offsetAt(t, ms) === before) return ms;
      }
    }
  }
  const dt = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!dt.isValid) throw new Error(`invalid local time ${date}T${time} in ${zone}`);
  return dt.toMillis();
}

/** A wall-clock time on a local date in a zone → UTC ISO instant. */
export function localToUtc(date: string, time: string, zone: string): string {
  const ms = localToUtcMs(date, time, zone);
  return inFastRange(ms) ? new Date(ms).toISOString() : (DateTime.fromMillis(ms, { zone: "utc" }).toISO() as string);
}

/** The UTC start of the hour containing an instant, as ISO. */
export function utcHourStart(instant: string): string {
  const ms = parseIsoInstant(instant);
  if (Number.isNaN(ms) || !inFastRange(ms))
    return DateTime.fromISO(instant, { zone: "utc" }).startOf("hour").toISO() as string;
  return new Date(Math.floor(ms / HOUR_MS) * HOUR_MS).toISOString();
}

/** Epoch ms of a YYYY-MM-DD date at 00:00 UTC (1900–9999), else NaN. */
function parseDate(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) return NaN;
  const year = Number(m[1]),
    month = Number(m[2]),
    day = Number(m[3]);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return NaN;
  const ms = Date.UTC(year, month - 1, day);
  return new Date(ms).getUTCDate() === day ? ms : NaN;
}

/** Dates from `from` (inclusive) to `to` (exclusive), YYYY-MM-DD. */
export function nightsBetween(from: string, to: string): string[] {
  const a = parseDate(from),
    b = parseDate(to);
  const out: string[] = [];
  if (Number.isNaN(a) || Number.isNaN(b)) {
    let d = DateTime.fromISO(from, { zone: "utc" });
    const end = DateTime.fromISO(to, { zone: "utc" });
    while (d < end) {
      out.push(d.toISODate() as string);
      d = d.plus({ days: 1 });
    }
    return out;
  }
  for (let ms = a; ms < b; ms += DAY_MS) out.push(new Date(ms).toISOString().slice(0, 10));
  return out;
}

export function addDays(date: string, days: number): string {
  const ms = parseDate(date);
  const next = ms + days * DAY_MS;
  if (Number.isNaN(ms) || !Number.isInteger(days) || !inFastRange(next)) {
    return DateTime.fromISO(date, { zone: "utc" }).plus({ days }).toISODate() as string;
  }
  return new Date(next).toISOString().slice(0, 10);
}
