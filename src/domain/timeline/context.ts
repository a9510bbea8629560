import { addDays, nightsBetween } from "../time/local-time";
import { dateIn, instantMs, sameCity, samePlace, wallMs } from "./instants";
import type { Place, TimelineFlight, TimelineInput, TimelineLodging, TimelineTraveler } from "./types";

export const DEFAULT_ADMISSION_TIME = "08:00";
export const DISCHARGE_TIME = "10:00";

/** The inpatient stay, read in the hospital's zone. */
export interface Stay {
  componentId: string;
  admissionDate: string;
  admissionMs: number;
  dischargeDate: string;
  dischargeMs: number;
  /** Hospital-local nights admissionDate … dischargeDate − 1. */
  inpatientNights: string[];
}

/** Facts every rule shares, derived once from the input. */
export interface Context {
  input: TimelineInput;
  patient?: TimelineTraveler;
  /** Flights into the hospital city, by landing time. */
  arrivals: TimelineFlight[];
  /** Flights out of the hospital city, by departure time. */
  returns: TimelineFlight[];
  stay?: Stay;
  /** `lodgingNights`, computed once per lodging component for all the rules. */
  nightsOf(l: TimelineLodging): string[];
}

export function carries(component: { travelerIds: string[] }, travelerId: string): boolean {
  return component.travelerIds.includes(travelerId);
}

export function arrives(f: TimelineFlight): number {
  return instantMs(f.arrivesAt, `flight ${f.componentId}`);
}

export function departs(f: TimelineFlight): number {
  return instantMs(f.departsAt, `flight ${f.componentId}`);
}

/**
 * The treatment city's gateways: any place in the hospital city, and any airport a
 * transfer serves (transfers run between an airport and the hospital, so their airports
 * are the hospital's side of the trip even when named after another city: Hangzhou for Yiwu).
 */
export function isGateway(input: TimelineInput, place: Place): boolean {
  return sameCity(place.city, input.hospital.city) || input.transfers.some((x) => samePlace(x.airport, place));
}

export function buildContext(input: TimelineInput): Context {
  const arrivals = input.flights
    .filter((f) => isGateway(input, f.destination) && !isGateway(input, f.origin))
    .sort((a, b) => arrives(a) - arrives(b));
  const returns = input.flights
    .filter((f) => isGateway(input, f.origin) && !isGateway(input, f.destination))
    .sort((a, b) => departs(a) - departs(b));
  const patient = input.travelers.find((t) => t.role === "patient");
  const t = input.treatment;
  let stay: Stay | undefined;
  if (t) {
    const zone = input.hospital.zone;
    const dischargeDate = addDays(t.admissionDate, t.inpatientNights);
    stay = {
      componentId: t.componentId,
      admissionDate: t.admissionDate,
      admissionMs: wallMs(
        t.admissionDate,
        t.admissionTime ?? DEFAULT_ADMISSION_TIME,
        zone,
        `treatment ${t.componentId}`,
      ),
      dischargeDate,
      dischargeMs: wallMs(dischargeDate, DISCHARGE_TIME, zone, `treatment ${t.componentId}`),
      inpatientNights: nightsBetween(t.admissionDate, dischargeDate),
    };
  }
  const nights = new Map<TimelineLodging, string[]>();
  const nightsOf = (l: TimelineLodging) => {
    let n = nights.get(l);
    if (!n) nights.set(l, (n = lodgingNights(l)));
    return n;
  };
  return { input, ...(patient ? { patient } : {}), arrivals, returns, ...(stay ? { stay } : {}), nightsOf };
}

/** First arrival flight carrying a traveler (else, for the party, the patient's, else the first). */
export function arrivalOf(ctx: Context, travelerId: string): TimelineFlight | undefined {
  return ctx.arrivals.find((f) => carries(f, travelerId)) ?? partyArrival(ctx);
}

/** Last return flight carrying a traveler (else the patient's, else the last). */
export function returnOf(ctx: Context, travelerId: string): TimelineFlight | undefined {
  return lastCarrying(ctx.returns, travelerId) ?? partyReturn(ctx);
}

export function partyArrival(ctx: Context): TimelineFlight | undefined {
  const p = ctx.patient;
  return (p && ctx.arrivals.find((f) => carries(f, p.id))) ?? ctx.arrivals[0];
}

export function partyReturn(ctx: Context): TimelineFlight | undefined {
  const p = ctx.patient;
  return (p && lastCarrying(ctx.returns, p.id)) ?? ctx.returns[ctx.returns.length - 1];
}

export function lastCarrying(flights: TimelineFlight[], travelerId: string): TimelineFlight | undefined {
  for (let i = flights.length - 1; i >= 0; i--) {
    const f = flights[i];
    if (f && carries(f, travelerId)) return f;
  }
  return undefined;
}

/** Nights a lodging component covers: checkIn … checkOut − 1, as hotel-local dates. */
export function lodgingNights(l: TimelineLodging): string[] {
  return nightsBetween(l.checkIn, l.checkOut);
}

/**
 * The zone a traveler's nights are counted in: their hotel's (the first lodging listing
 * them), else any lodging's, else the hospital's.
 */
export function hotelZone(ctx: Context, travelerId: string): string {
  const byCheckIn = [...ctx.input.lodging].sort((a, b) => a.checkIn.localeCompare(b.checkIn));
  return (byCheckIn.find((l) => carries(l, travelerId)) ?? byCheckIn[0])?.zone ?? ctx.input.hospital.zone;
}

/**
 * The nights a traveler spends in the hospital city: from the local date (hotel zone) of
 * their landing up to, exclusive, the origin-local date of their return departure.
 */
export function nightsInCity(
  ctx: Context,
  travelerId: string,
): { nights: string[]; arrival: TimelineFlight; ret: TimelineFlight } | undefined {
  const arrival = arrivalOf(ctx, travelerId);
  const ret = returnOf(ctx, travelerId);
  if (!arrival || !ret) return undefined;
  const from = dateIn(arrives(arrival), hotelZone(ctx, travelerId));
  const to = dateIn(departs(ret), ret.origin.zone);
  return { nights: nightsBetween(from, to), arrival, ret };
}
