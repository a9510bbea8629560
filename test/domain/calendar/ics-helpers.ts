import ICAL from "ical.js";
import { DateTime } from "luxon";
import { buildIcs, type CalendarEvent } from "../../../src/domain/calendar/ics";

/** Shared by the ICS tests: a fixed DTSTAMP, a calendar built from events, and ical.js reading it back. */

export const NOW = "2026-11-01T09:15:00Z";

export interface Parsed {
  uid: string;
  summary: string;
  description: string | null;
  location: string | null;
  start: string;
  end: string;
  startZone: string;
}

/**
 * Parses with ical.js, which has no tz database of its own: times resolve only through the
 * calendar's VTIMEZONEs (read from the file, and registered with its TimezoneService).
 */
export function parse(ics: string): Parsed[] {
  ICAL.TimezoneService.reset();
  const cal = new ICAL.Component(ICAL.parse(ics));
  for (const vtz of cal.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  return cal.getAllSubcomponents("vevent").map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      description: e.description ?? null,
      location: e.location ?? null,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      startZone: e.startDate.zone?.tzid ?? "",
    };
  });
}

export function iso(utc: string): string {
  return DateTime.fromISO(utc, { zone: "utc" }).toISO() as string;
}

export function ics(events: CalendarEvent[], calendarName = "Caravan itinerary itn_demo"): string {
  return buildIcs({ calendarName, events, now: NOW });
}
