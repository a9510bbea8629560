import ICAL from "ical.js";
import { DateTime } from "luxon";
import { beforeEach, describe, expect, it } from "vitest";
import type { CalendarEvent } from "../../../src/domain/calendar/ics";
import { ics, iso, parse } from "./ics-helpers";

/** Every instant written by buildIcs reads back the same through ical.js, which knows only the file's VTIMEZONEs. */

/** The raw content lines of one VTIMEZONE. */
function vtimezoneOf(text: string, zone: string): string[] {
  const lines = text.split("\r\n");
  const start = lines.indexOf(`TZID:${zone}`);
  expect(start).toBeGreaterThan(0);
  return lines.slice(start, lines.indexOf("END:VTIMEZONE", start));
}

beforeEach(() => {
  ICAL.TimezoneService.reset();
});

// Instants on both sides of each zone's offset changes, and how DTSTART must be written:
// local wall time with TZID, or UTC where that wall time happens twice (clocks going back).
const INSTANTS: [zone: string, utc: string, what: string, dtstart: string][] = [
  [
    "Asia/Shanghai",
    "2026-11-19T05:25:00Z",
    "KC871 lands at URC, 13:25 Beijing time",
    "DTSTART;TZID=Asia/Shanghai:20261119T132500",
  ],
  [
    "Asia/Shanghai",
    "2026-12-09T16:40:00Z",
    "CZ6007 leaves URC 00:40 Beijing, the next local date",
    "DTSTART;TZID=Asia/Shanghai:20261210T004000",
  ],
  [
    "Asia/Urumqi",
    "2026-11-19T08:00:00Z",
    "hotel check-in 14:00 Urumqi time",
    "DTSTART;TZID=Asia/Urumqi:20261119T140000",
  ],
  [
    "Asia/Urumqi",
    "2026-12-09T16:40:00Z",
    "the same CZ6007 instant read in Urumqi, 22:40",
    "DTSTART;TZID=Asia/Urumqi:20261209T224000",
  ],
  [
    "Asia/Almaty",
    "2026-12-09T18:45:00Z",
    "CZ6007 lands 23:45 Almaty, the previous local date",
    "DTSTART;TZID=Asia/Almaty:20261209T234500",
  ],
  [
    "Asia/Almaty",
    "2024-02-29T16:30:00Z",
    "22:30 +06, before Almaty moved to +05",
    "DTSTART;TZID=Asia/Almaty:20240229T223000",
  ],
  ["Asia/Almaty", "2024-02-29T17:30:00Z", "23:30 +06, an hour Almaty lived twice", "DTSTART:20240229T173000Z"],
  [
    "Asia/Almaty",
    "2024-03-01T00:30:00Z",
    "05:30 +05, after Almaty moved to +05",
    "DTSTART;TZID=Asia/Almaty:20240301T053000",
  ],
  [
    "Europe/Berlin",
    "2027-03-28T00:30:00Z",
    "01:30 CET, before the spring change",
    "DTSTART;TZID=Europe/Berlin:20270328T013000",
  ],
  [
    "Europe/Berlin",
    "2027-03-28T01:30:00Z",
    "03:30 CEST, after the spring change",
    "DTSTART;TZID=Europe/Berlin:20270328T033000",
  ],
  ["Europe/Berlin", "2027-07-01T10:00:00Z", "summer", "DTSTART;TZID=Europe/Berlin:20270701T120000"],
  [
    "Europe/Berlin",
    "2027-10-30T23:30:00Z",
    "01:30 CEST, before the autumn change",
    "DTSTART;TZID=Europe/Berlin:20271031T013000",
  ],
  ["Europe/Berlin", "2027-10-31T00:30:00Z", "02:30 CEST, the first of the repeated hour", "DTSTART:20271031T003000Z"],
  ["Europe/Berlin", "2027-10-31T01:30:00Z", "02:30 CET, the second of the repeated hour", "DTSTART:20271031T013000Z"],
  [
    "Europe/Berlin",
    "2027-10-31T02:30:00Z",
    "03:30 CET, after the autumn change",
    "DTSTART;TZID=Europe/Berlin:20271031T033000",
  ],
  [
    "Australia/Lord_Howe",
    "2027-04-03T14:15:00Z",
    "01:15 +11, half-hour DST before it ends",
    "DTSTART;TZID=Australia/Lord_Howe:20270404T011500",
  ],
  [
    "Australia/Lord_Howe",
    "2027-04-03T16:15:00Z",
    "02:45 +10:30, after it ends",
    "DTSTART;TZID=Australia/Lord_Howe:20270404T024500",
  ],
  ["Asia/Kathmandu", "2026-11-20T03:00:00Z", "+05:45, no DST", "DTSTART;TZID=Asia/Kathmandu:20261120T084500"],
];

