import * as catalog from "../../data/catalog-repo";
import * as repo from "../../data/calendar-events-repo";
import type { Kysely } from "kysely";
import type { Database } from "../../data/schema";
import { withUnitOfWork } from "../../data/unit-of-work";
import { buildIcs, type CalendarEvent } from "../../domain/calendar/ics";
import { type CalendarSubject, calendarSummary } from "../../domain/calendar/summaries";
import { buildTimeline } from "../../domain/timeline/index";
import type { TimelineEvent, TimelineInput } from "../../domain/timeline/types";
import type { ServiceContext } from "../context";
import { loadItinerary, resolveStored } from "./load";
import { parseTravelers, timelineInput } from "./resolve";
import type { ItineraryIdInput } from "./schemas";

const airport = (p: { code?: string; city: string }) => (p.code ? `${p.city} (${p.code})` : p.city);

/** What an event is about, for its summary; null for a flight's arrival (its flight's event ends there). */
function subjectOf(e: TimelineEvent, input: TimelineInput, hospitalName: string): CalendarSubject | null {
  const id = e.componentId;
  switch (e.type) {
    case "consultation":
      return { kind: "consultation", mode: input.consultation?.mode ?? "video", hospital: hospitalName };
    case "admission":
    case "discharge":
      return { kind: e.type, hospital: hospitalName };
    case "flight_departure": {
      const f = input.flights.find((x) => x.componentId === id)!;
      return { kind: "flight", flightNumber: f.flightNumber, from: airport(f.origin), to: airport(f.destination) };
    }
    case "flight_arrival":
      return null;
    case "transfer": {
      const x = input.transfers.find((t) => t.componentId === id)!;
      return { kind: "transfer", direction: x.direction, airport: airport(x.airport) };
    }
    case "check_in":
    case "check_out":
      return { kind: e.type, hotel: input.lodging.find((l) => l.componentId === id)!.hotelName };
    case "tour":
      return { kind: "tour", title: e.title };
  }
}

/**
 * The itinerary's events for a calendar: one per timeline point, except that a flight is one event
 * from departure to arrival (DTEND in the destination's zone). The UID names the component and the
 * kind of event, never its position, so unchanged events keep their UID when others come and go.
 */
export function calendarEvents(
  itineraryId: string,
  input: TimelineInput,
  events: TimelineEvent[],
  hospitalName: string,
  language: string,
): Omit<CalendarEvent, "sequence">[] {
  const out: Omit<CalendarEvent, "sequence">[] = [];
  for (const e of events) {
    const subject = subjectOf(e, input, hospitalName);
    if (!subject) continue;
    const flight = subject.kind === "flight" ? input.flights.find((f) => f.componentId === e.componentId)! : undefined;
    out.push({
      uid: `${itineraryId}-${e.componentId}-${subject.kind}@caravan`,
      summary: calendarSummary(subject, language),
      location: e.location,
      start: e.start.utc,
      end: flight ? new Date(flight.arrivesAt).toISOString() : e.end?.utc,
      zone: e.start.zone,
      endZone: flight?.destination.zone,
    });
  }
  return out;
}

/** What a calendar app compares: a change of any of these is a new SEQUENCE. */
const stateOf = (e: Omit<CalendarEvent, "sequence">) =>
  JSON.stringify([e.start, e.end ?? null, e.zone, e.endZone ?? null, e.summary, e.location ?? null]);

/**
 * Each event's SEQUENCE: 0 when first served, one more each time its state differs from the one last
 * served (kept in calendar_events). Written only when something changed; concurrent readers bump once
 * (the update is conditional on the state it read).
 */
async function sequences(
  db: Kysely<Database>,
  nowIso: string,
  itineraryId: string,
  events: Omit<CalendarEvent, "sequence">[],
): Promise<Map<string, number>> {
  const read = async (h: Kysely<Database>) =>
    new Map((await repo.calendarEventsOf(h, itineraryId)).map((r) => [r.uid, r]));
  let known = await read(db);
  const stale = events.filter((e) => known.get(e.uid)?.state !== stateOf(e));
  if (stale.length > 0) {
    known = await withUnitOfWork(db, async (trx) => {
      for (const e of stale) {
        const state = stateOf(e);
        const row = known.get(e.uid);
        if (!row) {
          await repo.insertCalendarEvent(trx, { itinerary_id: itineraryId, uid: e.uid, state, updated_at: nowIso });
        } else {
          await repo.bumpCalendarEvent(trx, itineraryId, e.uid, row.state, {
            state,
            sequence: row.sequence + 1,
            updated_at: nowIso,
          });
        }
      }
      return read(trx);
    });
  }
  return new Map(events.map((e) => [e.uid, known.get(e.uid)?.sequence ?? 0]));
}

/** The itinerary's calendar, for the route and for the confirmation email alike (same UIDs and SEQUENCE). */
export async function buildItineraryIcs(
  db: Kysely<Database>,
  itn: { id: string; hospital_id: string; travelers: string; patient_language: string },
  stamp: string,
): Promise<string | null> {
  const hospital = await catalog.getHospital(db, itn.hospital_id);
  if (!hospital) return null;
  const resolved = await resolveStored(db, itn, hospital);
  const input = timelineInput(hospital, parseTravelers(itn), resolved);
  const { events } = buildTimeline(input);
  const language = itn.patient_language;
  const hospitalName = (language === "zh" && hospital.name_local) || hospital.name;
  const calendar = calendarEvents(itn.id, input, events, hospitalName, language);
  const seq = await sequences(db, stamp, itn.id, calendar);
  return buildIcs({
    calendarName: `Caravan itinerary ${itn.id}`,
    now: stamp,
    events: calendar.map((e) => ({ ...e, sequence: seq.get(e.uid)! })),
  });
}

export async function itineraryCalendar({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ItineraryIdInput;
}): Promise<string> {
  const itn = await loadItinerary(ctx, input.id);
  return (await buildItineraryIcs(ctx.db, itn, ctx.clock.now().toISOString()))!;
}
