/**
 * iCalendar (RFC 5545) for an itinerary: every event written in its place's zone with a
 * TZID, and one VTIMEZONE per zone built from the zone's real offsets (luxon), so any
 * client — with or without its own tz database — reads the same instants.
 * Pure: luxon only; "now" (DTSTAMP) is a parameter.
 */
import { DateTime, IANAZone } from "luxon";

export interface CalendarEvent {
  uid: string;
  summary: string;
  description?: string;
  location?: string;
  /** UTC ISO instant. */
  start: string;
  /** UTC ISO instant; default start + 30 min. */
  end?: string;
  /** IANA zone the event is written in (DTSTART;TZID=…). */
  zone: string;
  /** IANA zone of DTEND when the event ends elsewhere (a flight lands in another zone); default `zone`. */
  endZone?: string;
  /** SEQUENCE (RFC 5545 §3.8.7.4): the event's revision; rises each time it changes. Default 0. */
  sequence?: number;
}

export interface BuildIcsOptions {
  prodId?: string;
  calendarName: string;
  events: CalendarEvent[];
  /** DTSTAMP, UTC ISO. */
  now: string;
}

export const DEFAULT_PROD_ID = "-//Caravan//Itinerary Calendar//EN";
const DEFAULT_DURATION_MS = 30 * 60_000;
const MINUTE = 60_000;
const SCAN_STEP_MS = 6 * 60 * MINUTE;

export class IcsInputError extends Error {
  readonly code = "invalid_calendar_input";
  constructor(message: string) {
    super(message);
    this.name = "IcsInputError";
  }
}

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): continuation lines start with one
 * space, so they carry at most 74 octets of content. Splits only between characters,
 * never inside a UTF-8 sequence or a surrogate pair.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = utf8Length(ch.codePointAt(0) as number);
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
      limit = 74;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

function parseInstant(iso: string, what: string): number {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new IcsInputError(`${what}: "${iso}" is not an ISO-8601 instant`);
  return dt.toMillis();
}

function zoneOf(name: string): IANAZone {
  // The cached zone's validity, not IANAZone.isValidZone (a new Intl.DateTimeFormat per call).
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new IcsInputError(`"${name}" is not an IANA zone`);
  return zone;
}

/** YYYYMMDDTHHMMSS of a wall-clock reading held as "UTC" milliseconds. */
function basic(wallMs: number): string {
  return DateTime.fromMillis(wallMs, { zone: "utc" }).toFormat("yyyyMMdd'T'HHmmss");
}

function utcStamp(ms: number): string {
  return `${basic(ms)}Z`;
}

/** ±HHMM (or ±HHMMSS) for an offset in minutes. */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = Math.floor(abs % 60);
  const s = Math.round((abs * 60) % 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${sign}${pad(h)}${pad(m)}${s ? pad(s) : ""}`;
}

export interface OffsetTransition {
  /** First instant (epoch ms, whole minute) with the new offset. */
  at: number;
  from: number;
  to: number;
  isDst: boolean;
}

/**
 * The zone's offset changes in [from, to): a scan in 6-hour steps, each change then
 * bisected to the minute. No real zone changes offset twice within 6 hours.
 */
export function offsetTransitions(zoneName: string, fromMs: number, toMs: number): OffsetTransition[] {
  const zone = zoneOf(zoneName);
  const out: OffsetTransition[] = [];
  let t = fromMs;
  let offset = zone.offset(t);
  while (t < toMs) {
    const next = Math.min(t + SCAN_STEP_MS, toMs);
    const nextOffset = zone.offset(next);
    if (nextOffset !== offset) {
      // Invariant: offset(lo) = old, offset(hi) = new; both on whole minutes after the first step.
      let lo = Math.floor(t / MINUTE);
      let hi = Math.ceil(next / MINUTE);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (zone.offset(mid * MINUTE) === offset) lo = mid;
        else hi = mid;
      }
      const at = hi * MINUTE;
      out.push({ at, from: offset, to: nextOffset, isDst: DateTime.fromMillis(at, { zone: zoneName }).isInDST });
      offset = nextOffset;
    }
    t = next;
  }
  return out;
}

/**
 * A VTIMEZONE for a zone over the given [from, to) windows (sorted, disjoint): a first
 * observance from 1970 (or the first window, if earlier) with the offset in force at its start, then one
 * STANDARD or DAYLIGHT per transition, its DTSTART the local wall time before the change
 * (RFC 5545 §3.6.5); each later window opens with an observance restating the offset then.
 */
export function vtimezone(zoneName: string, windows: readonly (readonly [number, number])[]): string[] {
  const zone = zoneOf(zoneName);
  const fromMs = windows[0]![0];
  const initial = zone.offset(fromMs);
  const initialDst = DateTime.fromMillis(fromMs, { zone: zoneName }).isInDST;
  const lines = ["BEGIN:VTIMEZONE", `TZID:${zoneName}`];
  const observance = (kind: "STANDARD" | "DAYLIGHT", dtstart: string, from: number, to: number, name: string) => {
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${dtstart}`,
      `TZOFFSETFROM:${offsetText(from)}`,
      `TZOFFSETTO:${offsetText(to)}`,
    );
    if (name) lines.push(`TZNAME:${escapeText(name)}`);
    lines.push(`END:${kind}`);
  };
  const abbreviation = (ms: number) => zone.offsetName(ms, { format: "short", locale: "en-US" }) ?? "";
  // From 1970, or from the first window when that is earlier (readers apply no observance before its DTSTART).
  const initialStart = fromMs < 0 ? basic(fromMs + initial * MINUTE) : "19700101T000000";
  observance(initialDst ? "DAYLIGHT" : "STANDARD", initialStart, initial, initial, abbreviation(fromMs));
  windows.forEach(([from, to], i) => {
    if (i > 0) {
      const offset = zone.offset(from);
      const dst = DateTime.fromMillis(from, { zone: zoneName }).isInDST;
      observance(dst ? "DAYLIGHT" : "STANDARD", basic(from + offset * MINUTE), offset, offset, abbreviation(from));
    }
    for (const tr of offsetTransitions(zoneName, from, to)) {
      observance(
        tr.isDst ? "DAYLIGHT" : "STANDARD",
        basic(tr.at + tr.from * MINUTE),
        tr.from,
        tr.to,
        abbreviation(tr.at),
      );
    }
  });
  lines.push("END:VTIMEZONE");
  return lines;
}

