import ICAL from "ical.js";
import { DateTime } from "luxon";
import { beforeEach, describe, expect, it } from "vitest";
import {
  buildIcs,
  escapeText,
  foldLine,
  offsetTransitions,
  type CalendarEvent,
} from "../../../src/domain/calendar/ics";

const NOW = "2026-11-01T09:15:00Z";

interface Parsed {
  uid: string;
  summary: string;
  description: string | null;
  location: string | null;
  start: string;
  end: string;
  startZone: string;
}

/**
 * Parses with ical.js, which has no tz database of its own: times resolve only through the
 * calendar's VTIMEZONEs (read from the file, and registered with its TimezoneService).
 */
function parse(ics: string): Parsed[] {
  ICAL.TimezoneService.reset();
  const cal = new ICAL.Component(ICAL.parse(ics));
  for (const vtz of cal.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  return cal.getAllSubcomponents("vevent").map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      description: e.description ?? null,
      location: e.location ?? null,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      startZone: e.startDate.zone?.tzid ?? "",
    };
  });
}

function iso(utc: string): string {
  return DateTime.fromISO(utc, { zone: "utc" }).toISO() as string;
}

function ics(events: CalendarEvent[], calendarName = "Caravan itinerary itn_demo"): string {
  return buildIcs({ calendarName, events, now: NOW });
}

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

describe("text and lines", () => {
  const tricky = 'Pickup, gate 3; bring "docs" \\ passport\nSecond line\r\nThird';
  const longDescription =
    "Аортокоронарное шунтирование: госпитализация в 08:00 по пекинскому времени, при себе паспорт, выписки и снимки. " +
    "冠状动脉旁路移植术：请于北京时间08:00到院办理住院手续，携带护照、病历和影像资料。" +
    "Жолдасыңыз қонақүйде қалады 🏨 — Hoi Tak Hotel, 1 Dongfeng Road; 乌鲁木齐。";

  const text = buildIcs({
    prodId: "-//Caravan//Test//EN",
    calendarName: "Trip; Almaty, Urumqi",
    now: NOW,
    events: [
      {
        uid: "esc@caravan",
        summary: tricky,
        description: longDescription,
        location: "Urumqi, Tianshan; \\ District",
        start: "2026-11-21T00:00:00Z",
        zone: "Asia/Shanghai",
      },
    ],
  });

  it("escapes TEXT and reads it back identical", () => {
    expect(escapeText(tricky)).toBe('Pickup\\, gate 3\\; bring "docs" \\\\ passport\\nSecond line\\nThird');
    const [e] = parse(text);
    expect(e!.summary).toBe(tricky.replace(/\r\n/g, "\n"));
    expect(e!.location).toBe("Urumqi, Tianshan; \\ District");
    expect(e!.description).toBe(longDescription);
  });

  it("folds at 75 octets without splitting a UTF-8 sequence, and unfolds to the same text", () => {
    const bytes = new TextEncoder().encode(text);
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const physical: string[] = [];
    let from = 0;
    for (let i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
        const line = bytes.subarray(from, i);
        expect(line.length).toBeLessThanOrEqual(75);
        physical.push(decoder.decode(line)); // throws on a split multi-byte character
        from = i + 2;
      }
    }
    expect(from).toBe(bytes.length); // the text ends with CRLF
    const continuations = physical.filter((l) => l.startsWith(" "));
    expect(continuations.length).toBeGreaterThanOrEqual(4);
    // Some folded lines are exactly full: the limit is reached, not merely approached.
    expect(physical.some((l) => new TextEncoder().encode(l).length >= 73)).toBe(true);

    const unfolded = text.replace(/\r\n /g, "");
    const description = unfolded.split("\r\n").find((l) => l.startsWith("DESCRIPTION:"));
    expect(description).toBe(`DESCRIPTION:${escapeText(longDescription)}`);
  });

  it.each([
    ["a".repeat(75), ["a".repeat(75)]],
    ["a".repeat(76), ["a".repeat(75), ` a`]],
    ["a".repeat(74) + "ж", ["a".repeat(74), " ж"]],
    ["a".repeat(73) + "ж", ["a".repeat(73) + "ж"]],
    ["a".repeat(73) + "🏨", ["a".repeat(73), " 🏨"]],
    ["a".repeat(71) + "🏨", ["a".repeat(71) + "🏨"]],
  ])("foldLine(%j)", (line, parts) => {
    expect(foldLine(line).split("\r\n")).toEqual(parts);
  });

  it("uses CRLF only, and the calendar's name, PRODID, DTSTAMP and a 30-minute default end", () => {
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const lines = text.split("\r\n");
    expect(lines.slice(0, 2)).toEqual(["BEGIN:VCALENDAR", "VERSION:2.0"]);
    expect(lines).toContain("PRODID:-//Caravan//Test//EN");
    expect(lines).toContain("X-WR-CALNAME:Trip\\; Almaty\\, Urumqi");
    expect(lines).toContain("DTSTAMP:20261101T091500Z");
    expect(lines).toContain("DTSTART;TZID=Asia/Shanghai:20261121T080000");
    expect(lines).toContain("DTEND;TZID=Asia/Shanghai:20261121T083000");
    const [e] = parse(text);
    expect(e!.end).toBe(iso("2026-11-21T00:30:00Z"));
  });

  it("writes a valid empty calendar", () => {
    const empty = buildIcs({ calendarName: "Nothing yet", events: [], now: NOW });
    expect(empty).not.toContain("VTIMEZONE");
    expect(parse(empty)).toEqual([]);
    expect(buildIcs({ calendarName: "x", events: [], now: NOW })).toContain(
      "PRODID:-//Caravan//Itinerary Calendar//EN\r\n",
    );
  });

  it("rejects an unknown zone and an end before the start", () => {
    expect(() => ics([{ uid: "z", summary: "x", start: "2026-11-21T00:00:00Z", zone: "Asia/Nowhere" }])).toThrow(
      /IANA/,
    );
    expect(() =>
      ics([
        { uid: "z", summary: "x", start: "2026-11-21T00:00:00Z", end: "2026-11-20T00:00:00Z", zone: "Asia/Shanghai" },
      ]),
    ).toThrow(/ends before/);
  });
});

