import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  RULES,
  TimelineInputError,
  buildTimeline,
  type TimelineInput,
  type TimelineIssue,
} from "../../../src/domain/timeline/index";
import { ALA, BER, BOTH, COMPANION, HGH, PATIENT, URC, component, demoJourney } from "./fixtures";

type Brief = Pick<TimelineIssue, "severity" | "code" | "componentIds" | "travelerIds">;
const E = (code: string, componentIds: string[], travelerIds?: string[]): Brief => ({
  severity: "error",
  code,
  componentIds,
  travelerIds,
});
const W = (code: string, componentIds: string[], travelerIds?: string[]): Brief => ({
  severity: "warning",
  code,
  componentIds,
  travelerIds,
});
/** An instant moved by some minutes, as UTC ISO. */
const shift = (iso: string, minutes: number): string =>
  DateTime.fromISO(iso, { zone: "utc" }).plus({ minutes }).toISO({ suppressMilliseconds: true }) as string;
const brief = (i: TimelineIssue): Brief => ({
  severity: i.severity,
  code: i.code,
  componentIds: i.componentIds,
  travelerIds: i.travelerIds,
});

interface Case {
  name: string;
  change: (i: TimelineInput) => void;
  /** Every issue the changed journey has — the rule's own and any a change entails. */
  expected: Brief[];
  /** Text the rule's message must carry (nights, times). */
  says?: string[];
}

const flight = (i: TimelineInput, id: string) => component(i.flights, id);
const transfer = (i: TimelineInput, id: string) => component(i.transfers, id);
const lodging = (i: TimelineInput, id: string) => component(i.lodging, id);
const tour = (i: TimelineInput, id: string) => component(i.tours, id);
const treatment = (i: TimelineInput) => {
  if (!i.treatment) throw new Error("no treatment");
  return i.treatment;
};
const tourAt =
  (startsAt: string, endsAt: string, more: Partial<TimelineInput["tours"][number]> = {}) =>
  (i: TimelineInput) => {
    Object.assign(tour(i, "cmp_tour"), { startsAt, endsAt, ...more });
  };

