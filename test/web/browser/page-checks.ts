/** The checks every page passes, shared by the page tests (public and signed-in). */
import { expect } from "vitest";
import {
  assertClean,
  checkA11y,
  focusIsVisible,
  PAGE_WEIGHT_LIMIT,
  pageWeight,
  type RecordedPage,
  screenshot,
  tabTo,
  type WebApp,
} from "./harness";

export interface PageCase {
  name: string;
  /** The address, or a function giving it once the test's data exists. */
  path: string | (() => string);
  status: number;
  /** Console messages the browser itself writes for this page (a 404 document logs one). */
  expectedConsole?: RegExp[];
}

/**
 * The first field a person can fill in: in the page's main part if it has one, else the header's
 * (a field in a closed <details> is not visible, so not yet reachable).
 */
const FIELD = ":is(input:not([type=hidden]), select, textarea):visible";

/**
 * Visits the page and checks: status, `<html lang>`, a title, no serious or critical axe-core
 * violation, ≤ 100 kB of HTML + CSS + JS, Tab reaches the first form field with a visible focus,
 * screenshots at 375 px and 1280 px, and a clean console and network.
 */
export async function checkPageCase(rec: RecordedPage, app: WebApp, lang: string, p: PageCase): Promise<void> {
  const { page } = rec;
  const path = typeof p.path === "function" ? p.path() : p.path;
  const res = await page.goto(`${app.url}${path}`, { waitUntil: "load" });
  expect(res?.status()).toBe(p.status);
  expect(await page.getAttribute("html", "lang")).toBe(lang);
  expect(await page.title()).not.toBe("");

  await checkA11y(page);
  const weight = await pageWeight(page);
  expect(weight.html).toBeGreaterThan(0);
  expect(weight.total, JSON.stringify(weight)).toBeLessThanOrEqual(PAGE_WEIGHT_LIMIT);

  const inMain = (await page.locator(`main ${FIELD}`).count()) > 0;
  const presses = await tabTo(page, inMain ? `main ${FIELD}` : FIELD);
  expect(presses, "Tab never reached the first form field").toBeGreaterThan(0);
  expect(await focusIsVisible(page), "the focused field shows no focus").toBe(true);

  await screenshot(page, `page-${p.name}-${lang}`);
  assertClean(rec, p.expectedConsole);
}
