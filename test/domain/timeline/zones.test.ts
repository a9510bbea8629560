import { describe, expect, it } from "vitest";
import { buildTimeline, type TimelineInput } from "../../../src/domain/timeline/index";
import { ALA, BER, COMPANION, PATIENT } from "./fixtures";
import { brief, E, flight, lodging, run, shift, transfer } from "./helpers";

/** Local dates and times across zones: one instant on two dates, DST changes, flights landing "before" they leave. */

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