/** For every rule: journeys that break it (the issue named exactly) and journeys that keep it. */
const TABLE: { code: string; breaks: Case[]; keeps: Case[] }[] = [
  {
    code: "arrival_buffer",
    breaks: [
      {
        name: "pickup 35 min after landing",
        change: (i) => void (transfer(i, "cmp_pickup").pickupAt = "2026-11-19T06:00:00Z"),
        expected: [E("arrival_buffer", ["cmp_fl_out", "cmp_pickup"], BOTH)],
        says: ["2026-11-19 14:00 Asia/Shanghai", "only 35 min after"],
      },
      {
        name: "pickup 44 min after landing",
        change: (i) => void (transfer(i, "cmp_pickup").pickupAt = "2026-11-19T06:09:00Z"),
        expected: [E("arrival_buffer", ["cmp_fl_out", "cmp_pickup"], BOTH)],
        says: ["only 44 min after", "at least 45 min"],
      },
      {
        name: "flight lands after the pickup",
        change: (i) =>
          Object.assign(flight(i, "cmp_fl_out"), {
            departsAt: "2026-11-19T05:30:00Z",
            arrivesAt: "2026-11-19T07:25:00Z",
          }),
        expected: [E("arrival_buffer", ["cmp_fl_out", "cmp_pickup"], BOTH)],
        says: ["70 min before"],
      },
      {
        name: "the companion's own later flight misses the shared pickup",
        change: (i) => {
          flight(i, "cmp_fl_out").travelerIds = [PATIENT];
          // CZ6008 15:40 Almaty → 20:40 Beijing.
          i.flights.push({
            componentId: "cmp_fl_out_companion",
            flightNumber: "CZ6008",
            departsAt: "2026-11-19T10:40:00Z",
            arrivesAt: "2026-11-19T12:40:00Z",
            origin: ALA,
            destination: URC,
            travelerIds: [COMPANION],
          });
        },
        expected: [E("arrival_buffer", ["cmp_fl_out_companion", "cmp_pickup"], [COMPANION])],
      },
      {
        name: "no arrival flight lands at the pickup's airport",
        change: (i) =>
          void (transfer(i, "cmp_pickup").airport = {
            code: "KHG",
            city: "Kashgar",
            country: "CN",
            zone: "Asia/Shanghai",
          }),
        expected: [E("arrival_buffer", ["cmp_pickup"], BOTH)],
      },
    ],
    keeps: [
      { name: "the demo journey, 50 min", change: () => {}, expected: [] },
      {
        name: "exactly 45 min",
        change: (i) => void (transfer(i, "cmp_pickup").pickupAt = "2026-11-19T06:10:00Z"),
        expected: [],
      },
    ],
  },
  {
    code: "arrival_after_admission",
    breaks: [
      {
        name: "the patient lands on admission day after 08:00 Beijing",
        change: (i) => {
          Object.assign(flight(i, "cmp_fl_out"), {
            departsAt: "2026-11-21T03:30:00Z",
            arrivesAt: "2026-11-21T05:25:00Z",
          });
          transfer(i, "cmp_pickup").pickupAt = "2026-11-21T06:15:00Z";
        },
        expected: [E("arrival_after_admission", ["cmp_fl_out", "cmp_treatment"], [PATIENT])],
        says: ["2026-11-21 13:25 Asia/Shanghai", "2026-11-21 08:00 Asia/Shanghai"],
      },
      {
        name: "a same-day 13:00 admission, landing 13:25",
        change: (i) =>
          Object.assign(treatment(i), { admissionDate: "2026-11-19", admissionTime: "13:00", inpatientNights: 12 }),
        expected: [
          E("arrival_after_admission", ["cmp_fl_out", "cmp_treatment"], [PATIENT]),
          // Her hotel nights before are now inpatient nights.
          W("lodging_during_inpatient", ["cmp_hotel_pre", "cmp_treatment"], [PATIENT]),
        ],
      },
    ],
    keeps: [
      { name: "the demo journey, landing two days before", change: () => {}, expected: [] },
      {
        name: "landing 13:25 for a 14:00 admission the same day",
        change: (i) =>
          Object.assign(treatment(i), { admissionDate: "2026-11-19", admissionTime: "14:00", inpatientNights: 12 }),
        expected: [W("lodging_during_inpatient", ["cmp_hotel_pre", "cmp_treatment"], [PATIENT])],
      },
    ],
  },
  {
    code: "consultation_before_arrival",
    breaks: [
      {
        name: "an in-person consultation at 13:00 Beijing, before the 13:25 landing",
        change: (i) => Object.assign(i.consultation!, { mode: "in_person", startsAt: "2026-11-19T05:00:00Z" }),
        expected: [E("consultation_before_arrival", ["cmp_consult", "cmp_fl_out"], [PATIENT])],
      },
    ],
    keeps: [
      { name: "a video consultation from home (the demo)", change: () => {}, expected: [] },
      {
        name: "in person the morning after landing",
        change: (i) => Object.assign(i.consultation!, { mode: "in_person", startsAt: "2026-11-20T02:00:00Z" }),
        expected: [],
      },
    ],
  },
  {
    code: "lodging_gap",
    breaks: [
      {
        name: "the companion's room ends a night early",
        change: (i) => void (lodging(i, "cmp_hotel_companion").checkOut = "2026-11-30"),
        expected: [E("lodging_gap", ["cmp_fl_out", "cmp_fl_back"], [COMPANION])],
        says: ["Nurlan Sadykov", "night of 2026-11-30"],
      },
      {
        name: "the patient has no room after discharge",
        change: (i) => void (lodging(i, "cmp_hotel_post").travelerIds = [COMPANION]),
        expected: [E("lodging_gap", ["cmp_fl_out", "cmp_fl_back"], [PATIENT])],
        says: ["Aigerim Sadykova", "nights of 2026-12-01 … 2026-12-08"],
      },
      {
        name: "both arrive a night before their rooms start",
        change: (i) => void (lodging(i, "cmp_hotel_pre").checkIn = "2026-11-20"),
        expected: [
          E("lodging_gap", ["cmp_fl_out", "cmp_fl_back"], [PATIENT]),
          E("lodging_gap", ["cmp_fl_out", "cmp_fl_back"], [COMPANION]),
        ],
        says: ["night of 2026-11-19"],
      },
    ],
    keeps: [
      { name: "the demo: no hotel on inpatient nights for the patient", change: () => {}, expected: [] },
      {
        name: "a companion who needs no lodging",
        change: (i) => {
          i.travelers[1]!.needsLodging = false;
          i.lodging = i.lodging.filter((l) => l.componentId !== "cmp_hotel_companion");
        },
        expected: [],
      },
    ],
  },
  {
    code: "lodging_double_booked",
    breaks: [
      {
        name: "the companion's long stay overlaps the shared room",
        change: (i) => void (lodging(i, "cmp_hotel_companion").checkIn = "2026-11-19"),
        expected: [E("lodging_double_booked", ["cmp_hotel_pre", "cmp_hotel_companion"], [COMPANION])],
        says: ["nights of 2026-11-19 … 2026-11-20"],
      },
      {
        name: "both in two rooms on the last night",
        change: (i) =>
          void i.lodging.push({
            ...lodging(i, "cmp_hotel_post"),
            componentId: "cmp_hotel_extra",
            hotelName: "Sheraton Urumqi Hotel",
            checkIn: "2026-12-08",
            checkOut: "2026-12-09",
          }),
        expected: [E("lodging_double_booked", ["cmp_hotel_post", "cmp_hotel_extra"], BOTH)],
      },
    ],
    keeps: [{ name: "back-to-back stays (the demo)", change: () => {}, expected: [] }],
  },
  {
    code: "lodging_during_inpatient",
    breaks: [
      {
        name: "the patient kept on the companion's room",
        change: (i) => void (lodging(i, "cmp_hotel_companion").travelerIds = [...BOTH]),
        expected: [W("lodging_during_inpatient", ["cmp_hotel_companion", "cmp_treatment"], [PATIENT])],
        says: ["2026-11-21 … 2026-11-30"],
      },
    ],
    keeps: [{ name: "only the companion in the hotel during the stay (the demo)", change: () => {}, expected: [] }],
  },
  {
    code: "tour_during_inpatient",
    breaks: [
      {
        name: "a tour on day 4 in hospital",
        change: tourAt("2026-11-25T04:00:00Z", "2026-11-25T07:00:00Z"),
        expected: [E("tour_during_inpatient", ["cmp_tour", "cmp_treatment"], [PATIENT])],
      },
      {
        name: "an evening tour running 30 min into admission",
        change: tourAt("2026-11-20T22:00:00Z", "2026-11-21T00:30:00Z"),
        expected: [E("tour_during_inpatient", ["cmp_tour", "cmp_treatment"], [PATIENT])],
      },
    ],
    keeps: [
      {
        name: "the companion alone, during the stay",
        change: tourAt("2026-11-25T04:00:00Z", "2026-11-25T07:00:00Z", { travelerIds: [COMPANION] }),
        expected: [],
      },
      {
        name: "a tour ending at the admission instant",
        change: tourAt("2026-11-20T21:00:00Z", "2026-11-21T00:00:00Z"),
        expected: [],
      },
    ],
  },
  {
    code: "tour_during_restriction",
    breaks: [
      {
        name: "a low-intensity walk on discharge + 3 (walking tours)",
        change: tourAt("2026-12-04T04:00:00Z", "2026-12-04T07:00:00Z"),
        expected: [E("tour_during_restriction", ["cmp_tour", "cmp_treatment"], [PATIENT])],
        says: ["walking tours until 2026-12-04"],
      },
      {
        name: "23:30 Beijing on the last restricted day (21:30 in Urumqi)",
        change: tourAt("2026-12-04T15:30:00Z", "2026-12-04T17:00:00Z"),
        expected: [E("tour_during_restriction", ["cmp_tour", "cmp_treatment"], [PATIENT])],
      },
      {
        name: "a moderate tour within the strenuous-activity restriction",
        change: tourAt("2026-12-06T04:00:00Z", "2026-12-06T07:00:00Z", { intensity: "moderate" }),
        expected: [E("tour_during_restriction", ["cmp_tour", "cmp_treatment"], [PATIENT])],
        says: ["strenuous until 2027-01-12"],
      },
      {
        name: "a high tour within an altitude restriction",
        change: (i) => {
          treatment(i).activityRestrictions = [{ activity: "altitude", days: 30 }];
          tour(i, "cmp_tour").intensity = "high";
        },
        expected: [E("tour_during_restriction", ["cmp_tour", "cmp_treatment"], [PATIENT])],
      },
    ],
    keeps: [
      { name: "a low tour after the walking restriction (the demo)", change: () => {}, expected: [] },
      {
        name: "00:30 Beijing the next day, though still 22:30 of the restricted date in Urumqi",
        change: tourAt("2026-12-04T16:30:00Z", "2026-12-04T18:00:00Z"),
        expected: [],
      },
      {
        name: "a moderate tour under an altitude restriction only",
        change: (i) => {
          treatment(i).activityRestrictions = [{ activity: "altitude", days: 30 }];
          tour(i, "cmp_tour").intensity = "moderate";
        },
        expected: [],
      },
      {
        name: "the companion alone, within the restriction",
        change: tourAt("2026-12-04T04:00:00Z", "2026-12-04T07:00:00Z", { travelerIds: [COMPANION] }),
        expected: [],
      },
    ],
  },
  {
    code: "tour_language",
    breaks: [
      {
        name: "an English tour for the patient alone",
        change: (i) => Object.assign(tour(i, "cmp_tour"), { language: "en", travelerIds: [PATIENT] }),
        expected: [W("tour_language", ["cmp_tour"], [PATIENT])],
      },
      {
        name: "a Chinese tour for both",
        change: (i) => void (tour(i, "cmp_tour").language = "zh"),
        expected: [W("tour_language", ["cmp_tour"], BOTH)],
        says: ['"zh"'],
      },
    ],
    keeps: [
      { name: "Russian (the demo)", change: () => {}, expected: [] },
      {
        name: "English, spoken by the companion",
        change: (i) => void (tour(i, "cmp_tour").language = "en"),
        expected: [],
      },
      { name: "ru-RU matches ru", change: (i) => void (tour(i, "cmp_tour").language = "ru-RU"), expected: [] },
    ],
  },
  {
    code: "fit_to_fly",
    breaks: [
      {
        name: "home on discharge + 6",
        change: (i) => {
          Object.assign(flight(i, "cmp_fl_back"), {
            departsAt: "2026-12-07T06:50:00Z",
            arrivesAt: "2026-12-07T08:55:00Z",
          });
          transfer(i, "cmp_dropoff").pickupAt = "2026-12-07T04:00:00Z";
          lodging(i, "cmp_hotel_post").checkOut = "2026-12-07";
        },
        expected: [E("fit_to_fly", ["cmp_fl_back", "cmp_treatment"], [PATIENT])],
        says: ["2026-12-07", "before 2026-12-08"],
      },
      {
        name: "23:50 Beijing on discharge + 6 (CZ6007 a day early)",
        change: (i) => {
          Object.assign(flight(i, "cmp_fl_back"), {
            flightNumber: "CZ6007",
            departsAt: "2026-12-07T15:50:00Z",
            arrivesAt: "2026-12-07T17:55:00Z",
          });
          transfer(i, "cmp_dropoff").pickupAt = "2026-12-07T12:00:00Z";
        },
        expected: [E("fit_to_fly", ["cmp_fl_back", "cmp_treatment"], [PATIENT])],
      },
      {
        name: "a side trip to Hangzhou while in hospital",
        change: (i) =>
          void i.flights.push({
            componentId: "cmp_fl_side",
            flightNumber: "CZ6901",
            departsAt: "2026-11-25T01:40:00Z",
            arrivesAt: "2026-11-25T06:45:00Z",
            origin: URC,
            destination: HGH,
            travelerIds: [PATIENT],
          }),
        expected: [E("fit_to_fly", ["cmp_fl_side", "cmp_treatment"], [PATIENT])],
        says: ["during the inpatient stay"],
      },
      {
        name: "a 10-day flying restriction outlasts fit-to-fly",
        change: (i) => void (treatment(i).activityRestrictions = [{ activity: "flying", days: 10 }]),
        expected: [E("fit_to_fly", ["cmp_fl_back", "cmp_treatment"], [PATIENT])],
        says: ["before 2026-12-12"],
      },
    ],
    keeps: [
      { name: "home on discharge + 8 (the demo)", change: () => {}, expected: [] },
      {
        name: "00:40 Beijing on discharge + 7, still the previous date in UTC",
        change: (i) => {
          Object.assign(flight(i, "cmp_fl_back"), {
            flightNumber: "CZ6007",
            departsAt: "2026-12-07T16:40:00Z",
            arrivesAt: "2026-12-07T18:45:00Z",
          });
          transfer(i, "cmp_dropoff").pickupAt = "2026-12-07T13:00:00Z";
        },
        expected: [],
      },
      {
        name: "the companion may fly any time",
        change: (i) =>
          void i.flights.push({
            componentId: "cmp_fl_side",
            flightNumber: "CZ6901",
            departsAt: "2026-11-25T01:40:00Z",
            arrivesAt: "2026-11-25T06:45:00Z",
            origin: URC,
            destination: HGH,
            travelerIds: [COMPANION],
          }),
        expected: [],
      },
    ],
  },
  {
    code: "departure_buffer",
    breaks: [
      {
        name: "at the airport 35 min before an international departure",
        change: (i) => void (transfer(i, "cmp_dropoff").pickupAt = "2026-12-09T05:30:00Z"),
        expected: [E("departure_buffer", ["cmp_dropoff", "cmp_fl_back"], BOTH)],
        says: ["35 min before KC872", "2 h"],
      },
      {
        name: "at the airport 1 h 59 before an international departure",
        change: (i) => void (transfer(i, "cmp_dropoff").pickupAt = "2026-12-09T04:06:00Z"),
        expected: [E("departure_buffer", ["cmp_dropoff", "cmp_fl_back"], BOTH)],
      },
      {
        name: "59 min before a domestic departure",
        change: (i) => {
          Object.assign(flight(i, "cmp_fl_back"), { flightNumber: "CZ6901", destination: HGH });
          transfer(i, "cmp_dropoff").pickupAt = "2026-12-09T05:06:00Z";
        },
        expected: [E("departure_buffer", ["cmp_dropoff", "cmp_fl_back"], BOTH)],
        says: ["1 h"],
      },
      {
        name: "no flight leaves after the transfer",
        change: (i) => void (transfer(i, "cmp_dropoff").pickupAt = "2026-12-10T04:00:00Z"),
        expected: [E("departure_buffer", ["cmp_dropoff"], BOTH)],
      },
    ],
    keeps: [
      { name: "2 h 05 (the demo)", change: () => {}, expected: [] },
      {
        name: "exactly 2 h",
        change: (i) => void (transfer(i, "cmp_dropoff").pickupAt = "2026-12-09T04:05:00Z"),
        expected: [],
      },
      {
        name: "exactly 1 h before a domestic departure",
        change: (i) => {
          Object.assign(flight(i, "cmp_fl_back"), { flightNumber: "CZ6901", destination: HGH });
          transfer(i, "cmp_dropoff").pickupAt = "2026-12-09T05:05:00Z";
        },
        expected: [],
      },
    ],
  },
  {
    code: "traveler_without_flight",
    breaks: [
      {
        name: "the companion is not on the return flight",
        change: (i) => void (flight(i, "cmp_fl_back").travelerIds = [PATIENT]),
        expected: [W("traveler_without_flight", [], [COMPANION])],
        says: ["no return flight"],
      },
      {
        name: "the companion is on no flight at all",
        change: (i) => {
          for (const f of i.flights) f.travelerIds = [PATIENT];
        },
        expected: [W("traveler_without_flight", [], [COMPANION])],
        says: ["no arrival and no return flight"],
      },
    ],
    keeps: [
      { name: "both on both flights (the demo)", change: () => {}, expected: [] },
      {
        name: "no flights booked yet",
        change: (i) => {
          i.flights = [];
          i.transfers = [];
        },
        expected: [],
      },
    ],
  },
];

