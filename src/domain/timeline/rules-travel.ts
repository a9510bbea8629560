/** Timeline rules about getting there and back: flights, pickups, consultations on arrival, fit to fly. */
import { addDays } from "../time/local-time";
import { type Context, arrives, carries, departs } from "./context";
import { HOUR, MINUTE, dateIn, instantMs, minutes, samePlace, show } from "./instants";
import { type TimelineFlight, type TimelineIssue } from "./types";
import {
  ARRIVAL_BUFFER_MINUTES,
  INTERNATIONAL_DEPARTURE_BUFFER_MINUTES,
  DOMESTIC_DEPARTURE_BUFFER_MINUTES,
  type Rule,
  error,
  warning,
  placeName,
  aboard,
  nearestLanding,
} from "./rule-kit";

/**
 * arrival_buffer — an airport pickup meets the flight it serves with ≥ 45 min between
 * landing and pickup. For each traveler on the pickup, the flight it serves is their
 * arrival flight at that airport landing nearest the pickup; with none of its travelers
 * on a flight there, the nearest landing there. No arrival flight at the airport at all
 * is an error too.
 */
export const arrivalBuffer: Rule = (ctx) => {
  const out: TimelineIssue[] = [];
  for (const x of ctx.input.transfers) {
    if (x.direction !== "arrival") continue;
    const pickup = instantMs(x.pickupAt, `transfer ${x.componentId}`);
    const there = ctx.arrivals.filter((f) => samePlace(f.destination, x.airport));
    if (there.length === 0) {
      out.push(
        error(
          "arrival_buffer",
          `Pickup at ${placeName(x.airport)} ${show(pickup, x.airport.zone)} meets no arrival flight: none lands at ` +
            `that airport.`,
          [x.componentId],
          x.travelerIds,
        ),
      );
      continue;
    }
    const served = new Map<TimelineFlight, string[]>();
    const riders = x.travelerIds.filter((id) => there.some((f) => carries(f, id)));
    if (riders.length === 0) {
      const f = nearestLanding(there, pickup);
      if (f) served.set(f, [...x.travelerIds]);
    } else {
      for (const id of riders) {
        const f = nearestLanding(
          there.filter((g) => carries(g, id)),
          pickup,
        );
        if (f) served.set(f, [...(served.get(f) ?? []), id]);
      }
    }
    for (const [f, ids] of served) {
      const landed = arrives(f);
      const gap = pickup - landed;
      if (gap >= ARRIVAL_BUFFER_MINUTES * MINUTE) continue;
      const relation = gap >= 0 ? `only ${minutes(gap)} after` : `${minutes(-gap)} before`;
      out.push(
        error(
          "arrival_buffer",
          `Pickup at ${placeName(x.airport)} ${show(pickup, x.airport.zone)} is ${relation} ${f.flightNumber} lands ` +
            `(${show(landed, f.destination.zone)}); it needs at least ${ARRIVAL_BUFFER_MINUTES} min after landing.`,
          [f.componentId, x.componentId],
          ids,
        ),
      );
    }
  }
  return out;
};

function patientArrival(ctx: Context): TimelineFlight | undefined {
  const p = ctx.patient;
  return p ? ctx.arrivals.find((f) => carries(f, p.id)) : undefined;
}

/** arrival_after_admission — the patient's first arrival flight lands before the admission instant. */
export const arrivalAfterAdmission: Rule = (ctx) => {
  const { stay, patient } = ctx;
  const f = patientArrival(ctx);
  if (!stay || !patient || !f) return [];
  const landed = arrives(f);
  if (landed < stay.admissionMs) return [];
  const zone = ctx.input.hospital.zone;
  return [
    error(
      "arrival_after_admission",
      `${f.flightNumber} lands ${show(landed, zone)}, not before admission at ${show(stay.admissionMs, zone)}.`,
      [f.componentId, stay.componentId],
      [patient.id],
    ),
  ];
};

/** consultation_before_arrival — an in-person consultation starts after the patient lands. */
export const consultationBeforeArrival: Rule = (ctx) => {
  const c = ctx.input.consultation;
  const f = patientArrival(ctx) ?? ctx.arrivals[0];
  if (!c || c.mode !== "in_person" || !f) return [];
  const starts = instantMs(c.startsAt, `consultation ${c.componentId}`);
  const landed = arrives(f);
  if (starts > landed) return [];
  return [
    error(
      "consultation_before_arrival",
      `The in-person consultation at ${show(starts, c.zone)} starts before ${f.flightNumber} lands ` +
        `(${show(landed, c.zone)}).`,
      [c.componentId, f.componentId],
      ctx.patient ? [ctx.patient.id] : undefined,
    ),
  ];
};

