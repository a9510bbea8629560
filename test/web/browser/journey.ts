/**
 * The patient's journey, one step per function, driven as a person would: by labels, roles and
 * links (fields by their form name, which is the API's field path, and each must be labelled).
 * Every page a step lands on is checked: axe-core, weight, console and requests, screenshots.
 */
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { CATALOGS, type Locale, type MessageKey, translator } from "../../../src/web/i18n/index";
import {
  assertClean,
  checkA11y,
  PAGE_WEIGHT_LIMIT,
  pageWeight,
  type RecordedPage,
  screenshot,
  type WebApp,
} from "./harness";

export interface Journey {
  app: WebApp;
  rec: RecordedPage;
  page: Page;
  lang: Locale;
  t: (key: string, vars?: Record<string, string | number>) => string;
  /** What the steps learn on the way (ids of the consultation, quote, trip). */
  ids: Record<string, string>;
  step: number;
}

export function journeyOf(app: WebApp, rec: RecordedPage, lang: Locale): Journey {
  const tr = translator(lang);
  const t = (key: string, vars?: Record<string, string | number>) => {
    if (!(key in CATALOGS.en)) throw new Error(`no message ${key} in the catalog`);
    return tr(key as MessageKey, vars);
  };
  return { app, rec, page: rec.page, lang, t, ids: {}, step: 0 };
}

/** The checks every page of the journey passes; screenshots named after the step. */
export async function checkPage(j: Journey, name: string): Promise<void> {
  j.step += 1;
  expect(await j.page.getAttribute("html", "lang")).toBe(j.lang);
  await checkA11y(j.page);
  const weight = await pageWeight(j.page);
  expect(weight.total, `${name}: ${JSON.stringify(weight)}`).toBeLessThanOrEqual(PAGE_WEIGHT_LIMIT);
  await screenshot(j.page, `journey-${j.lang}-${String(j.step).padStart(2, "0")}-${name}`);
  assertClean(j.rec);
}

/** The form field named `name` (the API's field path); it must have a label. */
export async function field(page: Page | Locator, name: string): Promise<Locator> {
  const el = page.locator(`[name="${name}"]`).first();
  await el.waitFor({ state: "attached" });
  const labelled = await el.evaluate(
    (e: { labels?: { length: number } | null; getAttribute(n: string): string | null; type?: string }) =>
      e.type === "hidden" || (e.labels?.length ?? 0) > 0 || !!e.getAttribute("aria-label"),
  );
  expect(labelled, `field ${name} has no label`).toBe(true);
  return el;
}

/** Fills a text field, picks a select's option or checks the radio button with that value. */
export async function fill(page: Page | Locator, name: string, value: string): Promise<void> {
  const el = await field(page, name);
  const kind = await el.evaluate((e: { tagName: string; type?: string }) =>
    e.tagName === "SELECT" ? "select" : e.type === "radio" ? "radio" : "text",
  );
  if (kind === "select") await el.selectOption(value);
  else if (kind === "radio") await page.locator(`[name="${name}"][value="${value}"]`).check();
  else await el.fill(value);
}

/**
 * Runs `action` (a click) and waits for the page it leads to (a form's POST → 303 → GET counts as
 * one), then checks the new address. The address may match before (a page posting to itself).
 */
export async function navigate(j: Journey, action: () => Promise<unknown>, to: RegExp): Promise<void> {
  const loaded = j.page.waitForNavigation({ waitUntil: "load" });
  await action();
  await loaded;
  expect(j.page.url()).toMatch(to);
}

/** Clicks the page's first button named `button` and waits for the page it leads to. */
export async function press(j: Journey, button: string | RegExp, to: RegExp): Promise<void> {
  await navigate(j, () => j.page.getByRole("button", { name: button }).first().click(), to);
}

/** Clicks the page's first link named `link` and waits for the page it leads to. */
export async function follow(j: Journey, link: string | RegExp, to: RegExp): Promise<void> {
  await navigate(j, () => j.page.getByRole("link", { name: link }).first().click(), to);
}

/** A bearer-token API call from the test itself (a clinician's work), not from the browser. */
export async function api(j: Journey, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${j.app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
  return JSON.parse(text);
}

/** The id at the end of the page's address, e.g. `itn_…` from /trips/itn_…. */
export function idFromUrl(page: Page, prefix: string): string {
  const m = new RegExp(`/(${prefix}_[A-Za-z0-9_-]+)`).exec(new URL(page.url()).pathname);
  expect(m, `no ${prefix}_ id in ${page.url()}`).not.toBeNull();
  return m![1]!;
}