function run(change: (i: TimelineInput) => void) {
  const input = demoJourney();
  change(input);
  return buildTimeline(input);
}

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

describe("the demo journey", () => {
  const { events, issues } = buildTimeline(demoJourney());

  it("has no errors and no warnings", () => {
    expect(issues).toEqual([]);
  });

  it("lists every point of the trip in order, each in its own place's local time", () => {
    expect(events.map((e) => [e.type, e.componentId, e.start.local, e.end?.local])).toEqual([
      ["consultation", "cmp_consult", "2026-11-10T12:00:00+08:00", "2026-11-10T12:30:00+08:00"],
      ["flight_departure", "cmp_fl_out", "2026-11-19T08:30:00+05:00", undefined],
      ["flight_arrival", "cmp_fl_out", "2026-11-19T13:25:00+08:00", undefined],
      ["transfer", "cmp_pickup", "2026-11-19T14:15:00+08:00", "2026-11-19T14:50:00+08:00"],
      ["check_in", "cmp_hotel_pre", "2026-11-19T14:00:00+06:00", undefined],
      ["admission", "cmp_treatment", "2026-11-21T08:00:00+08:00", undefined],
      ["check_out", "cmp_hotel_pre", "2026-11-21T12:00:00+06:00", undefined],
      ["check_in", "cmp_hotel_companion", "2026-11-21T14:00:00+06:00", undefined],
      ["discharge", "cmp_treatment", "2026-12-01T10:00:00+08:00", undefined],
      ["check_out", "cmp_hotel_companion", "2026-12-01T12:00:00+06:00", undefined],
      ["check_in", "cmp_hotel_post", "2026-12-01T14:00:00+06:00", undefined],
      ["tour", "cmp_tour", "2026-12-06T10:00:00+06:00", "2026-12-06T13:00:00+06:00"],
      ["check_out", "cmp_hotel_post", "2026-12-09T10:00:00+06:00", undefined],
      ["transfer", "cmp_dropoff", "2026-12-09T12:00:00+08:00", "2026-12-09T12:45:00+08:00"],
      ["flight_departure", "cmp_fl_back", "2026-12-09T14:50:00+08:00", undefined],
      ["flight_arrival", "cmp_fl_back", "2026-12-09T13:55:00+05:00", undefined],
    ]);
  });

  it("gives each event its UTC instant and zone, sorted by instant", () => {
    const utc = events.map((e) => e.start.utc);
    expect(utc).toEqual([...utc].sort());
    expect(events.find((e) => e.type === "admission")?.start).toEqual({
      utc: "2026-11-21T00:00:00Z",
      local: "2026-11-21T08:00:00+08:00",
      zone: "Asia/Shanghai",
    });
    expect(events.find((e) => e.componentId === "cmp_hotel_pre" && e.type === "check_in")?.start).toEqual({
      utc: "2026-11-19T08:00:00Z",
      local: "2026-11-19T14:00:00+06:00",
      zone: "Asia/Urumqi",
    });
    expect(events.find((e) => e.type === "flight_departure")).toMatchObject({
      title: "KC871 departs Almaty (ALA) for Urumqi (URC)",
      location: "Almaty (ALA)",
    });
  });
});