describe("offsetTransitions", () => {
  const ms = (s: string) => DateTime.fromISO(s, { zone: "utc" }).toMillis();
  it.each([
    [
      "Europe/Berlin",
      "2027-01-01",
      "2028-01-01",
      [
        ["2027-03-28T01:00:00.000Z", 60, 120],
        ["2027-10-31T01:00:00.000Z", 120, 60],
      ],
    ],
    ["Asia/Almaty", "2024-01-01", "2025-01-01", [["2024-02-29T18:00:00.000Z", 360, 300]]],
    ["Asia/Shanghai", "2025-01-01", "2028-01-01", []],
    ["Asia/Urumqi", "2025-01-01", "2028-01-01", []],
    [
      "Australia/Lord_Howe",
      "2027-01-01",
      "2028-01-01",
      [
        ["2027-04-03T15:00:00.000Z", 660, 630],
        ["2027-10-02T15:30:00.000Z", 630, 660],
      ],
    ],
  ] as const)("%s from %s to %s", (zone, from, to, expected) => {
    const found = offsetTransitions(zone, ms(from), ms(to)).map((t) => [
      DateTime.fromMillis(t.at, { zone: "utc" }).toISO(),
      t.from,
      t.to,
    ]);
    expect(found).toEqual(expected);
  });
});

describe("SEQUENCE and an end in another zone", () => {
  const flight: CalendarEvent = {
    uid: "f@x",
    summary: "Flight KC871",
    start: "2026-12-05T03:40:00Z",
    end: "2026-12-05T05:25:00Z",
    zone: "Asia/Almaty",
    endZone: "Asia/Shanghai",
    sequence: 3,
  };

  it("writes SEQUENCE (0 by default) and DTEND in the end's zone, with a VTIMEZONE for each", () => {
    const text = buildIcs({
      calendarName: "c",
      now: NOW,
      events: [flight, { uid: "t@x", summary: "Tour", start: "2026-12-20T02:00:00Z", zone: "Asia/Shanghai" }],
    });
    expect(text).toContain("DTSTART;TZID=Asia/Almaty:20261205T084000\r\n");
    expect(text).toContain("DTEND;TZID=Asia/Shanghai:20261205T132500\r\n");
    expect(text).toContain("BEGIN:VTIMEZONE\r\nTZID:Asia/Almaty");
    expect(text).toContain("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai");
    const cal = new ICAL.Component(ICAL.parse(text));
    for (const tz of cal.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
    const [f, t] = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect([f!.sequence, t!.sequence]).toEqual([3, 0]);
    expect([f!.startDate.toJSDate().toISOString(), f!.endDate.toJSDate().toISOString()]).toEqual([
      "2026-12-05T03:40:00.000Z",
      "2026-12-05T05:25:00.000Z",
    ]);
  });

  it.each([-1, 1.5, 2 ** 31])("refuses SEQUENCE %s", (sequence) => {
    expect(() => buildIcs({ calendarName: "c", now: NOW, events: [{ ...flight, sequence }] })).toThrow(/SEQUENCE/);
  });

  it("refuses an end zone that is not an IANA zone", () => {
    expect(() => buildIcs({ calendarName: "c", now: NOW, events: [{ ...flight, endZone: "Mars/Olympus" }] })).toThrow(
      /IANA/,
    );
  });
});
