import { addDays } from "../time/local-time";
import { type Context, arrives, carries, departs, nightsInCity } from "./context";
import {
  HOUR,
  MINUTE,
  dateIn,
  dateRanges,
  instantMs,
  minutes,
  sameLanguage,
  samePlace,
  show,
  startOfLocalDay,
} from "./instants";
import type { TimelineFlight, TimelineIssue, TimelineTour, TimelineTraveler } from "./types";

export const ARRIVAL_BUFFER_MINUTES = 45;
export const INTERNATIONAL_DEPARTURE_BUFFER_MINUTES = 120;
export const DOMESTIC_DEPARTURE_BUFFER_MINUTES = 60;

type Rule = (ctx: Context) => TimelineIssue[];

function error(code: string, message: string, componentIds: string[], travelerIds?: string[]): TimelineIssue {
  return {
    severity: "error",
    code,
    message,
    componentIds,
    ...(travelerIds && travelerIds.length > 0 ? { travelerIds } : {}),
  };
}

function warning(code: string, message: string, componentIds: string[], travelerIds?: string[]): TimelineIssue {
  return { ...error(code, message, componentIds, travelerIds), severity: "warning" };
}

function placeName(p: { code?: string; city: string }): string {
  return p.code ? `${p.city} (${p.code})` : p.city;
}

function nights(n: number): string {
  return n === 1 ? "night" : "nights";
}

/** Which of the travelers a flight carries, in the order given. */
function aboard(f: { travelerIds: string[] }, travelerIds: string[]): string[] {
  return travelerIds.filter((id) => carries(f, id));
}

/** The flight whose landing is nearest an instant (ties: the earlier one). */
function nearestLanding(flights: TimelineFlight[], at: number): TimelineFlight | undefined {
  let best: TimelineFlight | undefined;
  for (const f of flights) {
    if (!best || Math.abs(arrives(f) - at) < Math.abs(arrives(best) - at)) best = f;
  }
  return best;
}

/**
 * arrival_buffer — an airport pickup meets the flight it serves with ≥ 45 min between
 * landing and pickup. For each traveler on the pickup, the flight it serves is their
 * arrival flight at that airport landing nearest the pickup; with none of its travelers
 * on a flight there, the nearest landing there. No arrival flight at the airport at all
 * is an error too.
 */