describe("Asia/Urumqi and Asia/Shanghai in the same city", () => {
  it("reads one instant on different local dates: the hotel's zone decides the first night", () => {
    const { events } = run((i) => {
      Object.assign(flight(i, "cmp_fl_out"), { departsAt: "2026-11-19T14:35:00Z", arrivesAt: "2026-11-19T16:30:00Z" });
    });
    const landing = events.find((e) => e.type === "flight_arrival" && e.componentId === "cmp_fl_out")!;
    // 00:30 on 20 November at the airport (Beijing time) — 22:30 on the 19th at the hotel.
    expect(landing.start).toEqual({
      utc: "2026-11-19T16:30:00Z",
      local: "2026-11-20T00:30:00+08:00",
      zone: "Asia/Shanghai",
    });
  });

  // Landing instant, the hotels' zone, their first night → the nights found uncovered.
  it.each([
    ["23:30 Beijing = 21:30 Urumqi, both 19 Nov", "2026-11-19T15:30:00Z", "Asia/Urumqi", "2026-11-19", []],
    [
      "23:30 Beijing, room from the 20th: night of the 19th uncovered",
      "2026-11-19T15:30:00Z",
      "Asia/Urumqi",
      "2026-11-20",
      ["2026-11-19"],
    ],
    [
      "00:30 Beijing on the 20th = 22:30 Urumqi on the 19th: Urumqi hotel needs the 19th",
      "2026-11-19T16:30:00Z",
      "Asia/Urumqi",
      "2026-11-20",
      ["2026-11-19"],
    ],
    [
      "the same landing, a hotel keeping Beijing time: the 20th is the first night",
      "2026-11-19T16:30:00Z",
      "Asia/Shanghai",
      "2026-11-20",
      [],
    ],
    ["00:30 Beijing, Urumqi hotel from the 19th", "2026-11-19T16:30:00Z", "Asia/Urumqi", "2026-11-19", []],
  ] as const)("%s", (_name, landing, hotelZone, firstNight, uncovered) => {
    const { issues } = run((i) => {
      Object.assign(flight(i, "cmp_fl_out"), { departsAt: shift(landing, -115), arrivesAt: landing });
      transfer(i, "cmp_pickup").pickupAt = shift(landing, 60);
      for (const l of i.lodging) l.zone = hotelZone;
      lodging(i, "cmp_hotel_pre").checkIn = firstNight;
    });
    expect(issues.map(brief)).toEqual(
      uncovered.length === 0
        ? []
        : [
            E("lodging_gap", ["cmp_fl_out", "cmp_fl_back"], [PATIENT]),
            E("lodging_gap", ["cmp_fl_out", "cmp_fl_back"], [COMPANION]),
          ],
    );
    for (const issue of issues) expect(issue.message).toContain(`night of ${uncovered[0]}`);
  });

  // A hospital keeping Xinjiang time admits at 08:00 Urumqi = 10:00 Beijing.
  it.each([
    [
      "Asia/Shanghai",
      "2026-11-21T00:00:00Z",
      "2026-11-21T08:00:00+08:00",
      [E("arrival_after_admission", ["cmp_fl_out", "cmp_treatment"], [PATIENT])],
    ],
    ["Asia/Urumqi", "2026-11-21T02:00:00Z", "2026-11-21T08:00:00+06:00", []],
  ] as const)(
    "hospital in %s admits at %s (%s local); a 09:00 Beijing landing is judged against it",
    (zone, utc, local, expected) => {
      const { events, issues } = run((i) => {
        i.hospital.zone = zone;
        // Lands 09:00 Beijing = 07:00 Urumqi on admission day.
        Object.assign(flight(i, "cmp_fl_out"), {
          departsAt: "2026-11-20T23:05:00Z",
          arrivesAt: "2026-11-21T01:00:00Z",
        });
        transfer(i, "cmp_pickup").pickupAt = "2026-11-21T01:50:00Z";
      });
      expect(events.find((e) => e.type === "admission")?.start).toEqual({ utc, local, zone });
      expect(issues.map(brief)).toEqual(expected);
    },
  );
});

