import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { TimelineInputError } from "../../../src/domain/timeline/index";
import { dateIn, instantMs, point, show, wallMs } from "../../../src/domain/timeline/instants";

/** luxon's answers, as the timeline computed them before its fast paths (the reference). */
const luxon = {
  instantMs(iso: string): number | "invalid" {
    const dt = DateTime.fromISO(iso, { setZone: true });
    return dt.isValid ? dt.toMillis() : "invalid";
  },
  wallMs(date: string, time: string, zone: string): number | "invalid" {
    const dt = DateTime.fromISO(`${date}T${time}`, { zone });
    return dt.isValid ? dt.toMillis() : "invalid";
  },
  point(ms: number, zone: string) {
    const dt = DateTime.fromMillis(ms, { zone });
    return {
      utc: dt.toUTC().toISO({ suppressMilliseconds: true }),
      local: dt.toISO({ suppressMilliseconds: true }),
      zone,
    };
  },
  dateIn: (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISODate(),
  show: (ms: number, zone: string) => `${DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd HH:mm")} ${zone}`,
};
const attempt = <T>(f: () => T): T | "invalid" => {
  try {
    return f();
  } catch (err) {
    if (err instanceof TimelineInputError) return "invalid";
    throw err;
  }
};

const ZONES = [
  "Asia/Shanghai",
  "Asia/Almaty",
  "Asia/Urumqi",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Europe/Berlin",
  "Europe/Moscow",
  "America/New_York",
  "America/Santiago",
  "America/St_Johns",
  "Australia/Lord_Howe",
  "Pacific/Apia",
  "Africa/Abidjan",
  "UTC",
];
const p2 = (n: number) => String(n).padStart(2, "0");

describe("timeline instants give luxon's answers", () => {
  // A fixed pseudo-random walk (no clock): instants over 1895–2040, DST changes, historical offsets in seconds.
  let seed = 20_261_201;
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const cases = Array.from({ length: 4000 }, () => {
    const year = rnd() < 0.1 ? 1895 + Math.floor(rnd() * 20) : 1970 + Math.floor(rnd() * 70);
    const ms =
      Date.UTC(
        year,
        Math.floor(rnd() * 12),
        1 + Math.floor(rnd() * 28),
        Math.floor(rnd() * 24),
        Math.floor(rnd() * 60),
        rnd() < 0.5 ? 0 : Math.floor(rnd() * 60),
      ) + (rnd() < 0.1 ? Math.floor(rnd() * 1000) : 0);
    const zone = ZONES[Math.floor(rnd() * ZONES.length)]!;
    const date = `${String(year)}-${p2(1 + Math.floor(rnd() * 12))}-${p2(1 + Math.floor(rnd() * 31))}`;
    const time =
      rnd() < 0.3
        ? `${p2(Math.floor(rnd() * 24))}:${p2(Math.floor(rnd() * 60))}:${p2(Math.floor(rnd() * 60))}`
        : `${p2(Math.floor(rnd() * 24))}:${rnd() < 0.5 ? "00" : "30"}`;
    return { ms, zone, date, time };
  });

  it("reads every instant of the local readings alike: point, dateIn, show", () => {
    for (const { ms, zone } of cases) {
      expect(point(ms, zone), `${ms} ${zone}`).toEqual(luxon.point(ms, zone));
      expect(dateIn(ms, zone), `${ms} ${zone}`).toBe(luxon.dateIn(ms, zone));
      expect(show(ms, zone), `${ms} ${zone}`).toBe(luxon.show(ms, zone));
    }
  });

  it("reads ISO instants alike, and refuses the same ones", () => {
    for (const { ms } of cases) {
      const iso = DateTime.fromMillis(ms, { zone: "utc" }).toISO() as string;
      for (const v of [
        iso,
        iso.replace(".000Z", "Z"),
        `${iso.slice(0, 16)}Z`,
        `${iso.slice(0, 19)}+08:00`,
        `${iso.slice(0, 19)}-03:30`,
        `${iso.slice(0, 10)}T25:00:00Z`,
        `${iso.slice(0, 8)}31T10:00:00Z`,
        `${iso.slice(0, 8)}30T10:00:00Z`,
        iso.slice(0, 19),
        iso.slice(0, 10),
      ]) {
        expect(
          attempt(() => instantMs(v, "x")),
          v,
        ).toEqual(luxon.instantMs(v));
      }
    }
  });

  it(
    "turns wall times into the same instants, across DST changes and offsets in " +
      "seconds, and refuses the same ones",
    () => {
      for (const { date, time, zone } of cases)
        expect(
          attempt(() => wallMs(date, time, zone, "x")),
          `${date} ${time} ${zone}`,
        ).toEqual(luxon.wallMs(date, time, zone));
      for (const zone of [
        "Europe/Berlin",
        "America/New_York",
        "America/Santiago",
        "Australia/Lord_Howe",
        "Pacific/Apia",
      ]) {
        for (const date of [
          "2026-03-29",
          "2026-10-25",
          "2026-03-08",
          "2026-11-01",
          "2026-04-05",
          "2026-09-06",
          "2011-12-29",
          "2011-12-30",
          "2011-12-31",
        ]) {
          for (let h = 0; h < 24; h++) {
            for (const m of ["00", "15", "30"])
              expect(
                attempt(() => wallMs(date, `${p2(h)}:${m}`, zone, "x")),
                `${date} ${h}:${m} ${zone}`,
              ).toEqual(luxon.wallMs(date, `${p2(h)}:${m}`, zone));
          }
        }
      }
    },
  );
});
