/**
 * The patient's side of a change offer in a real browser, in English and in Russian: the trip's
 * banner, the offer page, Accept, paying the difference by card on the local Stripe page, the
 * history. Fails on any console error and any request to another host; axe-core on every page.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Locale } from "../../../src/web/i18n/index";
import { launchBrowser, openPage, signInBrowser, startWebApp, type WebApp } from "./harness";
import { journeyOf } from "./journey";
import {
  agentOffersLaterReturn,
  confirmedTripOverApi,
  historyShowsOffer,
  patientAccepts,
  patientPaysDifference,
} from "./steps-offers";

let app: WebApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startWebApp({ stripe: true }), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe.concurrent.each([
  ["en", "en-US"],
  ["ru", "ru-RU"],
] as [Locale, string][])("a change offer in %s", (lang, locale) => {
  it("the patient accepts it and pays the difference", async () => {
    const rec = await openPage(browser, { appUrl: app.url, locale, width: 1280 });
    const j = journeyOf(app, rec, lang);
    try {
      await confirmedTripOverApi(j);
      await agentOffersLaterReturn(j);
      await signInBrowser(rec, app, j.ids.userId!);
      await patientAccepts(j);
      await patientPaysDifference(j);
      await historyShowsOffer(j);
    } finally {
      await rec.close();
    }
  }, 120_000);
});
