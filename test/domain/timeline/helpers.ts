import { DateTime } from "luxon";
import { buildTimeline, type TimelineInput, type TimelineIssue } from "../../../src/domain/timeline/index";
import { component, demoJourney } from "./fixtures";

/** Shared by the timeline tests: issues in brief, edits of the demo journey, and the journey built after one. */

export type Brief = Pick<TimelineIssue, "severity" | "code" | "componentIds" | "travelerIds">;
export const E = (code: string, componentIds: string[], travelerIds?: string[]): Brief => ({
  severity: "error",
  code,
  componentIds,
  travelerIds,
});
export const W = (code: string, componentIds: string[], travelerIds?: string[]): Brief => ({
  severity: "warning",
  code,
  componentIds,
  travelerIds,
});
/** An instant moved by some minutes, as UTC ISO. */
export const shift = (iso: string, minutes: number): string =>
  DateTime.fromISO(iso, { zone: "utc" }).plus({ minutes }).toISO({ suppressMilliseconds: true }) as string;
export const brief = (i: TimelineIssue): Brief => ({
  severity: i.severity,
  code: i.code,
  componentIds: i.componentIds,
  travelerIds: i.travelerIds,
});

export interface Case {
  name: string;
  change: (i: TimelineInput) => void;
  /** Every issue the changed journey has — the rule's own and any a change entails. */
  expected: Brief[];
  /** Text the rule's message must carry (nights, times). */
  says?: string[];
}

/** For one rule: journeys that break it (the issue named exactly) and journeys that keep it. */
export interface RuleCases {
  code: string;
  breaks: Case[];
  keeps: Case[];
}

export const flight = (i: TimelineInput, id: string) => component(i.flights, id);
export const transfer = (i: TimelineInput, id: string) => component(i.transfers, id);
export const lodging = (i: TimelineInput, id: string) => component(i.lodging, id);
export const tour = (i: TimelineInput, id: string) => component(i.tours, id);
export const treatment = (i: TimelineInput) => {
  if (!i.treatment) throw new Error("no treatment");
  return i.treatment;
};
export const tourAt =
  (startsAt: string, endsAt: string, more: Partial<TimelineInput["tours"][number]> = {}) =>
  (i: TimelineInput) => {
    Object.assign(tour(i, "cmp_tour"), { startsAt, endsAt, ...more });
  };

/** The demo journey with one change, built. */
export function run(change: (i: TimelineInput) => void) {
  const input = demoJourney();
  change(input);
  return buildTimeline(input);
}
