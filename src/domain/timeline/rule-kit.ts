/** What the timeline rules share: buffers, issue builders, wording and flight lookups. */
import { type Context, arrives, carries } from "./context";
import { type TimelineFlight, type TimelineIssue } from "./types";

export const ARRIVAL_BUFFER_MINUTES = 45;
export const INTERNATIONAL_DEPARTURE_BUFFER_MINUTES = 120;
export const DOMESTIC_DEPARTURE_BUFFER_MINUTES = 60;

export type Rule = (ctx: Context) => TimelineIssue[];

export function error(code: string, message: string, componentIds: string[], travelerIds?: string[]): TimelineIssue {
  return {
    severity: "error",
    code,
    message,
    componentIds,
    ...(travelerIds && travelerIds.length > 0 ? { travelerIds } : {}),
  };
}

export function warning(code: string, message: string, componentIds: string[], travelerIds?: string[]): TimelineIssue {
  return { ...error(code, message, componentIds, travelerIds), severity: "warning" };
}

export function placeName(p: { code?: string; city: string }): string {
  return p.code ? `${p.city} (${p.code})` : p.city;
}

export function nights(n: number): string {
  return n === 1 ? "night" : "nights";
}

/** Which of the travelers a flight carries, in the order given. */
export function aboard(f: { travelerIds: string[] }, travelerIds: string[]): string[] {
  return travelerIds.filter((id) => carries(f, id));
}

/** The flight whose landing is nearest an instant (ties: the earlier one). */
export function nearestLanding(flights: TimelineFlight[], at: number): TimelineFlight | undefined {
  let best: TimelineFlight | undefined;
  for (const f of flights) {
    if (!best || Math.abs(arrives(f) - at) < Math.abs(arrives(best) - at)) best = f;
  }
  return best;
}