/**
 * fit_to_fly — the patient boards no flight during the inpatient stay, and none after
 * discharge on an origin-local date before dischargeDate + fitToFlyDays (nor, with a
 * "flying" restriction of n days, on or before dischargeDate + n). Not only the return
 * flight: any flight the patient boards in that time.
 */
export const fitToFly: Rule = (ctx) => {
  const { stay, patient } = ctx;
  const t = ctx.input.treatment;
  if (!stay || !patient || !t) return [];
  let earliest = addDays(stay.dischargeDate, t.fitToFlyDays);
  for (const r of t.activityRestrictions) {
    if (r.activity !== "flying") continue;
    const after = addDays(stay.dischargeDate, r.days + 1);
    if (after > earliest) earliest = after;
  }
  const zone = ctx.input.hospital.zone;
  const out: TimelineIssue[] = [];
  // The patient's first arrival flight is judged by arrival_after_admission, not here.
  const first = patientArrival(ctx);
  const flights = ctx.input.flights
    .filter((f) => f !== first && carries(f, patient.id))
    .sort((a, b) => departs(a) - departs(b));
  for (const f of flights) {
    const d = departs(f);
    if (d < stay.admissionMs) continue;
    const localDate = dateIn(d, f.origin.zone);
    let why: string | undefined;
    if (d < stay.dischargeMs) {
      why = `departs ${show(d, f.origin.zone)}, during the inpatient stay (discharge ${show(stay.dischargeMs, zone)})`;
    } else if (localDate < earliest) {
      why =
        `departs on ${localDate} (${f.origin.zone}), before ${earliest}, the first day ${patient.name} is fit ` +
        `to fly`;
    }
    if (!why) continue;
    out.push(error("fit_to_fly", `${f.flightNumber} ${why}.`, [f.componentId, stay.componentId], [patient.id]));
  }
  return out;
};

/**
 * departure_buffer — a departure transfer reaches the airport (pickup + duration) ≥ 2 h
 * before an international departure, ≥ 1 h before a domestic one. The transfer serves the
 * first flight leaving that airport after its pickup (preferring flights carrying its
 * travelers); no such flight is an error too.
 */
export const departureBuffer: Rule = (ctx) => {
  const out: TimelineIssue[] = [];
  for (const x of ctx.input.transfers) {
    if (x.direction !== "departure") continue;
    const pickup = instantMs(x.pickupAt, `transfer ${x.componentId}`);
    const atAirport = pickup + x.durationMinutes * MINUTE;
    const later = ctx.input.flights
      .filter((f) => samePlace(f.origin, x.airport) && departs(f) > pickup)
      .sort((a, b) => departs(a) - departs(b));
    const f = later.find((g) => aboard(g, x.travelerIds).length > 0) ?? later[0];
    if (!f) {
      out.push(
        error(
          "departure_buffer",
          `Transfer to ${placeName(x.airport)} at ${show(pickup, x.airport.zone)} meets no flight: none leaves that ` +
            `airport afterwards.`,
          [x.componentId],
          x.travelerIds,
        ),
      );
      continue;
    }
    const international = f.origin.country.trim().toUpperCase() !== f.destination.country.trim().toUpperCase();
    const need = international ? INTERNATIONAL_DEPARTURE_BUFFER_MINUTES : DOMESTIC_DEPARTURE_BUFFER_MINUTES;
    const d = departs(f);
    if (d - atAirport >= need * MINUTE) continue;
    const riders = aboard(f, x.travelerIds);
    out.push(
      error(
        "departure_buffer",
        `Transfer reaches ${placeName(x.airport)} at ${show(atAirport, x.airport.zone)}, ${minutes(d - atAirport)} ` +
          `before ${f.flightNumber} departs (${show(d, f.origin.zone)}); ` +
          `${international ? "an international" : "a domestic"} departure needs ${need / (HOUR / MINUTE)} h.`,
        [x.componentId, f.componentId],
        riders.length > 0 ? riders : x.travelerIds,
      ),
    );
  }
  return out;
};

/** traveler_without_flight (warning) — when there are flights, each traveler has one in and one out. */
export const travelerWithoutFlight: Rule = (ctx) => {
  if (ctx.input.flights.length === 0) return [];
  const out: TimelineIssue[] = [];
  for (const t of ctx.input.travelers) {
    const missing: string[] = [];
    if (!ctx.arrivals.some((f) => carries(f, t.id))) missing.push("arrival");
    if (!ctx.returns.some((f) => carries(f, t.id))) missing.push("return");
    if (missing.length === 0) continue;
    out.push(
      warning(
        "traveler_without_flight",
        `${t.name} is on no ${missing.join(" and no ")} flight to or from ${ctx.input.hospital.city}.`,
        [],
        [t.id],
      ),
    );
  }
  return out;
};
