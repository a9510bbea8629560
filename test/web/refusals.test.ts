/**
 * Business refusals inside forms and on error pages speak the page's language (src/web/refusals.tsx and
 * the field rules of src/web/i18n/field-messages.ts); a code no page knows shows the service's words marked English.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOGS, LOCALES, type MessageKey, translator } from "../../src/web/i18n/index";
import { refusalKey, refusalText } from "../../src/web/refusals";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { browser, form } from "./care-helpers";
import { completeDraft, pagesAs, patientWithQuote } from "./trips-helpers";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const CODES = [
  "invalid_state",
  "concurrent_change",
  "sold_out",
  "change-offer-required",
  "slot_taken",
  "quote_expired",
  "hold_window_passed",
  "timeline_invalid",
  "email_taken",
];
const english = "A held itinerary cannot be held again.";

describe.each(LOCALES.filter((l) => l !== "en"))("refusalText in %s", (locale) => {
  const web = { t: translator(locale), locale };
  it.each(CODES)("%s: the page's own words, not the service's English", (code) => {
    const key = refusalKey(code) as MessageKey;
    expect(key).toBeDefined();
    const shown = refusalText(web, { code, message: english });
    expect(shown).toBe(CATALOGS[locale][key]);
    expect(shown).not.toBe(CATALOGS.en[key]);
  });
  it("an unknown code: the service's words, marked English", () => {
    const shown = String(refusalText(web, { code: "something_new", message: english }));
    expect(shown).toBe(`<span lang="en">${english}</span>`);
  });
});

describe("refusalText in English", () => {
  it("an unknown code: the service's words, unmarked", () => {
    const web = { t: translator("en"), locale: "en" };
    expect(String(refusalText(web, { code: "something_new", message: english }))).toBe(english);
  });
});

const request = {
  department: "dentistry",
  mode: "video",
  slot: "",
  complaint: "Toothache",
  language: "ru",
  _action: "request",
};
const NO_DENTISTRY = {
  en: "This hospital has no department “dentistry”",
  ru: "В этой больнице нет отделения «dentistry»",
  zh: "该医院没有“dentistry”科室",
  kk: "Бұл ауруханада «dentistry» бөлімшесі жоқ",
} as const;

describe.each(LOCALES)("the consultation form in %s", (locale) => {
  it("an unknown department is refused beside the field in the page's language, the value named", async () => {
    const anar = await browser(t, "anar", locale);
    const res = await anar.request("/consultations/new?hospital=hsp_xjph", form(request));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`id="f-department-error">${NO_DENTISTRY[locale]}`);
    expect(html).not.toContain("no department &#39;dentistry&#39;");
  });
});

describe.each(LOCALES)("a trip's refused hold in %s", (locale) => {
  it("holding a held trip again says why in the page's language (409, beside the hold)", async () => {
    const patient = await patientWithQuote(t);
    const web = pagesAs(t);
    await web.signIn(patient.token);
    const draft = await completeDraft(
      t,
      patient.token,
      patient.quote.id,
      patient.consultationId,
      LOCALES.indexOf(locale) + 1,
    );
    expect((await web.post(`/trips/${draft.id}/hold`, { version: String(draft.version) })).status).toBe(303);
    const version = String(draft.version + 1);
    const again = await web.post(`/trips/${draft.id}/hold`, { version }, locale);
    expect(again.status).toBe(409);
    const html = await again.text();
    expect(html).toContain(CATALOGS[locale]["refusal.invalid_state"]);
    expect(html).not.toContain("cannot be held again");
  });
});