describe("buildIcs round-trips through ical.js", () => {
  const events: CalendarEvent[] = INSTANTS.map(([zone, start, what], i) => ({
    uid: `evt-${i}@caravan`,
    summary: what,
    start,
    end: DateTime.fromISO(start, { zone: "utc" }).plus({ minutes: 95 }).toISO() as string,
    zone,
  }));
  const text = ics(events);
  const parsed = parse(text);

  it("keeps every event", () => {
    expect(parsed.map((p) => p.uid)).toEqual(events.map((e) => e.uid));
  });

  it.each(INSTANTS.map(([zone, start, what, dtstart], i) => [i, zone, start, what, dtstart] as const))(
    "event %i in %s at %s (%s) reads back as the same instant",
    (i, zone, start, _what, dtstart) => {
      const p = parsed[i]!;
      expect(p.start).toBe(iso(start));
      expect(p.end).toBe(DateTime.fromISO(start, { zone: "utc" }).plus({ minutes: 95 }).toISO());
      expect(p.startZone).toBe(dtstart.includes("TZID=") ? zone : "UTC");
    },
  );

  it("writes local wall time with TZID, and a repeated wall time in UTC", () => {
    const lines = text.split("\r\n");
    const dtstarts = lines.slice(lines.indexOf("BEGIN:VEVENT")).filter((l) => l.startsWith("DTSTART"));
    expect(dtstarts).toEqual(INSTANTS.map(([, , , dtstart]) => dtstart));
  });

  it("has one VTIMEZONE per zone used", () => {
    const tzids = text.split("\r\n").filter((l) => l.startsWith("TZID:"));
    expect(tzids).toEqual([
      "TZID:Asia/Almaty",
      "TZID:Asia/Kathmandu",
      "TZID:Asia/Shanghai",
      "TZID:Asia/Urumqi",
      "TZID:Australia/Lord_Howe",
      "TZID:Europe/Berlin",
    ]);
  });

  it("describes zones from their real offsets", () => {
    expect(vtimezoneOf(text, "Asia/Shanghai")).toEqual([
      "TZID:Asia/Shanghai",
      "BEGIN:STANDARD",
      "DTSTART:19700101T000000",
      "TZOFFSETFROM:+0800",
      "TZOFFSETTO:+0800",
      "TZNAME:GMT+8",
      "END:STANDARD",
    ]);
    expect(vtimezoneOf(text, "Asia/Urumqi")).toContain("TZOFFSETTO:+0600");
    expect(vtimezoneOf(text, "Asia/Kathmandu")).toContain("TZOFFSETTO:+0545");
    // Events in 2024 pull Almaty's 2024-03-01 change (+06 → +05) into the span.
    const almaty = vtimezoneOf(text, "Asia/Almaty").join("\n");
    expect(almaty).toContain("DTSTART:20240301T000000\nTZOFFSETFROM:+0600\nTZOFFSETTO:+0500");
    const berlin = vtimezoneOf(text, "Europe/Berlin").join("\n");
    expect(berlin).toContain("BEGIN:DAYLIGHT\nDTSTART:20270328T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200");
    expect(berlin).toContain("BEGIN:STANDARD\nDTSTART:20271031T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100");
  });

  it("gives zones without changes in the span a single STANDARD (Almaty after 2024, Urumqi)", () => {
    const later = ics([
      { uid: "a", summary: "Almaty", start: "2026-12-09T18:45:00Z", zone: "Asia/Almaty" },
      { uid: "u", summary: "Urumqi", start: "2026-12-09T16:40:00Z", zone: "Asia/Urumqi" },
    ]);
    for (const [zone, offset] of [
      ["Asia/Almaty", "+0500"],
      ["Asia/Urumqi", "+0600"],
    ] as const) {
      const block = vtimezoneOf(later, zone);
      expect(block.filter((l) => l.startsWith("BEGIN:"))).toEqual(["BEGIN:STANDARD"]);
      expect(block).toEqual(
        expect.arrayContaining(["DTSTART:19700101T000000", `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`]),
      );
    }
    expect(parse(later).map((p) => p.start)).toEqual([iso("2026-12-09T18:45:00Z"), iso("2026-12-09T16:40:00Z")]);
  });

  it("would catch a broken VTIMEZONE: a wrong offset or a wrong zone moves the instants", () => {
    const one = ics([{ uid: "x", summary: "Landing", start: "2026-11-19T05:25:00Z", zone: "Asia/Shanghai" }]);
    expect(parse(one)[0]!.start).toBe(iso("2026-11-19T05:25:00Z"));

    const wrongOffset = one.replace(
      /TZOFFSETFROM:\+0800\r\nTZOFFSETTO:\+0800/,
      "TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900",
    );
    expect(wrongOffset).not.toBe(one);
    expect(parse(wrongOffset)[0]!.start).not.toBe(iso("2026-11-19T05:25:00Z"));
    expect(parse(wrongOffset)[0]!.start).toBe(iso("2026-11-19T04:25:00Z"));

    // The Shanghai and Urumqi definitions swapped under each other's TZID: the instants move
    // by the two hours between them.
    const two = ics([
      { uid: "s", summary: "Landing", start: "2026-11-19T05:25:00Z", zone: "Asia/Shanghai" },
      { uid: "u", summary: "Check-in", start: "2026-11-19T08:00:00Z", zone: "Asia/Urumqi" },
    ]);
    const swapped = two.replace(
      /TZID:Asia\/(Shanghai|Urumqi)\r\n/g,
      (_m, z: string) => `TZID:Asia/${z === "Shanghai" ? "Urumqi" : "Shanghai"}\r\n`,
    );
    expect(parse(two).map((p) => p.start)).toEqual([iso("2026-11-19T05:25:00Z"), iso("2026-11-19T08:00:00Z")]);
    expect(parse(swapped).map((p) => p.start)).toEqual([iso("2026-11-19T07:25:00Z"), iso("2026-11-19T06:00:00Z")]);
  });
});

