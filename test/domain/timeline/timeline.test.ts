import { describe, expect, it } from "vitest";
import { buildTimeline } from "../../../src/domain/timeline/index";
import { demoJourney, HGH, PATIENT } from "./fixtures";
import { brief, E } from "./helpers";

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
