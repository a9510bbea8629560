import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Itinerary, ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { cardiacPatient, demoComponents, H, lowTourDeparture, ok } from "../helpers/itinerary-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";

/**
 * calendar.ics: UIDs stable per event (component and kind, not position), SEQUENCE rising only when
 * an event changes, flights lasting their flight time, summaries in the patient's language.
 * Read back with ical.js, an independent parser.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let n = 0;
async function journey() {
  const p = await cardiacPatient(t, `calendar${++n}@example.kz`);
  const components = demoComponents(p.consultationId, n % 6);
  (components[7] as { departureId: string }).departureId = await lowTourDeparture(t, "2026-12-20");
  const itn = ItinerarySchema.parse(
    await ok(
      await t.call("POST", "/v1/itineraries", {
        token: p.token,
        body: {
          quoteId: p.quote.id,
          travelers: [
            { fullName: "Dana Bekova", role: "patient" },
            { fullName: "Aigerim Bekova", role: "companion", languages: ["ru", "kk"] },
          ],
          components,
        },
      }),
      201,
    ),
  );
  return { token: p.token, patientId: p.patientId, itn };
}

type Ev = { uid: string; sequence: number; summary: string; start: string; end: string };
async function calendar(id: string, token: string): Promise<Map<string, Ev>> {
  const res = await t.call("GET", `/v1/itineraries/${id}/calendar.ics`, { token });
  expect(res.status).toBe(200);
  const cal = new ICAL.Component(ICAL.parse(await res.text()));
  for (const tz of cal.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  const events = cal.getAllSubcomponents("vevent").map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      sequence: e.sequence,
      summary: e.summary,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
    };
  });
  const byUid = new Map(events.map((e) => [e.uid, e]));
  expect(byUid.size, "UIDs are unique").toBe(events.length);
  return byUid;
}

const ifMatch = (itn: { version: number }) => ({ "If-Match": `"${itn.version}"` });
const uidOf = (itn: Itinerary, componentId: string, kind: string) => `${itn.id}-${componentId}-${kind}@caravan`;

describe("calendar.ics across changes", () => {
  it(
    "flights last from departure to arrival; adding a tour keeps every other event's " +
      "UID and SEQUENCE; a changed stay's event gets SEQUENCE 1",
    async () => {
      const { token, itn } = await journey();
      const first = await calendar(itn.id, token);
      expect(first.size).toBe(itn.timeline.filter((e) => e.type !== "flight_arrival").length);
      expect([...first.values()].map((e) => e.sequence)).toEqual([...first.values()].map(() => 0));

      // Each flight is one event from its departure to its arrival instant.
      for (const f of itn.components.filter((c) => c.type === "flight")) {
        const dep = itn.timeline.find((e) => e.componentId === f.id && e.type === "flight_departure")!;
        const arr = itn.timeline.find((e) => e.componentId === f.id && e.type === "flight_arrival")!;
        const ev = first.get(uidOf(itn, f.id, "flight"))!;
        expect({ start: ev.start, end: ev.end }).toEqual({
          start: new Date(dep.start.utc).toISOString(),
          end: new Date(arr.start.utc).toISOString(),
        });
        expect(Date.parse(ev.end) - Date.parse(ev.start)).toBeGreaterThan(60 * 60_000);
      }
      // Served again unchanged: the same events, the same SEQUENCE.
      expect(await calendar(itn.id, token)).toEqual(first);

      // A second tour: a new event; the others keep UID, SEQUENCE and times.
      const tour21 = await lowTourDeparture(t, "2026-12-21");
      const withTour = ItinerarySchema.parse(
        await ok(
          await t.call("POST", `/v1/itineraries/${itn.id}/components`, {
            token,
            headers: ifMatch(itn),
            body: { type: "tour", departureId: tour21 },
          }),
        ),
      );
      const added = withTour.components.find((c) => !itn.components.some((o) => o.id === c.id))!;
      const second = await calendar(itn.id, token);
      expect(second.size).toBe(first.size + 1);
      for (const [uid, e] of first) expect(second.get(uid)).toEqual(e);
      expect(second.get(uidOf(itn, added.id, "tour"))).toMatchObject({ sequence: 0 });

      // The first stay now starts a day later: its check-in changes (SEQUENCE 1), its check-out does not.
      const stay = withTour.components.find((c) => c.type === "lodging")!;
      await ok(
        await t.call("PUT", `/v1/itineraries/${itn.id}/components/${stay.id}`, {
          token,
          headers: ifMatch(withTour),
          body: { type: "lodging", roomTypeId: "rmt_urc_yindu_std", checkIn: "2026-12-06", checkOut: "2026-12-07" },
        }),
      );
      // Read by several clients at once: the change counts once.
      const thirds = await Promise.all(Array.from({ length: 4 }, () => calendar(itn.id, token)));
      const third = thirds[0]!;
      for (const other of thirds) expect(other).toEqual(third);
      const checkIn = uidOf(itn, stay.id, "check_in");
      expect(third.get(checkIn)!.sequence).toBe(1);
      expect(Date.parse(third.get(checkIn)!.start)).toBeGreaterThan(Date.parse(second.get(checkIn)!.start));
      for (const [uid, e] of second) if (uid !== checkIn) expect(third.get(uid)).toEqual(e);
      // And it stays 1 while nothing changes.
      expect(await calendar(itn.id, token)).toEqual(third);
    },
  );
});

describe("summaries in the patient's language", () => {
  let j: Awaited<ReturnType<typeof journey>>;
  let hospital: { name: string; name_local: string };
  beforeAll(async () => {
    j = await journey();
    hospital = await t.handle.db
      .selectFrom("hospitals")
      .select(["name", "name_local"])
      .where("id", "=", H)
      .executeTakeFirstOrThrow();
  });

  const cases = [
    {
      language: "en",
      flight: (f: string) => `Flight ${f}: `,
      admission: (h: typeof hospital) => `Admission to ${h.name}`,
      checkIn: "Check in at ",
    },
    {
      language: "ru",
      flight: (f: string) => `Рейс ${f}: `,
      admission: (h: typeof hospital) => `Госпитализация: ${h.name}`,
      checkIn: "Заселение: ",
    },
    {
      language: "zh",
      flight: (f: string) => `航班 ${f}：`,
      admission: (h: typeof hospital) => `入院：${h.name_local}`,
      checkIn: "酒店入住：",
    },
    {
      language: "kk",
      flight: (f: string) => `Рейс ${f}: `,
      admission: (h: typeof hospital) => `Ауруханаға жатқызу: ${h.name}`,
      checkIn: "Қонақүйге орналасу: ",
    },
    {
      language: "de",
      flight: (f: string) => `Flight ${f}: `,
      admission: (h: typeof hospital) => `Admission to ${h.name}`,
      checkIn: "Check in at ",
    },
  ];
  it.each(cases)("$language", async ({ language, flight, admission, checkIn }) => {
    await t.handle.db.updateTable("patients").set({ language }).where("id", "=", j.patientId).execute();
    const events = await calendar(j.itn.id, j.token);
    const of = (type: string) =>
      j.itn.timeline
        .filter((e) => e.type === type)
        .map((e) => events.get(uidOf(j.itn, e.componentId, type === "flight_departure" ? "flight" : type))!.summary);
    // Each flight's summary starts with its own number (the timeline's title starts with it).
    const numbers = j.itn.timeline.filter((e) => e.type === "flight_departure").map((e) => e.title.split(" ")[0]!);
    expect(numbers).toHaveLength(2);
    of("flight_departure").forEach((s, i) => expect(s.startsWith(flight(numbers[i]!)), s).toBe(true));
    expect(of("admission")).toEqual([admission(hospital)]);
    for (const s of of("check_in")) expect(s.startsWith(checkIn), s).toBe(true);
  });
});
