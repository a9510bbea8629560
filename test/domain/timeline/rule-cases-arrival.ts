import { ALA, BOTH, COMPANION, PATIENT, URC } from "./fixtures";
import { E, flight, lodging, type RuleCases, transfer, treatment, W } from "./helpers";

/** The rules of the way in and the nights before and during the stay: cases that break and keep each. */
export const ARRIVAL_AND_STAY_RULES: RuleCases[] = [
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
];
