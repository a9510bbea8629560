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
import { ics, iso, NOW, parse } from "./ics-helpers";

/**
 * What buildIcs writes besides the instants: TEXT escaped and folded, the calendar's fixed fields,
 * SEQUENCE and an end in another zone; and the offset transitions it describes zones with.
 */

beforeEach(() => {
  ICAL.TimezoneService.reset();
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
