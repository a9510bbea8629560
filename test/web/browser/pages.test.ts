/**
 * Every page in a real browser, in English and in Russian: clean console, no request to another
 * host, no serious or critical axe-core violation, at most 100 kB of HTML + CSS + JS, screenshots at
 * 375 px and 1280 px, and the keyboard reaches the first form field with a visible focus.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertClean,
  checkA11y,
  clearRecords,
  focusIsVisible,
  launchBrowser,
  openPage,
  PAGE_WEIGHT_LIMIT,
  pageWeight,
  screenshot,
  startWebApp,
  type RecordedPage,
  tabTo,
  type WebApp,
} from "./harness";

interface PageCase {
  name: string;
  path: string;
  status: number;
  /** Console messages the browser itself writes for this page (a 404 document logs one). */
  expectedConsole?: RegExp[];
}

const PAGES: PageCase[] = [
  { name: "home", path: "/", status: 200 },
  {
    name: "not-found",
    path: "/no-such-page",
    status: 404,
    expectedConsole: [/\/no-such-page: Failed to load resource: the server responded with a status of 404/],
  },
];

/** The first field a person fills in: in the page's main part if it has one, else the header's. */
const FIELD = ":is(input:not([type=hidden]), select, textarea)";

let app: WebApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startWebApp(), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe.each([
  ["en", "en-US"],
  ["ru", "ru-RU"],
])("pages in %s", (lang, locale) => {
  // One page per language, reused: each check starts from a clean record.
  let rec: RecordedPage;
  beforeAll(async () => {
    rec = await openPage(browser, { appUrl: app.url, locale });
  });
  afterAll(() => rec?.close());

  it.each(PAGES)("$name ($path)", async (p) => {
    clearRecords(rec);
    const { page } = rec;
    const res = await page.goto(`${app.url}${p.path}`, { waitUntil: "load" });
    expect(res?.status()).toBe(p.status);
    expect(await page.getAttribute("html", "lang")).toBe(lang);
    expect(await page.title()).not.toBe("");

    await checkA11y(page);
    const weight = await pageWeight(page);
    expect(weight.html).toBeGreaterThan(0);
    expect(weight.total).toBeLessThanOrEqual(PAGE_WEIGHT_LIMIT);

    const inMain = (await page.locator(`main ${FIELD}`).count()) > 0;
    const presses = await tabTo(page, inMain ? `main ${FIELD}` : FIELD);
    expect(presses, "Tab never reached the first form field").toBeGreaterThan(0);
    expect(await focusIsVisible(page), "the focused field shows no focus").toBe(true);

    await screenshot(page, `page-${p.name}-${lang}`);
    assertClean(rec, p.expectedConsole);
  });
});