describe("events centuries apart", () => {
  // A stay from 1900 to 2100 and events at both ends: the zones are described near each
  // event only, so building stays fast however far apart they lie, and every instant still
  // round-trips through ical.js (which reads only the VTIMEZONEs).
  const far: CalendarEvent[] = [
    { uid: "stay", summary: "Stay", start: "1900-06-01T12:00:00Z", end: "2100-08-01T08:00:00Z", zone: "Europe/Berlin" },
    { uid: "a", summary: "Landing", start: "1950-07-01T10:00:00Z", zone: "America/New_York" },
    { uid: "b", summary: "Admission", start: "2026-12-01T02:00:00Z", zone: "Asia/Almaty" },
    { uid: "c", summary: "Pickup", start: "2026-07-15T09:30:00Z", zone: "Europe/Berlin" },
    { uid: "d", summary: "Tour", start: "2100-01-15T07:00:00Z", zone: "America/New_York" },
  ];

  it("builds in about the time of a few nearby calendars, not of two centuries of scanning (~20 s)", () => {
    const started = performance.now();
    ics(far);
    // A bound that scanning every year from the start (~20 s) breaks and a loaded CI machine does not.
    expect(performance.now() - started).toBeLessThan(8000);
  });

  it("reads back every instant and zone", () => {
    const parsed = parse(ics(far));
    expect(parsed.map((p) => [p.uid, p.start, p.startZone])).toEqual(far.map((e) => [e.uid, iso(e.start), e.zone]));
    expect(parsed[0]!.end).toBe(iso("2100-08-01T08:00:00Z"));
  });
});