/**
 * DTSTART/DTEND for an instant in a zone: the local wall time with TZID — unless that wall
 * time is ambiguous (the repeated hour when clocks go back). RFC 5545 resolves it to the
 * first reading, but readers differ (ical.js picks the standard-time one), so an
 * ambiguous time is written in the exact UTC form instead.
 */
function dateTimeProperty(name: "DTSTART" | "DTEND", ms: number, zoneName: string): string {
  const zone = zoneOf(zoneName);
  const offset = zone.offset(ms);
  const wall = ms + offset * MINUTE;
  const readings = new Set([zone.offset(ms - 12 * 60 * MINUTE), offset, zone.offset(ms + 12 * 60 * MINUTE)]);
  const instants = [...readings].map((o) => wall - o * MINUTE).filter((t) => wall - zone.offset(t) * MINUTE === t);
  if (instants.length > 1) return `${name}:${utcStamp(ms)}`;
  return `${name};TZID=${zoneName}:${basic(wall)}`;
}

function textProperty(name: string, value: string): string {
  return `${name}:${escapeText(value)}`;
}

/** The calendar, CRLF-terminated lines folded at 75 octets. */
export function buildIcs(opts: BuildIcsOptions): string {
  const now = parseInstant(opts.now, "now");
  const events = opts.events.map((e) => {
    const start = parseInstant(e.start, `event ${e.uid} start`);
    const end =
      e.end === undefined || e.end === null ? start + DEFAULT_DURATION_MS : parseInstant(e.end, `event ${e.uid} end`);
    if (end < start) throw new IcsInputError(`event ${e.uid} ends before it starts`);
    zoneOf(e.zone);
    if (e.endZone !== undefined) zoneOf(e.endZone);
    const sequence = e.sequence ?? 0;
    if (!Number.isSafeInteger(sequence) || sequence < 0 || sequence > 2_147_483_647)
      throw new IcsInputError(`event ${e.uid}: SEQUENCE must be a non-negative integer`);
    return { ...e, endZone: e.endZone ?? e.zone, sequence, startMs: start, endMs: end };
  });

  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    textProperty("PRODID", opts.prodId ?? DEFAULT_PROD_ID),
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    textProperty("NAME", opts.calendarName),
    textProperty("X-WR-CALNAME", opts.calendarName),
  ];

  if (events.length > 0) {
    // Around each event's start and end, from the year before to the end of the year after (whole
    // UTC years), merged: the zones are scanned near the events only, so the work follows how
    // many events there are, not how far apart they lie.
    const year = (ms: number, years: number) =>
      DateTime.fromMillis(ms, { zone: "utc" }).plus({ years }).startOf("year").toMillis();
    const points = [...new Set(events.flatMap((e) => [e.startMs, e.endMs]))].sort((a, b) => a - b);
    const windows: [number, number][] = [];
    for (const p of points) {
      const from = year(p, -1),
        to = year(p, 2);
      const last = windows[windows.length - 1];
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else windows.push([from, to]);
    }
    const zones = [...new Set(events.flatMap((e) => [e.zone, e.endZone]))].sort();
    for (const zone of zones) lines.push(...vtimezone(zone, windows));
  }

  for (const e of events) {
    lines.push(
      "BEGIN:VEVENT",
      textProperty("UID", e.uid),
      `DTSTAMP:${utcStamp(now)}`,
      `SEQUENCE:${e.sequence}`,
      dateTimeProperty("DTSTART", e.startMs, e.zone),
      dateTimeProperty("DTEND", e.endMs, e.endZone),
      textProperty("SUMMARY", e.summary),
    );
    if (e.description !== undefined && e.description !== null) lines.push(textProperty("DESCRIPTION", e.description));
    if (e.location !== undefined && e.location !== null) lines.push(textProperty("LOCATION", e.location));
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
