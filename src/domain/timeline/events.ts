import type { Context } from "./context";
import { MINUTE, instantMs, point, wallMs } from "./instants";
import type { TimelineEvent, TimelineEventType } from "./types";

/** Among events at the same instant, the order a traveler lives them in. */
const TIE_ORDER: readonly TimelineEventType[] = [
  "flight_arrival",
  "check_out",
  "discharge",
  "transfer",
  "consultation",
  "admission",
  "tour",
  "check_in",
  "flight_departure",
];

function airport(p: { code?: string; city: string }): string {
  return p.code ? `${p.city} (${p.code})` : p.city;
}

type Add = (ms: number, event: TimelineEvent) => void;

/** The consultation, admission and discharge. */
function hospitalEvents(ctx: Context, add: Add): void {
  const hospital = ctx.input.hospital;
  const c = ctx.input.consultation;
  if (c) {
    const s = instantMs(c.startsAt, `consultation ${c.componentId}`);
    add(s, {
      componentId: c.componentId,
      type: "consultation",
      title: `${c.mode === "video" ? "Video consultation" : "Consultation"} with ${hospital.name}`,
      start: point(s, c.zone),
      end: point(s + c.durationMinutes * MINUTE, c.zone),
      location: c.mode === "video" ? "Video call" : `${hospital.name}, ${hospital.city}`,
    });
  }

  const stay = ctx.stay;
  if (stay) {
    const location = `${hospital.name}, ${hospital.city}`;
    add(stay.admissionMs, {
      componentId: stay.componentId,
      type: "admission",
      title: `Admission to ${hospital.name}`,
      start: point(stay.admissionMs, hospital.zone),
      location,
    });
    add(stay.dischargeMs, {
      componentId: stay.componentId,
      type: "discharge",
      title: `Discharge from ${hospital.name}`,
      start: point(stay.dischargeMs, hospital.zone),
      location,
    });
  }
}

/** Flights out and back, and the transfers to and from the airports. */
function journeyEvents(ctx: Context, add: Add): void {
  const { input } = ctx;
  for (const f of input.flights) {
    const d = instantMs(f.departsAt, `flight ${f.componentId}`);
    const a = instantMs(f.arrivesAt, `flight ${f.componentId}`);
    add(d, {
      componentId: f.componentId,
      type: "flight_departure",
      title: `${f.flightNumber} departs ${airport(f.origin)} for ${airport(f.destination)}`,
      start: point(d, f.origin.zone),
      location: airport(f.origin),
    });
    add(a, {
      componentId: f.componentId,
      type: "flight_arrival",
      title: `${f.flightNumber} arrives at ${airport(f.destination)} from ${airport(f.origin)}`,
      start: point(a, f.destination.zone),
      location: airport(f.destination),
    });
  }

  for (const x of input.transfers) {
    const s = instantMs(x.pickupAt, `transfer ${x.componentId}`);
    add(s, {
      componentId: x.componentId,
      type: "transfer",
      title:
        x.direction === "arrival"
          ? `Airport pickup at ${airport(x.airport)}`
          : `Transfer to ${airport(x.airport)} airport`,
      start: point(s, x.airport.zone),
      end: point(s + x.durationMinutes * MINUTE, x.airport.zone),
      location: airport(x.airport),
    });
  }
}

/** Hotel check-ins and check-outs, and tours. */
function stayEvents(ctx: Context, add: Add): void {
  const { input } = ctx;
  for (const l of input.lodging) {
    const inMs = wallMs(l.checkIn, l.checkInTime, l.zone, `lodging ${l.componentId}`);
    const outMs = wallMs(l.checkOut, l.checkOutTime, l.zone, `lodging ${l.componentId}`);
    const location = `${l.hotelName}, ${l.city}`;
    add(inMs, {
      componentId: l.componentId,
      type: "check_in",
      title: `Check in at ${l.hotelName}`,
      start: point(inMs, l.zone),
      location,
    });
    add(outMs, {
      componentId: l.componentId,
      type: "check_out",
      title: `Check out of ${l.hotelName}`,
      start: point(outMs, l.zone),
      location,
    });
  }

  for (const r of input.tours) {
    const s = instantMs(r.startsAt, `tour ${r.componentId}`);
    const e = instantMs(r.endsAt, `tour ${r.componentId}`);
    add(s, {
      componentId: r.componentId,
      type: "tour",
      title: r.title,
      start: point(s, r.zone),
      end: point(e, r.zone),
      location: r.city,
    });
  }
}

/** One event per point of the trip, each read in its own place's zone, sorted by instant. */
export function buildEvents(ctx: Context): TimelineEvent[] {
  const timed: { ms: number; event: TimelineEvent }[] = [];
  const add: Add = (ms, event) => timed.push({ ms, event });
  hospitalEvents(ctx, add);
  journeyEvents(ctx, add);
  stayEvents(ctx, add);
  return timed
    .sort(
      (a, b) =>
        a.ms - b.ms ||
        TIE_ORDER.indexOf(a.event.type) - TIE_ORDER.indexOf(b.event.type) ||
        a.event.componentId.localeCompare(b.event.componentId),
    )
    .map((t) => t.event);
}
