import { describe, expect, it } from "vitest";
import { localDate, localToUtc, nightsBetween, toLocal, utcHourStart } from "../../src/domain/time/local-time";
import { maskBirthDate, maskPassport } from "../../src/domain/masking";

describe("local time per place", () => {
  it.each([
    // One instant, read in the hospital's Beijing time and in Urumqi's local time.
    ["2026-12-01T04:30:00.000Z", "Asia/Shanghai", "2026-12-01T12:30:00+08:00"],
    ["2026-12-01T04:30:00.000Z", "Asia/Urumqi", "2026-12-01T10:30:00+06:00"],
    ["2026-12-01T04:30:00.000Z", "Asia/Tbilisi", "2026-12-01T08:30:00+04:00"],
    ["2026-07-01T04:30:00.000Z", "Europe/Berlin", "2026-07-01T06:30:00+02:00"],
    ["2026-12-01T04:30:00.000Z", "Europe/Berlin", "2026-12-01T05:30:00+01:00"],
  ])("%s in %s is %s", (utc, zone, local) => {
    expect(toLocal(utc, zone)).toEqual({ utc: utc.replace(".000", ""), local, zone });
  });

  it.each([
    ["2026-12-01T17:30:00.000Z", "Asia/Shanghai", "2026-12-02"],
    ["2026-12-01T17:30:00.000Z", "Asia/Urumqi", "2026-12-01"],
    ["2026-12-01T23:30:00.000Z", "Asia/Almaty", "2026-12-02"],
  ])("%s falls on a local date in %s: %s", (utc, zone, date) => {
    expect(localDate(utc, zone)).toBe(date);
  });

  it("converts local wall clock to UTC, across a DST change", () => {
    expect(localToUtc("2026-03-28", "10:00", "Europe/Berlin")).toBe("2026-03-28T09:00:00.000Z");
    expect(localToUtc("2026-03-29", "10:00", "Europe/Berlin")).toBe("2026-03-29T08:00:00.000Z");
    expect(localToUtc("2026-12-01", "08:30", "Asia/Urumqi")).toBe("2026-12-01T02:30:00.000Z");
  });

  it("lists nights and hour buckets", () => {
    expect(nightsBetween("2026-12-30", "2027-01-02")).toEqual(["2026-12-30", "2026-12-31", "2027-01-01"]);
    expect(nightsBetween("2026-12-30", "2026-12-30")).toEqual([]);
    expect(utcHourStart("2026-12-01T04:59:59.999Z")).toBe("2026-12-01T04:00:00.000Z");
  });
});

describe("masking", () => {
  it.each([
    ["N12345678", "*****5678"],
    ["AB123", "*B123"],
  ])("passport %s → %s", (p, m) => expect(maskPassport(p)).toBe(m));
  it("hides birth dates", () => expect(maskBirthDate("1989-04-12")).toBe("****-**-**"));
});
