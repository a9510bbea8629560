/**
 * Itinerary timeline (SPEC §7): the trip's events in each place's own zone, and the
 * rules that check they fit together. Pure: luxon and sibling modules only; every
 * instant comes in as an ISO string.
 */
import { buildContext } from "./context";
import { buildEvents } from "./events";
import { assertReadable } from "./instants";
import { RULE_CHECKS } from "./rules";
import type { Timeline, TimelineInput } from "./types";

export type * from "./types";
export { TimelineInputError } from "./instants";
export {
  ARRIVAL_BUFFER_MINUTES,
  DOMESTIC_DEPARTURE_BUFFER_MINUTES,
  INTERNATIONAL_DEPARTURE_BUFFER_MINUTES,
  RULES,
} from "./rules";
export { DEFAULT_ADMISSION_TIME, DISCHARGE_TIME } from "./context";

/**
 * The events of a trip, sorted by instant, and every rule's issues (errors and warnings,
 * each naming the components and travelers involved). Throws TimelineInputError for an
 * unreadable instant, date or zone.
 */
export function buildTimeline(input: TimelineInput): Timeline {
  assertReadable(input);
  const ctx = buildContext(input);
  return {
    events: buildEvents(ctx),
    issues: RULE_CHECKS.flatMap(([, check]) => check(ctx)),
  };
}
