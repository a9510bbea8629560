import { describe, expect, it } from "vitest";
import { RULES, TimelineInputError, buildTimeline } from "../../../src/domain/timeline/index";
import { demoJourney } from "./fixtures";
import { brief, run } from "./helpers";
import { ARRIVAL_AND_STAY_RULES } from "./rule-cases-arrival";
import { TOURS_AND_DEPARTURE_RULES } from "./rule-cases-departure";

/** For every rule: journeys that break it (the issue named exactly) and journeys that keep it. */
const TABLE = [...ARRIVAL_AND_STAY_RULES, ...TOURS_AND_DEPARTURE_RULES];

describe.each(TABLE)("rule $code", ({ code, breaks, keeps }) => {
  it.each(breaks)("breaks: $name", ({ change, expected, says }) => {
    const { issues } = run(change);
    expect(issues.map(brief)).toEqual(expected);
    expect(expected.some((x) => x.code === code)).toBe(true);
    const own = issues.filter((x) => x.code === code);
    for (const text of says ?? []) expect(own.map((x) => x.message).join("\n")).toContain(text);
  });

  it.each(keeps)("keeps: $name", ({ change, expected }) => {
    const { issues } = run(change);
    expect(issues.map(brief)).toEqual(expected);
    expect(issues.filter((x) => x.code === code)).toEqual([]);
  });
});

describe("the rule set", () => {
  it("lists every rule, and each has a case that breaks it", () => {
    expect([...RULES]).toEqual([
      "arrival_buffer",
      "arrival_after_admission",
      "consultation_before_arrival",
      "lodging_gap",
      "lodging_double_booked",
      "lodging_during_inpatient",
      "tour_during_inpatient",
      "tour_during_restriction",
      "tour_language",
      "fit_to_fly",
      "departure_buffer",
      "traveler_without_flight",
    ]);
    expect(TABLE.map((t) => t.code)).toEqual([...RULES]);
    for (const t of TABLE) expect(t.breaks.length).toBeGreaterThan(0);
  });

  it("rejects unreadable input with a typed error", () => {
    const badZone = demoJourney();
    badZone.lodging[0]!.zone = "Asia/Xinjiang";
    expect(() => buildTimeline(badZone)).toThrow(TimelineInputError);
    const badInstant = demoJourney();
    badInstant.flights[0]!.arrivesAt = "19 Nov 2026";
    expect(() => buildTimeline(badInstant)).toThrow(/cmp_fl_out/);
  });
});