describe("a DST zone across its changes (a hospital in Berlin, Europe/Berlin)", () => {
  // Spring: 2027-03-28 02:00 CET → 03:00 CEST (01:00Z). Autumn: 2027-10-31 03:00 CEST → 02:00 CET (01:00Z).
  function berlinTrip(a: { lands: string; pickup: string; reachesAirport: string; departs: string }): TimelineInput {
    const dropoffMinutes = 40;
    return {
      hospital: { id: "hsp_charite", name: "Charité", city: "Berlin", country: "DE", zone: "Europe/Berlin" },
      travelers: [
        { id: PATIENT, name: "Aigerim Sadykova", role: "patient", languages: ["kk", "ru", "de"], needsLodging: false },
      ],
      flights: [
        {
          componentId: "cmp_in",
          flightNumber: "KC911",
          departsAt: shift(a.lands, -360),
          arrivesAt: a.lands,
          origin: ALA,
          destination: BER,
          travelerIds: [PATIENT],
        },
        {
          componentId: "cmp_out",
          flightNumber: "KC912",
          departsAt: a.departs,
          arrivesAt: shift(a.departs, 360),
          origin: BER,
          destination: ALA,
          travelerIds: [PATIENT],
        },
      ],
      transfers: [
        {
          componentId: "cmp_pickup",
          airport: BER,
          pickupAt: a.pickup,
          durationMinutes: 40,
          direction: "arrival",
          travelerIds: [PATIENT],
        },
        {
          componentId: "cmp_dropoff",
          airport: BER,
          pickupAt: shift(a.reachesAirport, -dropoffMinutes),
          durationMinutes: dropoffMinutes,
          direction: "departure",
          travelerIds: [PATIENT],
        },
      ],
      lodging: [],
      tours: [],
    };
  }
  const fine = {
    lands: "2027-03-20T10:00:00Z",
    pickup: "2027-03-20T11:00:00Z",
    reachesAirport: "2027-11-20T08:00:00Z",
    departs: "2027-11-20T11:00:00Z",
  };

  it.each([
    [
      "lands 01:50 CET, pickup 03:20 CEST: 1 h 30 on the clock, 30 min in fact",
      "2027-03-28T00:50:00Z",
      "2027-03-28T01:20:00Z",
      [E("arrival_buffer", ["cmp_in", "cmp_pickup"], [PATIENT])],
      ["2027-03-28 03:20 Europe/Berlin", "only 30 min after"],
    ],
    [
      "lands 01:30 CET, pickup 03:15 CEST: 1 h 45 on the clock, 45 min in fact",
      "2027-03-28T00:30:00Z",
      "2027-03-28T01:15:00Z",
      [],
      [],
    ],
    [
      "lands 02:50 CEST, pickup 02:20 CET: before on the clock, 30 min after in fact",
      "2027-10-31T00:50:00Z",
      "2027-10-31T01:20:00Z",
      [E("arrival_buffer", ["cmp_in", "cmp_pickup"], [PATIENT])],
      ["2027-10-31 02:20 Europe/Berlin"],
    ],
    ["lands 02:30 CEST, pickup 02:15 CET: 45 min in fact", "2027-10-31T00:30:00Z", "2027-10-31T01:15:00Z", [], []],
  ] as const)("arrival buffer: %s", (_name, lands, pickup, expected, says) => {
    const { issues, events } = buildTimeline(berlinTrip({ ...fine, lands, pickup }));
    expect(issues.map(brief)).toEqual(expected);
    for (const text of says) expect(issues[0]?.message).toContain(text);
    const landed = events.find((e) => e.type === "flight_arrival" && e.componentId === "cmp_in")!;
    expect(landed.start.utc).toBe(lands);
  });

  it.each([
    [
      "at the airport 01:30 CET, departs 04:00 CEST: 2 h 30 on the clock, 1 h 30 in fact",
      "2027-03-28T00:30:00Z",
      "2027-03-28T02:00:00Z",
      [E("departure_buffer", ["cmp_dropoff", "cmp_out"], [PATIENT])],
    ],
    [
      "at the airport 00:45 CET, departs 03:45 CEST: exactly 2 h in fact",
      "2027-03-27T23:45:00Z",
      "2027-03-28T01:45:00Z",
      [],
    ],
    [
      "at the airport 01:30 CEST, departs 02:40 CET: 1 h 10 on the clock, 2 h 10 in fact",
      "2027-10-30T23:30:00Z",
      "2027-10-31T01:40:00Z",
      [],
    ],
    [
      "at the airport 02:30 CEST, departs 03:10 CET: 1 h 40 in fact",
      "2027-10-31T00:30:00Z",
      "2027-10-31T02:10:00Z",
      [E("departure_buffer", ["cmp_dropoff", "cmp_out"], [PATIENT])],
    ],
  ] as const)("departure buffer: %s", (_name, reachesAirport, departs, expected) => {
    const { issues } = buildTimeline(berlinTrip({ ...fine, reachesAirport, departs }));
    expect(issues.map(brief)).toEqual(expected);
  });

  it("shows local times with the offset in force at each instant", () => {
    const { events } = buildTimeline(
      berlinTrip({
        lands: "2027-03-28T00:50:00Z",
        pickup: "2027-03-28T01:50:00Z",
        reachesAirport: "2027-10-30T23:30:00Z",
        departs: "2027-10-31T01:40:00Z",
      }),
    );
    const at = (type: string, id: string) => events.find((e) => e.type === type && e.componentId === id)!;
    expect(at("flight_arrival", "cmp_in").start.local).toBe("2027-03-28T01:50:00+01:00");
    expect(at("transfer", "cmp_pickup").start.local).toBe("2027-03-28T03:50:00+02:00");
    expect(at("transfer", "cmp_dropoff").end?.local).toBe("2027-10-31T01:30:00+02:00");
    expect(at("flight_departure", "cmp_out").start.local).toBe("2027-10-31T02:40:00+01:00");
    expect(at("flight_arrival", "cmp_out").start.local).toBe("2027-10-31T12:40:00+05:00");
  });
});

