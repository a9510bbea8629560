/**
 * The hospital console as one product, in a real browser: the admin signs in with the demo's one click,
 * opens /hospital, picks a hospital and visits every section of the console's nav once. Each page: axe-core
 * clean, no console error, no request to another host, screenshots at 375 and 1280 px, the section marked.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertClean, launchBrowser, openPage, startWebApp, type WebApp } from "./harness";
import { checkPage, journeyOf, navigate } from "./journey";

const H = "hsp_xjph";
const SECTIONS = ["tariffs", "parity", "invoice-check", "price-file", "consultations"];
let app: WebApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startWebApp(), launchBrowser()]);
  // The demo's one-click sign-in, as `npm start` turns it on over the demo data (src/entry/node.ts).
  app.deps.config.demoSignIn = true;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("the admin walks the hospital console", () => {
  it("signs in (demo), picks a hospital, visits every nav section once", async () => {
    const rec = await openPage(browser, { appUrl: app.url, locale: "en-US", width: 1280 });
    const j = journeyOf(app, rec, "en");
    try {
      await rec.page.goto(`${app.url}/hospital`);
      expect(new URL(rec.page.url()).pathname).toBe("/sign-in");
      const demo = j.t("auth.demo.as", { name: "Caravan Operations" });
      await navigate(j, () => rec.page.getByRole("button", { name: demo }).click(), /\/hospital$/);
      await checkPage(j, "console-pick");
      assertClean(rec);

      await navigate(j, () => rec.page.locator(`a[href="/hospital/${H}/tariffs"]`).first().click(), /tariffs$/);
      const nav = rec.page.locator("nav.console-nav");
      const links = await nav
        .locator(`a[href^="/hospital/${H}/"]`)
        .evaluateAll((as) => as.map((a) => (a as unknown as { getAttribute(n: string): string }).getAttribute("href")));
      expect(links).toEqual(SECTIONS.map((s) => `/hospital/${H}/${s}`));
      for (const s of SECTIONS) {
        const href = `/hospital/${H}/${s}`;
        await navigate(j, () => nav.locator(`a[href="${href}"]`).click(), new RegExp(`${href}$`));
        await expect(nav.locator('[aria-current="page"]').getAttribute("href")).resolves.toBe(href);
        await checkPage(j, `console-${s}`);
        assertClean(rec);
      }
    } finally {
      await rec.close();
    }
  }, 120_000);
});
