import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  addDays,
  localAt,
  localDate,
  localToUtc,
  nightsBetween,
  toLocal,
  utcHourStart,
} from "../../src/domain/time/local-time";

/**
 * The hand-written local times must be luxon's to the letter. Zones chosen for their oddities:
 * DST both ways, 30- and 45-minute offsets, a 30-minute DST (Lord Howe), negative DST (Dublin),
 * Ramadan changes (Casablanca), a zone that changed its standard offset (Almaty in 2024), and
 * the Xinjiang pair. Instants cluster around real transitions as well as spread over 1900–2100.
 */
const ZONES = [
  "Asia/Shanghai",
  "Asia/Urumqi",
  "Asia/Almaty",
  "Asia/Bishkek",
  "Asia/Tashkent",
  "Asia/Dushanbe",
  "Asia/Tbilisi",
  "Asia/Amman",
  "Europe/Berlin",
  "Europe/London",
  "Europe/Dublin",
  "America/New_York",
  "America/St_Johns",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "Asia/Kathmandu",
  "Asia/Kolkata",
  "Africa/Casablanca",
  "America/Sao_Paulo",
  "Pacific/Apia",
  "Antarctica/Troll",
  "Etc/UTC",
  "UTC",
  "Etc/GMT-14",
  "America/Havana",
];

function luxonToLocal(utcIso: string, zone: string) {
  const dt = DateTime.fromISO(utcIso, { zone: "utc" });
  return {
    utc: dt.toISO({ suppressMilliseconds: true }),
    local: dt.setZone(zone).toISO({ suppressMilliseconds: true }),
    zone,
  };
}

const MIN = Date.UTC(1900, 0, 1);
const MAX = Date.UTC(2100, 0, 1);
// Instants near transitions: the last Sundays of March and October, 00:00–04:00 UTC, in many years.
const nearTransition = fc
  .record({
    year: fc.integer({ min: 1970, max: 2040 }),
    month: fc.constantFrom(2, 3, 8, 9, 10, 11),
    day: fc.integer({ min: 1, max: 31 }),
    minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    sec: fc.integer({ min: 0, max: 59 }),
    ms: fc.constantFrom(0, 0, 0, 1, 500, 999),
  })
  .map(({ year, month, day, minute, sec, ms }) => Date.UTC(year, month, Math.min(day, 28), 0, minute, sec, ms));
const anyInstant = fc.oneof(fc.integer({ min: MIN, max: MAX }), nearTransition);

