import { describe, expect, it } from "vitest";
import { formatters } from "../../src/web/i18n/format";
import { CATALOGS, fromAcceptLanguage, LOCALES, translator } from "../../src/web/i18n/index";

describe("message catalogs", () => {
  const english = Object.keys(CATALOGS.en).sort();
  it.each(LOCALES.filter((l) => l !== "en"))("%s has exactly English's keys, none empty", (locale) => {
    const keys = Object.keys(CATALOGS[locale]).sort();
    expect(keys.filter((k) => !english.includes(k))).toEqual([]);
    expect(english.filter((k) => !keys.includes(k))).toEqual([]);
    expect(Object.entries(CATALOGS[locale]).filter(([, v]) => v.trim() === "")).toEqual([]);
  });

  it.each(LOCALES)("%s keeps every placeholder English uses", (locale) => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(CATALOGS.en)) {
      expect([key, names(CATALOGS[locale][key as keyof typeof CATALOGS.en])]).toEqual([key, names(text)]);
    }
  });

  it("fills placeholders", () => {
    expect(translator("ru")("nav.signedInAs", { name: "Анар" })).toBe("Вы вошли как Анар");
  });
});

describe("Accept-Language", () => {
  it.each([
    ["ru-RU,ru;q=0.9,en;q=0.8", "ru"],
    ["de-DE,de;q=0.9,zh-CN;q=0.5", "zh"],
    ["kk, ru;q=0.9", "kk"],
    ["en;q=0.1, ru;q=0.5", "ru"],
    ["fr", null],
    ["ru;q=0", null],
    [undefined, null],
  ])("%s → %s", (header, locale) => {
    expect(fromAcceptLanguage(header)).toBe(locale);
  });
});

describe("formatters", () => {
  it.each([
    ["en", 123450, "CNY", "CN¥1,234.50"],
    ["en", 5000, "JPY", "JP¥5,000"],
    ["ru", 123450, "KZT", "1 234,50 KZT"],
  ] as const)("%s money %d %s", (locale, amount, currency, text) => {
    expect(formatters(locale).money(amount, currency).replace(/\s/g, " ")).toBe(text.replace(/\s/g, " "));
  });

  it("shows a time in the place's zone with its name", () => {
    const f = formatters("en");
    expect(f.time("2027-03-09T01:40:00Z", "Asia/Urumqi")).toBe("07:40 Urumqi");
    expect(f.time("2027-03-09T01:40:00Z", "Asia/Almaty")).toBe("06:40 Almaty");
  });
});
