import { describe, expect, it } from "vitest";
import { CALENDAR_LANGUAGES, type CalendarSubject, calendarSummary } from "../../../src/domain/calendar/summaries";

const SUBJECTS: CalendarSubject[] = [
  { kind: "consultation", mode: "video", hospital: "H" },
  { kind: "consultation", mode: "in_person", hospital: "H" },
  { kind: "admission", hospital: "H" },
  { kind: "discharge", hospital: "H" },
  { kind: "flight", flightNumber: "KC871", from: "Almaty (ALA)", to: "Urumqi (URC)" },
  { kind: "transfer", direction: "arrival", airport: "Urumqi (URC)" },
  { kind: "transfer", direction: "departure", airport: "Urumqi (URC)" },
  { kind: "check_in", hotel: "Yindu" },
  { kind: "check_out", hotel: "Yindu" },
  { kind: "tour", title: "Grand Bazaar" },
];

describe.each(CALENDAR_LANGUAGES)("summaries in %s", (language) => {
  it("name every kind of event distinctly, with its place or name in it", () => {
    const summaries = SUBJECTS.map((s) => calendarSummary(s, language));
    expect(new Set(summaries).size).toBe(SUBJECTS.length);
    SUBJECTS.forEach((s, i) => {
      const name =
        "hospital" in s
          ? s.hospital
          : "hotel" in s
            ? s.hotel
            : "airport" in s
              ? s.airport
              : "title" in s
                ? s.title
                : s.flightNumber;
      expect(summaries[i]).toContain(name);
    });
    if (language !== "en") SUBJECTS.forEach((s, i) => expect(summaries[i]).not.toBe(calendarSummary(s, "en")));
  });
});

describe("language tags", () => {
  it("uses the primary subtag and falls back to English", () => {
    const flight = SUBJECTS[4]!;
    expect(calendarSummary(flight, "zh-Hans-CN")).toBe(calendarSummary(flight, "zh"));
    expect(calendarSummary(flight, "RU")).toBe(calendarSummary(flight, "ru"));
    expect(calendarSummary(flight, "de")).toBe(calendarSummary(flight, "en"));
  });
});
