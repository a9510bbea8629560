import type { Rule } from "./rule-kit";
import {
  arrivalBuffer,
  arrivalAfterAdmission,
  consultationBeforeArrival,
  departureBuffer,
  fitToFly,
  travelerWithoutFlight,
} from "./rules-travel";
import {
  lodgingDoubleBooked,
  lodgingDuringInpatient,
  lodgingGap,
  tourDuringInpatient,
  tourDuringRestriction,
  tourLanguage,
} from "./rules-stay";

export {
  ARRIVAL_BUFFER_MINUTES,
  DOMESTIC_DEPARTURE_BUFFER_MINUTES,
  INTERNATIONAL_DEPARTURE_BUFFER_MINUTES,
} from "./rule-kit";

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
