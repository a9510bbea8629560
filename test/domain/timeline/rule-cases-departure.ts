import { BOTH, COMPANION, HGH, PATIENT, URC } from "./fixtures";
import { E, flight, lodging, type RuleCases, tour, tourAt, transfer, treatment, W } from "./helpers";

/** The rules of tours, fitness to fly and the way home: cases that break and keep each. */
export const TOURS_AND_DEPARTURE_RULES: RuleCases[] = [
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