describe("a flight that lands on the previous local date", () => {
  // CZ6007 leaves Urumqi 00:40 Beijing on 10 December and lands 23:45 Almaty on the 9th.
  const home = (i: TimelineInput) => {
    Object.assign(flight(i, "cmp_fl_back"), {
      flightNumber: "CZ6007",
      departsAt: "2026-12-09T16:40:00Z",
      arrivesAt: "2026-12-09T18:45:00Z",
    });
    transfer(i, "cmp_dropoff").pickupAt = "2026-12-09T13:00:00Z";
  };

  it("shows the departure on the 10th and the landing on the 9th, in that order", () => {
    const { events } = run(home);
    const last = events.slice(-2);
    expect(last.map((e) => [e.type, e.start.local, e.start.utc])).toEqual([
      ["flight_departure", "2026-12-10T00:40:00+08:00", "2026-12-09T16:40:00Z"],
      ["flight_arrival", "2026-12-09T23:45:00+05:00", "2026-12-09T18:45:00Z"],
    ]);
  });

  it("counts nights up to the origin-local departure date: the night of the 9th needs a room", () => {
    expect(run(home).issues.map(brief)).toEqual([
      E("lodging_gap", ["cmp_fl_out", "cmp_fl_back"], [PATIENT]),
      E("lodging_gap", ["cmp_fl_out", "cmp_fl_back"], [COMPANION]),
    ]);
    const extended = run((i) => {
      home(i);
      lodging(i, "cmp_hotel_post").checkOut = "2026-12-10";
    });
    expect(extended.issues).toEqual([]);
  });

  it("eastbound overnight: Tbilisi 23:30 lands in Urumqi on the next local date", () => {
    const TBS = { code: "TBS", city: "Tbilisi", country: "GE", zone: "Asia/Tbilisi" };
    const { events } = run((i) => {
      Object.assign(flight(i, "cmp_fl_out"), {
        flightNumber: "A9751",
        origin: TBS,
        departsAt: "2026-11-18T19:30:00Z",
        arrivesAt: "2026-11-19T01:00:00Z",
      });
    });
    const out = events.filter((e) => e.componentId === "cmp_fl_out").map((e) => e.start.local);
    expect(out).toEqual(["2026-11-18T23:30:00+04:00", "2026-11-19T09:00:00+08:00"]);
  });
});

