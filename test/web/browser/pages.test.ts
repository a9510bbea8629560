/**
 * Every page in a real browser, in English and in Russian: clean console, no request to another
 * host, no serious or critical axe-core violation, at most 100 kB of HTML + CSS + JS, screenshots at
 * 375 px and 1280 px, and the keyboard reaches the first form field with a visible focus.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { clearRecords, launchBrowser, openPage, type RecordedPage, startWebApp, type WebApp } from "./harness";
import { checkPageCase, type PageCase } from "./page-checks";

const PAGES: PageCase[] = [
  { name: "home", path: "/", status: 200 },
  { name: "find-care", path: "/?city=Urumqi&department=cardiac_surgery", status: 200 },
  { name: "hospital", path: "/hospitals/hsp_xjph", status: 200 },
  { name: "prices", path: "/hospitals/hsp_xjph/prices", status: 200 },
  { name: "verify", path: "/verify", status: 200 },
  {
    name: "not-found",
    path: "/no-such-page",
    status: 404,
    expectedConsole: [/\/no-such-page: Failed to load resource: the server responded with a status of 404/],
  },
];

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
    await checkPageCase(rec, app, lang, p);
  });
});
