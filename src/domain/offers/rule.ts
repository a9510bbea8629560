/**
 * When a change to an itinerary must go to the patient as a change offer instead of applying at
 * once (issue 15): on a CONFIRMED itinerary, an agent's change that raises what the patient owes
 * or moves any date. Draft and held itineraries change directly (the patient still confirms and
 * pays); a change that lowers or keeps the price and moves no date applies directly too.
 */

/** What the patient owes, in one currency (minor units). */
export interface Owed {
  dueNow: number;
  grandTotal: number;
}

/** A point in time of a timeline event, as the timeline gives it. */
export interface DatedEvent {
  componentId: string;
  type: string;
  start: { utc: string };
  end?: { utc: string };
}

/** True when the change raises what is due now or the trip's total. */
export function raisesOwed(before: Owed, after: Owed): boolean {
  return after.dueNow > before.dueNow || after.grandTotal > before.grandTotal;
}

const instantsOf = (events: DatedEvent[], componentId: string) =>
  events
    .filter((e) => e.componentId === componentId)
    .map((e) => `${e.type}@${e.start.utc}/${e.end?.utc ?? ""}`)
    .sort()
    .join(",");

/** True when the events of a changed component start or end at other instants than before. */
export function movesDates(before: DatedEvent[], after: DatedEvent[], componentId: string): boolean {
  return instantsOf(before, componentId) !== instantsOf(after, componentId);
}

/** The `change-offer-required` rule: who, on which itinerary, with what effect, must send an offer. */
export function offerRequired(input: { role: string; status: string; raises: boolean; movesDates: boolean }): boolean {
  return input.role === "agent" && input.status === "confirmed" && (input.raises || input.movesDates);
}
