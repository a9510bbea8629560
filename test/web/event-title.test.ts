/**
 * Timeline event titles in the page's language (src/web/trips/event-title.ts): every event kind in every
 * language, with its subject's names as the catalog has them and none of English's words.
 */
import { describe, expect, it } from "vitest";
import type { TimelineEventType } from "../../src/domain/timeline/types";
import { CATALOGS, type Locale, LOCALES, type MessageKey, translator } from "../../src/web/i18n/index";
import { EVENT_TYPES, eventPlace, eventTitle, type TripSubjects } from "../../src/web/trips/event-title";

const HOSPITAL = "Xinjiang Heart Centre";
const ALA = { code: "ALA", city: "Almaty", zone: "Asia/Almaty" };
const URC = { code: "URC", city: "Urumqi", zone: "Asia/Urumqi" };

const trip: TripSubjects = {
  hospital: { name: HOSPITAL },
  components: [
    { id: "cmp_in_person", type: "consultation", details: { mode: "in_person" } },
    { id: "cmp_video", type: "consultation", details: { mode: "video" } },
    { id: "cmp_treatment", type: "treatment", details: { inpatientNights: 7 } },
    { id: "cmp_flight", type: "flight", details: { flightNumber: "KC871", origin: ALA, destination: URC } },
    { id: "cmp_pickup", type: "transfer", details: { direction: "arrival", airport: URC } },
    { id: "cmp_dropoff", type: "transfer", details: { direction: "departure", airport: URC } },
    { id: "cmp_hotel", type: "lodging", details: { hotelName: "Yindu Hotel" } },
    { id: "cmp_tour", type: "tour", details: { title: "Grand Bazaar walk" } },
  ],
};

interface Case {
  componentId: string;
  /** The names the title must carry as they are. */
  names: string[];
  /** The title in en, ru, zh, kk. */
  titles: Record<Locale, string>;
}

/** One or more cases per event kind (a consultation by video or in person, a transfer either way). */
const CASES: Record<TimelineEventType, Case[]> = {
  consultation: [
    {
      componentId: "cmp_in_person",
      names: [HOSPITAL],
      titles: {
        en: `Consultation with ${HOSPITAL}`,
        ru: `Консультация: ${HOSPITAL}`,
        zh: `问诊：${HOSPITAL}`,
        kk: `Кеңес: ${HOSPITAL}`,
      },
    },
    {
      componentId: "cmp_video",
      names: [HOSPITAL],
      titles: {
        en: `Video consultation with ${HOSPITAL}`,
        ru: `Видеоконсультация: ${HOSPITAL}`,
        zh: `视频问诊：${HOSPITAL}`,
        kk: `Бейнебайланыс арқылы кеңес: ${HOSPITAL}`,
      },
    },
  ],
  flight_departure: [
    {
      componentId: "cmp_flight",
      names: ["KC871", "Almaty (ALA)", "Urumqi (URC)"],
      titles: {
        en: "KC871 departs Almaty (ALA) for Urumqi (URC)",
        ru: "Вылет рейса KC871: Almaty (ALA) → Urumqi (URC)",
        zh: "航班 KC871 从 Almaty (ALA) 起飞，飞往 Urumqi (URC)",
        kk: "KC871 рейсі ұшып шығады: Almaty (ALA) → Urumqi (URC)",
      },
    },
  ],
  flight_arrival: [
    {
      componentId: "cmp_flight",
      names: ["KC871", "Almaty (ALA)", "Urumqi (URC)"],
      titles: {
        en: "KC871 arrives at Urumqi (URC) from Almaty (ALA)",
        ru: "Прилёт рейса KC871: Almaty (ALA) → Urumqi (URC)",
        zh: "航班 KC871 从 Almaty (ALA) 抵达 Urumqi (URC)",
        kk: "KC871 рейсі ұшып келеді: Almaty (ALA) → Urumqi (URC)",
      },
    },
  ],
  transfer: [
    {
      componentId: "cmp_pickup",
      names: ["Urumqi (URC)"],
      titles: {
        en: "Airport pickup at Urumqi (URC)",
        ru: "Встреча в аэропорту Urumqi (URC)",
        zh: "机场接机：Urumqi (URC)",
        kk: "Urumqi (URC) әуежайында қарсы алу",
      },
    },
    {
      componentId: "cmp_dropoff",
      names: ["Urumqi (URC)"],
      titles: {
        en: "Transfer to Urumqi (URC) airport",
        ru: "Трансфер в аэропорт Urumqi (URC)",
        zh: "送机：前往 Urumqi (URC) 机场",
        kk: "Urumqi (URC) әуежайына жеткізу",
      },
    },
  ],
  check_in: [
    {
      componentId: "cmp_hotel",
      names: ["Yindu Hotel"],
      titles: {
        en: "Check in at Yindu Hotel",
        ru: "Заселение в гостиницу Yindu Hotel",
        zh: "酒店入住：Yindu Hotel",
        kk: "Қонақүйге орналасу: Yindu Hotel",
      },
    },
  ],
  check_out: [
    {
      componentId: "cmp_hotel",
      names: ["Yindu Hotel"],
      titles: {
        en: "Check out of Yindu Hotel",
        ru: "Выезд из гостиницы Yindu Hotel",
        zh: "酒店退房：Yindu Hotel",
        kk: "Қонақүйден шығу: Yindu Hotel",
      },
    },
  ],
  admission: [
    {
      componentId: "cmp_treatment",
      names: [HOSPITAL],
      titles: {
        en: `Admission to ${HOSPITAL}`,
        ru: `Госпитализация: ${HOSPITAL}`,
        zh: `入院：${HOSPITAL}`,
        kk: `Ауруханаға жатқызу: ${HOSPITAL}`,
      },
    },
  ],
  discharge: [
    {
      componentId: "cmp_treatment",
      names: [HOSPITAL],
      titles: {
        en: `Discharge from ${HOSPITAL}`,
        ru: `Выписка: ${HOSPITAL}`,
        zh: `出院：${HOSPITAL}`,
        kk: `Ауруханадан шығару: ${HOSPITAL}`,
      },
    },
  ],
  tour: [
    {
      componentId: "cmp_tour",
      names: ["Grand Bazaar walk"],
      titles: {
        en: "Tour: Grand Bazaar walk",
        ru: "Экскурсия: Grand Bazaar walk",
        zh: "游览：Grand Bazaar walk",
        kk: "Экскурсия: Grand Bazaar walk",
      },
    },
  ],
};

