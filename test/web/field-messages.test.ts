import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CurrencyCode, IanaZone, IsoDate, IsoInstant, LanguageCode } from "../../src/services/schemas";
import { localizeFieldMessage } from "../../src/web/i18n/field-messages";
import { LOCALES, translator } from "../../src/web/i18n/index";
import { fieldMessages } from "../../src/web/ui/form";

/** The message a real schema gives for a bad value: the services' own words, not copies of them. */
const messageOf = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error!.issues[0]!.message;

const CASES: Array<[string, string, string]> = [
  ["a missing value", messageOf(z.object({ name: z.string() }), {}), "field.required"],
  ["too short", messageOf(z.string().min(2), "a"), "field.tooShort"],
  ["too long", messageOf(z.string().max(2), "abc"), "field.tooLong"],
  ["below the minimum", messageOf(z.number().min(1), 0), "field.min"],
  ["above the maximum", messageOf(z.number().max(3), 9), "field.max"],
  ["not a whole number", messageOf(z.number().int(), 1.5), "field.whole"],
  ["not a number", messageOf(z.coerce.number(), "abc"), "field.number"],
  ["not an email", messageOf(z.email(), "x"), "field.email"],
  ["not an option", messageOf(z.enum(["a", "b"]), "c"), "field.choice"],
  ["not a date", messageOf(IsoDate, "12/01/2026"), "field.date"],
  ["no such date", messageOf(IsoDate, "2026-02-30"), "field.realDate"],
  ["outside the window", messageOf(IsoDate, "1800-01-01"), "field.between"],
  ["not a currency", messageOf(CurrencyCode, "yuan"), "field.currency"],
  ["not a language", messageOf(LanguageCode, "Russian!"), "field.language"],
  ["not a zone", messageOf(IanaZone, "Mars/Base"), "field.zone"],
  ["not an instant", messageOf(IsoInstant, "tomorrow"), "field.instant"],
];

describe.each(LOCALES)("service field messages in %s", (locale) => {
  const t = translator(locale);
  it.each(CASES)("%s reads as the catalog's words", (_what, message, key) => {
    const shown = localizeFieldMessage(t, message);
    expect(shown).not.toBe(message);
    expect(shown).not.toMatch(/\{\w+\}/);
    const bare = t(key as Parameters<typeof t>[0])
      .replace(/\{\w+\}.*$/, "")
      .trim();
    expect(shown.startsWith(bare.slice(0, 4))).toBe(true);
  });

  it("keeps a message it does not know as the service wrote it", () => {
    expect(localizeFieldMessage(t, "No department 'dentistry' at this hospital.")).toBe(
      "No department 'dentistry' at this hospital.",
    );
  });
});

describe("fieldMessages", () => {
  it("names fields without the transport's prefix and translates with the page's translator", () => {
    const errors = [
      { path: "body.travelers.0.fullName", message: messageOf(z.object({ a: z.string() }), {}) },
      { path: "query.date", message: messageOf(IsoDate, "2026-02-30") },
    ];
    expect(fieldMessages(errors, translator("ru"))).toEqual({
      "travelers.0.fullName": "Заполните это поле: оно обязательно",
      date: "Такой даты нет в календаре",
    });
    expect(fieldMessages(errors)["date"]).toBe("not a real calendar date");
  });
});
