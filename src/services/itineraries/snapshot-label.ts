import type { ResolvedComponent } from "./types";

type Point = { utc: string; local: string; zone: string };
/** A component in a few language-neutral words for the history: what it is, when it starts and ends, where. */
export interface ComponentLabel {
  name: string;
  start: Point | null;
  end: Point | null;
  place: string | null;
}

const point = (x: unknown): Point | null =>
  x && typeof x === "object" && typeof (x as Point).utc === "string" ? (x as Point) : null;

/** The label the history keeps beside a component's parameters (history-diff shows it before → after). */
export function labelOf(r: ResolvedComponent): ComponentLabel {
  const d = r.details as Record<string, any>;
  switch (r.type) {
    case "flight":
      return { name: d.flightNumber, start: point(d.departure), end: point(d.arrival), place: d.origin?.city ?? null };
    case "transfer":
      return { name: d.vehicleType, start: point(d.pickup), end: null, place: d.airport?.code ?? null };
    case "lodging":
      return { name: `${d.hotelName} · ${d.roomType}`, start: point(d.checkIn), end: point(d.checkOut), place: null };
    case "tour":
      return { name: d.title, start: point(d.startsAt), end: point(d.endsAt), place: null };
    case "consultation":
      return { name: d.department, start: point(d.startsAt), end: null, place: null };
    case "treatment":
      return { name: `${d.inpatientNights}`, start: point(d.admission), end: point(d.discharge), place: null };
    default:
      return { name: r.type, start: null, end: null, place: null };
  }
}