/** The English words of a kind's titles (names and placeholders left out), none of which another language keeps. */
function englishWords(c: Case): string[] {
  let text = c.titles.en;
  for (const name of c.names) text = text.replaceAll(name, " ");
  return text.split(/[^A-Za-z]+/).filter((w) => w.length >= 2);
}

const ROWS = (Object.entries(CASES) as [TimelineEventType, Case[]][]).flatMap(([type, cases]) =>
  cases.flatMap((c) => LOCALES.map((locale) => ({ type, locale, ...c }))),
);

it("the table covers every event kind in every language", () => {
  expect(Object.keys(CASES).sort()).toEqual([...EVENT_TYPES].sort());
  expect(new Set(ROWS.map((r) => `${r.type}/${r.locale}`)).size).toBe(EVENT_TYPES.length * LOCALES.length);
});

describe.each(ROWS)("a $type event ($componentId) in $locale", ({ type, locale, componentId, names, titles }) => {
  it("is titled in the page's language, with its subject's names as they are", () => {
    const title = eventTitle(translator(locale), { type, componentId }, trip);
    expect(title).toBe(titles[locale]);
    for (const name of names) expect(title).toContain(name);
  });
});

describe.each(ROWS.filter((r) => r.locale !== "en"))("a $type event ($componentId) in $locale", (row) => {
  it("keeps none of English's words", () => {
    let text = eventTitle(translator(row.locale), row, trip);
    for (const name of row.names) text = text.replaceAll(name, " ");
    const words = englishWords(row);
    expect(words.length).toBeGreaterThan(0);
    for (const w of words) expect(text.split(/[^A-Za-z]+/), w).not.toContain(w);
  });
});

describe.each(LOCALES)("in %s", (locale) => {
  const t = translator(locale);

  it("an event whose component the trip lacks is named by its kind", () => {
    for (const type of EVENT_TYPES) {
      const title = eventTitle(t, { type, componentId: "cmp_gone" }, trip);
      const subjectless = ["consultation", "admission", "discharge"].includes(type);
      // The hospital is the trip's own: those kinds keep their subject without the component.
      expect(title).toBe(
        subjectless
          ? t(`trips.event.title.${type}` as MessageKey, { hospital: HOSPITAL })
          : CATALOGS[locale][`trips.event.${type}` as MessageKey],
      );
    }
  });

  it("a video consultation is on a video call in the page's language; the title's place is not repeated", () => {
    const video = { type: "consultation", componentId: "cmp_video", location: "Video call" };
    expect(eventPlace(t, video, trip, eventTitle(t, video, trip))).toBe(CATALOGS[locale]["trips.event.videoCall"]);
    const departs = { type: "flight_departure", componentId: "cmp_flight", location: "Almaty (ALA)" };
    expect(eventPlace(t, departs, trip, eventTitle(t, departs, trip))).toBeNull();
    const hotel = { type: "check_in", componentId: "cmp_hotel", location: "Yindu Hotel, Urumqi" };
    expect(eventPlace(t, hotel, trip, eventTitle(t, hotel, trip))).toBe("Urumqi");
    const tour = { type: "tour", componentId: "cmp_tour", location: "Urumqi" };
    expect(eventPlace(t, tour, trip, eventTitle(t, tour, trip))).toBe("Urumqi");
  });
});
