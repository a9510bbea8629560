/** Timeline rules about the stay: lodging every night, once, and tours that fit the treatment. */
import { addDays } from "../time/local-time";
import { carries, nightsInCity } from "./context";
import { dateRanges, instantMs, sameLanguage, show, startOfLocalDay } from "./instants";
import { type TimelineIssue, type TimelineTour, type TimelineTraveler } from "./types";
import { type Rule, error, warning, nights } from "./rule-kit";

/**
 * lodging_gap — every night a traveler who needs lodging spends in the city is covered by a
 * lodging component listing them; the patient's inpatient nights are exempt. One issue per
 * traveler, naming the flights that frame their stay and listing the uncovered nights.
 */
export const lodgingGap: Rule = (ctx) => {
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
        `${t.name} has no lodging in ${ctx.input.hospital.city} for the ${nights(missing.length)} of ` +
          `${dateRanges(missing)}.`,
        [...new Set([window.arrival.componentId, window.ret.componentId])],
        [t.id],
      ),
    );
  }
  return out;
};

/** lodging_double_booked — a traveler is in two lodging components on the same night; one issue per pair. */
export const lodgingDoubleBooked: Rule = (ctx) => {
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
      `${[...p.travelers].map((id) => names.get(id)).join(", ")} booked in two lodgings on the ` +
        `${nights(p.nights.size)} of ${dateRanges([...p.nights])}.`,
      [p.a, p.b],
      [...p.travelers],
    ),
  );
};

/** lodging_during_inpatient (warning) — the patient keeps a hotel room on an inpatient night. */
export const lodgingDuringInpatient: Rule = (ctx) => {
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
export const tourDuringInpatient: Rule = (ctx) => {
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
        `${patient.name} joins "${r.title}" (${show(tourSpan(r)[0], r.zone)}) during the inpatient stay ` +
          `${show(stay.admissionMs, zone)} – ${show(stay.dischargeMs, zone)}.`,
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
export const tourDuringRestriction: Rule = (ctx) => {
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
        `"${r.title}" (${r.intensity} intensity, ${show(s, r.zone)}) falls inside ${patient.name}'s restriction: ` +
          `${what} (${zone}).`,
        [r.componentId, stay.componentId],
        [patient.id],
      ),
    );
  }
  return out;
};

/** tour_language (warning) — nobody on the tour speaks its language. */
export const tourLanguage: Rule = (ctx) => {
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