describe("local time matches luxon", () => {
  it("toLocal and localDate, any zone, any instant (UTC text)", () => {
    fc.assert(
      fc.property(anyInstant, fc.constantFrom(...ZONES), (ms, zone) => {
        const iso = new Date(ms).toISOString();
        expect(toLocal(iso, zone)).toEqual(luxonToLocal(iso, zone));
        expect(localDate(iso, zone)).toBe(DateTime.fromISO(iso, { zone: "utc" }).setZone(zone).toISODate());
        expect(localDate(new Date(ms), zone)).toBe(
          DateTime.fromJSDate(new Date(ms), { zone: "utc" }).setZone(zone).toISODate(),
        );
        expect(utcHourStart(iso)).toBe(DateTime.fromISO(iso, { zone: "utc" }).startOf("hour").toISO());
      }),
      { numRuns: 5000 },
    );
  });

  it("every minute of a day with two transitions reads like luxon", () => {
    for (const [day, zone] of [
      ["2026-03-29", "Europe/Berlin"],
      ["2026-10-25", "Europe/Berlin"],
      ["2026-04-05", "Australia/Lord_Howe"],
      ["2026-03-08", "America/St_Johns"],
      ["2026-11-01", "America/Havana"],
    ] as const) {
      const start = Date.parse(`${day}T00:00:00Z`) - 12 * 3_600_000;
      for (let m = 0; m < 48 * 60; m += 1) {
        const iso = new Date(start + m * 60_000).toISOString();
        expect(toLocal(iso, zone)).toEqual(luxonToLocal(iso, zone));
      }
    }
  });

  it("instants written with an offset, and inputs only luxon reads", () => {
    const inputs = [
      "2026-12-01T12:30:00+08:00",
      "2026-12-01T00:30:00-05:00",
      "2026-12-01T04:30:00.5Z",
      "2026-12-01T04:30Z",
      "2026-12-01T04:30:00",
      "2026-12-01T04:30:00+0800",
      "1850-06-01T00:00:00Z",
      "2026-12-01T24:00:00Z",
    ];
    for (const iso of inputs)
      for (const zone of ["Asia/Almaty", "Europe/Berlin", "UTC", "utc+3"]) {
        expect(toLocal(iso, zone)).toEqual(luxonToLocal(iso, zone));
        expect(localDate(iso, zone)).toBe(DateTime.fromISO(iso, { zone: "utc" }).setZone(zone).toISODate());
      }
  });

  it("refuses what luxon refuses", () => {
    for (const bad of ["2026-02-30T00:00:00Z", "yesterday", "2026-13-01T00:00:00Z", ""]) {
      expect(() => toLocal(bad, "Asia/Almaty")).toThrow(/invalid instant/);
    }
    // An unknown zone: luxon gives no local reading, and neither does this.
    expect(toLocal("2026-12-01T04:30:00Z", "Mars/Olympus").local).toBeNull();
  });

  it("date arithmetic: nights and added days", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2090, 0, 1) }),
        fc.integer({ min: -400, max: 400 }),
        (ms, days) => {
          const from = new Date(ms).toISOString().slice(0, 10);
          const to = DateTime.fromISO(from, { zone: "utc" }).plus({ days }).toISODate()!;
          expect(addDays(from, days)).toBe(to);
          const nights: string[] = [];
          for (
            let d = DateTime.fromISO(from, { zone: "utc" });
            d < DateTime.fromISO(to, { zone: "utc" });
            d = d.plus({ days: 1 })
          )
            nights.push(d.toISODate()!);
          expect(nightsBetween(from, to)).toEqual(nights);
        },
      ),
      { numRuns: 1000 },
    );
    expect(nightsBetween("2026-02-30", "2026-03-02")).toEqual([]);
    expect(addDays("2026-02-30", 1)).toBeNull();
  });

  it("localAt reads an epoch instant as toLocal reads its ISO text", () => {
    fc.assert(
      fc.property(anyInstant, fc.constantFrom(...ZONES), (ms, zone) => {
        expect(localAt(ms, zone)).toEqual(luxonToLocal(new Date(ms).toISOString(), zone));
      }),
      { numRuns: 2000 },
    );
  });

  it("localToUtc: wall times to instants as luxon converts them, DST gaps and overlaps included", () => {
    const luxonWall = (date: string, time: string, zone: string) =>
      DateTime.fromISO(`${date}T${time}`, { zone }).toUTC().toISO();
    fc.assert(
      fc.property(anyInstant, fc.constantFrom(...ZONES), fc.boolean(), (ms, zone, withSeconds) => {
        const d = new Date(ms).toISOString();
        const date = d.slice(0, 10);
        const time = withSeconds ? d.slice(11, 19) : d.slice(11, 16);
        expect(localToUtc(date, time, zone)).toBe(luxonWall(date, time, zone));
      }),
      { numRuns: 5000 },
    );
    // Every quarter hour of days with a change: the missing hour (spring) and the doubled one (autumn).
    for (const [date, zone] of [
      ["2026-03-29", "Europe/Berlin"],
      ["2026-10-25", "Europe/Berlin"],
      ["2026-04-05", "Australia/Lord_Howe"],
      ["2026-11-01", "America/Havana"],
      ["2026-03-08", "America/St_Johns"],
    ] as const) {
      for (let m = 0; m < 24 * 60; m += 15) {
        const time = `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
        expect(localToUtc(date, time, zone)).toBe(luxonWall(date, time, zone));
      }
    }
    expect(() => localToUtc("2026-02-30", "10:00", "Asia/Almaty")).toThrow(/invalid local time/);
    expect(() => localToUtc("2026-12-01", "25:00", "Asia/Almaty")).toThrow(/invalid local time/);
    expect(() => localToUtc("2026-12-01", "10:00", "Mars/Olympus")).toThrow(/invalid local time/);
  });
});
