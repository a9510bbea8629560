/**
 * Calendar event summaries in the patient's language (en, ru, zh, kk; English otherwise). Pure.
 * Names of places, hotels and tours are shown as the catalog gives them.
 */

export type CalendarSubject =
  | { kind: "consultation"; mode: "video" | "in_person"; hospital: string }
  | { kind: "admission"; hospital: string }
  | { kind: "discharge"; hospital: string }
  | { kind: "flight"; flightNumber: string; from: string; to: string }
  | { kind: "transfer"; direction: "arrival" | "departure"; airport: string }
  | { kind: "check_in"; hotel: string }
  | { kind: "check_out"; hotel: string }
  | { kind: "tour"; title: string };

type Phrases = { [K in CalendarSubject["kind"]]: (s: Extract<CalendarSubject, { kind: K }>) => string };

const SUMMARIES: Record<"en" | "ru" | "zh" | "kk", Phrases> = {
  en: {
    consultation: (s) => `${s.mode === "video" ? "Video consultation" : "Consultation"} with ${s.hospital}`,
    admission: (s) => `Admission to ${s.hospital}`,
    discharge: (s) => `Discharge from ${s.hospital}`,
    flight: (s) => `Flight ${s.flightNumber}: ${s.from} → ${s.to}`,
    transfer: (s) =>
      s.direction === "arrival" ? `Airport pickup at ${s.airport}` : `Transfer to ${s.airport} airport`,
    check_in: (s) => `Check in at ${s.hotel}`,
    check_out: (s) => `Check out of ${s.hotel}`,
    tour: (s) => `Tour: ${s.title}`,
  },
  ru: {
    consultation: (s) => `${s.mode === "video" ? "Видеоконсультация" : "Консультация"}: ${s.hospital}`,
    admission: (s) => `Госпитализация: ${s.hospital}`,
    discharge: (s) => `Выписка: ${s.hospital}`,
    flight: (s) => `Рейс ${s.flightNumber}: ${s.from} → ${s.to}`,
    transfer: (s) =>
      s.direction === "arrival" ? `Встреча в аэропорту: ${s.airport}` : `Трансфер в аэропорт: ${s.airport}`,
    check_in: (s) => `Заселение: ${s.hotel}`,
    check_out: (s) => `Выезд из отеля: ${s.hotel}`,
    tour: (s) => `Экскурсия: ${s.title}`,
  },
  zh: {
    consultation: (s) => `${s.mode === "video" ? "视频问诊" : "门诊问诊"}：${s.hospital}`,
    admission: (s) => `入院：${s.hospital}`,
    discharge: (s) => `出院：${s.hospital}`,
    flight: (s) => `航班 ${s.flightNumber}：${s.from} → ${s.to}`,
    transfer: (s) => (s.direction === "arrival" ? `机场接机：${s.airport}` : `送机：${s.airport}`),
    check_in: (s) => `酒店入住：${s.hotel}`,
    check_out: (s) => `酒店退房：${s.hotel}`,
    tour: (s) => `旅游：${s.title}`,
  },
  kk: {
    consultation: (s) => `${s.mode === "video" ? "Бейнеконсультация" : "Консультация"}: ${s.hospital}`,
    admission: (s) => `Ауруханаға жатқызу: ${s.hospital}`,
    discharge: (s) => `Ауруханадан шығу: ${s.hospital}`,
    flight: (s) => `Рейс ${s.flightNumber}: ${s.from} → ${s.to}`,
    transfer: (s) =>
      s.direction === "arrival" ? `Әуежайда қарсы алу: ${s.airport}` : `Әуежайға трансфер: ${s.airport}`,
    check_in: (s) => `Қонақүйге орналасу: ${s.hotel}`,
    check_out: (s) => `Қонақүйден шығу: ${s.hotel}`,
    tour: (s) => `Экскурсия: ${s.title}`,
  },
};

export const CALENDAR_LANGUAGES = Object.keys(SUMMARIES) as (keyof typeof SUMMARIES)[];

/** The summary of an event in `language` (a BCP 47 tag; its primary subtag is used), English when there is none. */
export function calendarSummary(subject: CalendarSubject, language: string): string {
  const primary = language.toLowerCase().split(/[-_]/)[0] as keyof typeof SUMMARIES;
  const phrases = SUMMARIES[primary] ?? SUMMARIES.en;
  return (phrases[subject.kind] as (s: CalendarSubject) => string)(subject);
}