const arrivalBuffer: Rule = (ctx) => {
  const out: TimelineIssue[] = [];
  for (const x of ctx.input.transfers) {
    if (x.direction !== "arrival") continue;
    const pickup = instantMs(x.pickupAt, `transfer ${x.componentId}`);
    const there = ctx.arrivals.filter((f) => samePlace(f.destination, x.airport));
    if (there.length === 0) {
      out.push(
        error(
          "arrival_buffer",
          `Pickup at ${placeName(x.airport)} ${show(pickup, x.airport.zone)} meets no arrival flight: none lands at that airport.`,
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
          `Pickup at ${placeName(x.airport)} ${show(pickup, x.airport.zone)} is ${relation} ${f.flightNumber} lands (${show(landed, f.destination.zone)}); it needs at least ${ARRIVAL_BUFFER_MINUTES} min after landing.`,
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
const arrivalAfterAdmission: Rule = (ctx) => {
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
const consultationBeforeArrival: Rule = (ctx) => {
  const c = ctx.input.consultation;
  const f = patientArrival(ctx) ?? ctx.arrivals[0];
  if (!c || c.mode !== "in_person" || !f) return [];
  const starts = instantMs(c.startsAt, `consultation ${c.componentId}`);
  const landed = arrives(f);
  if (starts > landed) return [];
  return [
    error(
      "consultation_before_arrival",
      `The in-person consultation at ${show(starts, c.zone)} starts before ${f.flightNumber} lands (${show(landed, c.zone)}).`,
      [c.componentId, f.componentId],
      ctx.patient ? [ctx.patient.id] : undefined,
    ),
  ];
};

/**
 * lodging_gap — every night a traveler who needs lodging spends in the city is covered by a
 * lodging component listing them; the patient's inpatient nights are exempt. One issue per
 * traveler, naming the flights that frame their stay and listing the uncovered nights.
 */
const lodgingGap: Rule = (ctx) => {
  const out: TimelineIssue[] = [];
  const inpatient = new Set(ctx.stay?.inpatientNights ?? []);
  for (const t of ctx.input.travelers) {
    if (!t.needsLodging) continue;
    const window = nightsInCity(ctx, t.id);
    if (!window) continue;
    const covered = new Set(ctx.input.lodging.filter((l) => carries(l, t.id)).flatMap((l) => ctx.nightsOf(l)));
    const isPatient = t.id === ctx.patient?.id;
    const missing = window.nights.filter((n) => !covered.has(n) && !(isPatient && inpatient.has(n)));
    if (missing.length === 0) continue;
    out.push(
      error(
        "lodging_gap",
        `${t.name} has no lodging in ${ctx.input.hospital.city} for the ${nights(missing.length)} of ${dateRanges(missing)}.`,
        [...new Set([window.arrival.componentId, window.ret.componentId])],
        [t.id],
      ),
    );
  }
  return out;
};

/** lodging_double_booked — a traveler is in two lodging components on the same night; one issue per pair. */
const lodgingDoubleBooked: Rule = (ctx) => {
  const pairs = new Map<string, { a: string; b: string; travelers: Set<string>; nights: Set<string> }>();
  const lodging = ctx.input.lodging;
  for (let i = 0; i < lodging.length; i++) {
    for (let j = i + 1; j < lodging.length; j++) {
      const a = lodging[i];
      const b = lodging[j];
      if (!a || !b) continue;
      const bNights = new Set(ctx.nightsOf(b));
      const shared = ctx.nightsOf(a).filter((n) => bNights.has(n));
      if (shared.length === 0) continue;
      for (const t of ctx.input.travelers) {
        if (!carries(a, t.id) || !carries(b, t.id)) continue;
        const key = `${a.componentId}\u0000${b.componentId}`;
        const entry = pairs.get(key) ?? { a: a.componentId, b: b.componentId, travelers: new Set(), nights: new Set() };
        entry.travelers.add(t.id);
        for (const n of shared) entry.nights.add(n);
        pairs.set(key, entry);
      }
    }
  }
  const names = new Map(ctx.input.travelers.map((t) => [t.id, t.name]));
  return [...pairs.values()].map((p) =>
    error(
      "lodging_double_booked",
      `${[...p.travelers].map((id) => names.get(id)).join(", ")} booked in two lodgings on the ${nights(p.nights.size)} of ${dateRanges([...p.nights])}.`,
      [p.a, p.b],
      [...p.travelers],
    ),
  );
};

/** lodging_during_inpatient (warning) — the patient keeps a hotel room on an inpatient night. */
const lodgingDuringInpatient: Rule = (ctx) => {
  const { stay, patient } = ctx;
  if (!stay || !patient) return [];
  const inpatient = new Set(stay.inpatientNights);
  const out: TimelineIssue[] = [];
  for (const l of ctx.input.lodging) {
    if (!carries(l, patient.id)) continue;
    const overlap = ctx.nightsOf(l).filter((n) => inpatient.has(n));
    if (overlap.length === 0) continue;
    out.push(
      warning(
        "lodging_during_inpatient",
        `${patient.name} has a room at ${l.hotelName} on inpatient ${nights(overlap.length)} ${dateRanges(overlap)}.`,
        [l.componentId, stay.componentId],
        [patient.id],
      ),
    );
  }
  return out;
};

function tourSpan(r: TimelineTour): [number, number] {
  return [instantMs(r.startsAt, `tour ${r.componentId}`), instantMs(r.endsAt, `tour ${r.componentId}`)];
}

/** tour_during_inpatient — a tour the patient joins overlaps [admission, discharge]. */
const tourDuringInpatient: Rule = (ctx) => {
  const { stay, patient } = ctx;
  if (!stay || !patient) return [];
  const zone = ctx.input.hospital.zone;
  return ctx.input.tours
    .filter((r) => carries(r, patient.id))
    .filter((r) => {
      const [s, e] = tourSpan(r);
      return s < stay.dischargeMs && e > stay.admissionMs;
    })
    .map((r) =>
      error(
        "tour_during_inpatient",
        `${patient.name} joins "${r.title}" (${show(tourSpan(r)[0], r.zone)}) during the inpatient stay ${show(stay.admissionMs, zone)} – ${show(stay.dischargeMs, zone)}.`,
        [r.componentId, stay.componentId],
        [patient.id],
      ),
    );
};

/** Which tour intensities an activity restriction forbids. */
const FORBIDDEN_INTENSITIES: Partial<Record<string, readonly TimelineTour["intensity"][]>> = {
  strenuous: ["moderate", "high"],
  walking_tours: ["low", "moderate", "high"],
  altitude: ["high"],
};

/**
 * tour_during_restriction — after discharge, until the end of the hospital-local day
 * dischargeDate + days, the patient joins no tour the restriction forbids.
 */
const tourDuringRestriction: Rule = (ctx) => {
  const { stay, patient } = ctx;
  const t = ctx.input.treatment;
  if (!stay || !patient || !t) return [];
  const zone = ctx.input.hospital.zone;
  const out: TimelineIssue[] = [];
  for (const r of ctx.input.tours) {
    if (!carries(r, patient.id)) continue;
    const [s, e] = tourSpan(r);
    const broken = t.activityRestrictions.filter((x) => {
      if (!FORBIDDEN_INTENSITIES[x.activity]?.includes(r.intensity)) return false;
      const until = startOfLocalDay(addDays(stay.dischargeDate, x.days + 1), zone, `treatment ${t.componentId}`);
      return s < until && e > stay.dischargeMs;
    });
    if (broken.length === 0) continue;
    const what = broken
      .map((x) => `${x.activity.replace("_", " ")} until ${addDays(stay.dischargeDate, x.days)}`)
      .join(", ");
    out.push(
      error(
        "tour_during_restriction",
        `"${r.title}" (${r.intensity} intensity, ${show(s, r.zone)}) falls inside ${patient.name}'s restriction: ${what} (${zone}).`,
        [r.componentId, stay.componentId],
        [patient.id],
      ),
    );
  }
  return out;
};

/** tour_language (warning) — nobody on the tour speaks its language. */
const tourLanguage: Rule = (ctx) => {
  const out: TimelineIssue[] = [];
  for (const r of ctx.input.tours) {
    const riders: TimelineTraveler[] =
      r.travelerIds.length > 0 ? ctx.input.travelers.filter((t) => carries(r, t.id)) : ctx.input.travelers;
    if (riders.length === 0) continue;
    if (riders.some((t) => t.languages.some((l) => sameLanguage(l, r.language)))) continue;
    out.push(
      warning(
        "tour_language",
        `"${r.title}" is guided in "${r.language}", which none of ${riders.map((t) => t.name).join(", ")} speaks.`,
        [r.componentId],
        riders.map((t) => t.id),
      ),
    );
  }
  return out;
};

/**
 * fit_to_fly — the patient boards no flight during the inpatient stay, and none after
 * discharge on an origin-local date before dischargeDate + fitToFlyDays (nor, with a
 * "flying" restriction of n days, on or before dischargeDate + n). Not only the return
 * flight: any flight the patient boards in that time.
 */
const fitToFly: Rule = (ctx) => {
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
      why = `departs on ${localDate} (${f.origin.zone}), before ${earliest}, the first day ${patient.name} is fit to fly`;
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
const departureBuffer: Rule = (ctx) => {
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
          `Transfer to ${placeName(x.airport)} at ${show(pickup, x.airport.zone)} meets no flight: none leaves that airport afterwards.`,
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
        `Transfer reaches ${placeName(x.airport)} at ${show(atAirport, x.airport.zone)}, ${minutes(d - atAirport)} before ${f.flightNumber} departs (${show(d, f.origin.zone)}); ${international ? "an international" : "a domestic"} departure needs ${need / (HOUR / MINUTE)} h.`,
        [x.componentId, f.componentId],
        riders.length > 0 ? riders : x.travelerIds,
      ),
    );
  }
  return out;
};

/** traveler_without_flight (warning) — when there are flights, each traveler has one in and one out. */
const travelerWithoutFlight: Rule = (ctx) => {
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

/** Every rule, in the order its issues are reported. */
export const RULE_CHECKS: readonly (readonly [string, Rule])[] = [
  ["arrival_buffer", arrivalBuffer],
  ["arrival_after_admission", arrivalAfterAdmission],
  ["consultation_before_arrival", consultationBeforeArrival],
  ["lodging_gap", lodgingGap],
  ["lodging_double_booked", lodgingDoubleBooked],
  ["lodging_during_inpatient", lodgingDuringInpatient],
  ["tour_during_inpatient", tourDuringInpatient],
  ["tour_during_restriction", tourDuringRestriction],
  ["tour_language", tourLanguage],
  ["fit_to_fly", fitToFly],
  ["departure_buffer", departureBuffer],
  ["traveler_without_flight", travelerWithoutFlight],
];

export const RULES: readonly string[] = Object.freeze(RULE_CHECKS.map(([code]) => code));