describe("gateway airports", () => {
  it("treats a transfer's airport in another city as the way in and out (Hangzhou for Yiwu)", () => {
    const AMM = { code: "AMM", city: "Amman", country: "JO", zone: "Asia/Amman" };
    const { issues } = buildTimeline({
      hospital: {
        id: "hsp_zju4",
        name: "Fourth Affiliated Hospital, Zhejiang University",
        city: "Yiwu",
        country: "CN",
        zone: "Asia/Shanghai",
      },
      travelers: [{ id: PATIENT, name: "Omar Haddad", role: "patient", languages: ["ar", "en"], needsLodging: true }],
      treatment: {
        componentId: "cmp_treatment",
        admissionDate: "2026-11-20",
        inpatientNights: 2,
        fitToFlyDays: 2,
        activityRestrictions: [],
      },
      flights: [
        {
          componentId: "cmp_in",
          flightNumber: "RJ190",
          departsAt: "2026-11-16T19:45:00Z",
          arrivesAt: "2026-11-17T04:45:00Z",
          origin: AMM,
          destination: HGH,
          travelerIds: [PATIENT],
        },
        {
          componentId: "cmp_out",
          flightNumber: "RJ191",
          departsAt: "2026-11-24T06:30:00Z",
          arrivesAt: "2026-11-24T16:30:00Z",
          origin: HGH,
          destination: AMM,
          travelerIds: [PATIENT],
        },
      ],
      transfers: [
        {
          componentId: "cmp_pickup",
          airport: HGH,
          pickupAt: "2026-11-17T05:45:00Z",
          durationMinutes: 90,
          direction: "arrival",
          travelerIds: [PATIENT],
        },
        {
          componentId: "cmp_dropoff",
          airport: HGH,
          pickupAt: "2026-11-24T02:00:00Z",
          durationMinutes: 90,
          direction: "departure",
          travelerIds: [PATIENT],
        },
      ],
      lodging: [
        {
          componentId: "cmp_hotel",
          hotelName: "Yiwu Marriott",
          zone: "Asia/Shanghai",
          city: "Yiwu",
          checkIn: "2026-11-17",
          checkOut: "2026-11-20",
          checkInTime: "14:00",
          checkOutTime: "12:00",
          travelerIds: [PATIENT],
        },
      ],
      tours: [],
    });
    // Nights 17–19 covered, 20–21 inpatient, 22–23 not: the return from Hangzhou frames the stay.
    expect(issues.map(brief)).toEqual([E("lodging_gap", ["cmp_in", "cmp_out"], [PATIENT])]);
    expect(issues[0]?.message).toContain("nights of 2026-11-22 … 2026-11-23");
  });
});
