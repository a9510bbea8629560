/**
 * Browser test harness: the app on a loopback port over a fresh SQLite database (real clock, so a
 * hold's countdown in the page and on the server agree), optionally the local Stripe-compatible
 * server, and one headless Chromium per test file that records every console error, page error
 * and request to a host other than the app's.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { seedDemo } from "../../../db/seed/demo";
import { createApp } from "../../../src/app";
import { openSqlite } from "../../../src/data/connect-node";
import { migrateToLatest } from "../../../src/data/migrate";
import { buildNodeDeps } from "../../../src/entry/node-deps";
import { parseEnv } from "../../../src/env";
import type { AppDeps } from "../../../src/http/context";
import { listen } from "../../helpers/serve";
import { signIn } from "../helpers";
import { startStripeServer, type StripeTestServer } from "../../helpers/stripe-server";
import { TEST_ENCRYPTION_KEY, TEST_SIGNING_KEY } from "../../helpers/test-app";

// In-page code below (page.evaluate) runs in the browser; the project's types have no DOM library.
// biome-ignore lint/suspicious/noExplicitAny: browser globals seen from Node's types
declare const window: any, document: any, getComputedStyle: (el: unknown) => any;

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOT_DIR = "test-results/screenshots";
/** The most HTML + CSS + JS one page may weigh, uncompressed (WEB.md). */
export const PAGE_WEIGHT_LIMIT = 100 * 1024;
export const STRIPE_TEST_SECRET_KEY = "sk_test_caravan_browser";
export const STRIPE_TEST_WEBHOOK_SECRET = "whsec_caravan_browser_test";

export interface WebAppOptions {
  /** Load the demo data (hospitals, tariffs, demo users); default true. */
  seed?: boolean;
  /** Also start the local Stripe-compatible server and point the app's payments at it. */
  stripe?: boolean;
}

export interface WebApp {
  url: string;
  deps: AppDeps;
  stripe: StripeTestServer | null;
  close(): Promise<void>;
}

/** Starts the app as `npm start` builds it (node deps from parsed configuration) on a free loopback port. */
export async function startWebApp(opts: WebAppOptions = {}): Promise<WebApp> {
  const stripe = opts.stripe ? await startStripeServer() : null;
  const dataDir = mkdtempSync(path.join(tmpdir(), "caravan-web-"));
  const env = parseEnv({
    DATA_DIR: dataDir,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    SIGNING_KEY: TEST_SIGNING_KEY,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
    RATE_LIMIT: "off",
    SEED_DEMO: opts.seed === false ? "never" : "always",
    ...(stripe
      ? {
          STRIPE_SECRET_KEY: STRIPE_TEST_SECRET_KEY,
          STRIPE_WEBHOOK_SECRET: STRIPE_TEST_WEBHOOK_SECRET,
          STRIPE_API_URL: stripe.url,
        }
      : {}),
  });
  const { deps, handle } = await buildNodeDeps(env, { handle: openSqlite(path.join(dataDir, "caravan.sqlite")) });
  await migrateToLatest(handle.db);
  if (opts.seed !== false) await seedDemo(handle.db, { now: deps.clock.now(), encrypt: deps.cipher.encrypt });
  const server = await listen(createApp(deps));
  // The hosted page's Pay button posts the signed checkout.session.completed to the app, as Stripe does.
  stripe?.setWebhook({ secret: STRIPE_TEST_WEBHOOK_SECRET, url: `${server.url}/v1/webhooks/stripe` });
  return {
    url: server.url,
    deps,
    stripe,
    close: async () => {
      await server.close();
      await handle.close();
      await stripe?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs the browser in as `userId` (the session the sign-in pages end in), without the pages. */
export async function signInBrowser(rec: RecordedPage, app: WebApp, userId: string): Promise<void> {
  const cookie = await signIn({ app: { request: () => Promise.reject(new Error("unused")) }, deps: app.deps }, userId);
  const eq = cookie.indexOf("=");
  await rec.context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: app.url }]);
}

/** One headless Chromium (Debian's), no network of its own: no background requests, no QUIC, no sync. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y --no-install-recommends chromium.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface PageOptions {
  /** The app's address; every other origin is refused and recorded. */
  appUrl: string;
  /** Accept-Language and navigator.language of the browser, e.g. "ru-RU"; default "en-US". */
  locale?: string;
  /** Viewport width in px; default 1280. */
  width?: number;
  /** Further origins allowed (the local Stripe server during the card step). */
  allow?: string[];
}

export interface RecordedPage {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests to a host that is neither the app nor an allowed one (each was refused). */
  outside: string[];
  /** Styles, scripts, images… the page asked for that answered 4xx or 5xx. */
  failedLoads: string[];
  /** Origins allowed besides the app's; add the Stripe server's for the card step only. */
  allowed: Set<string>;
  close(): Promise<void>;
}

/** A fresh context and page that records console errors, page errors and requests to other hosts. */
export async function openPage(browser: Browser, opts: PageOptions): Promise<RecordedPage> {
  const locale = opts.locale ?? "en-US";
  const width = opts.width ?? 1280;
  const context = await browser.newContext({
    locale,
    viewport: { width, height: width < 600 ? 812 : 900 },
    extraHTTPHeaders: { "accept-language": locale },
  });
  const page = await context.newPage();
  const app = new URL(opts.appUrl).origin;
  const allowed = new Set((opts.allow ?? []).map((u) => new URL(u).origin));
  const rec: RecordedPage = {
    page,
    context,
    consoleErrors: [],
    pageErrors: [],
    outside: [],
    failedLoads: [],
    allowed,
    close: () => context.close(),
  };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    const origin = new URL(url).origin;
    if (origin === app || allowed.has(origin)) return route.continue();
    rec.outside.push(url);
    return route.abort("blockedbyclient");
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") rec.consoleErrors.push(`${msg.location().url || page.url()}: ${msg.text()}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== "document")
      rec.failedLoads.push(`${res.status()} ${res.url()}`);
  });
  page.on("pageerror", (err) => rec.pageErrors.push(`${page.url()}: ${err.message}`));
  return rec;
}

/** Forgets what was recorded so far (a page reused for the next check). */
export function clearRecords(rec: RecordedPage): void {
  for (const list of [rec.consoleErrors, rec.pageErrors, rec.outside, rec.failedLoads]) list.length = 0;
}

/**
 * No console error, no page error, no request to another host, no sub-resource that failed to load.
 * `expectedConsole` lists messages a test expects (the browser's own "Failed to load resource: … 404"
 * for a 404 page's document; messages start with the address they are about).
 */
export function assertClean(rec: RecordedPage, expectedConsole: RegExp[] = []): void {
  const unexpected = rec.consoleErrors.filter((m) => !expectedConsole.some((re) => re.test(m)));
  const problems = [
    ...unexpected.map((m) => `console error: ${m}`),
    ...rec.pageErrors.map((m) => `page error: ${m}`),
    ...rec.outside.map((u) => `request to another host: ${u}`),
    ...rec.failedLoads.map((u) => `failed load: ${u}`),
  ];
  if (problems.length) throw new Error(`The page was not clean:\n  ${problems.join("\n  ")}`);
}

let axeSource: string | undefined;

/**
 * Runs axe-core in the page; throws listing every serious or critical violation. axe-core is run
 * directly (violations only): @axe-core/playwright's builder took about 1.5 s a page here, this 0.4 s.
 */
export async function checkA11y(page: Page): Promise<void> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe: typeof import("axe-core") = window.axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length) {
    const lines = bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.targets.join(", ")}`);
    throw new Error(`axe-core found on ${page.url()}:\n  ${lines.join("\n  ")}`);
  }
}

/** Full-page screenshots at 375 px and 1280 px: test-results/screenshots/<name>-375.png and -1280.png. */
export async function screenshot(page: Page, name: string): Promise<string[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  const files: string[] = [];
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: width < 600 ? 812 : 900 });
    const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, "_")}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  if (original) await page.setViewportSize(original);
  return files;
}

export interface PageWeight {
  html: number;
  css: number;
  js: number;
  total: number;
}

/**
 * Uncompressed bytes of the current document (its navigation timing) and of every stylesheet and
 * script it references, fetched again with the page's cookies (counted even when cached).
 */
export async function pageWeight(page: Page): Promise<PageWeight> {
  const { html, css, js } = await page.evaluate(() => {
    const perf = performance as unknown as { getEntriesByType(type: string): { decodedBodySize: number }[] };
    const nav = perf.getEntriesByType("navigation")[0];
    // No named helpers in here: a bundler's name-keeping wrapper does not exist in the page.
    const links = document.querySelectorAll('link[rel="stylesheet"][href]') as ArrayLike<{ href: string }>;
    const scripts = document.querySelectorAll("script[src]") as ArrayLike<{ src: string }>;
    return {
      html: nav?.decodedBodySize || document.documentElement.outerHTML.length,
      css: [...new Set(Array.from(links, (e) => e.href))],
      js: [...new Set(Array.from(scripts, (e) => e.src))],
    };
  });
  const bytes = async (list: string[]) => {
    let sum = 0;
    for (const url of list) sum += (await (await page.request.get(url)).body()).byteLength;
    return sum;
  };
  const [cssBytes, jsBytes] = await Promise.all([bytes(css), bytes(js)]);
  return { html, css: cssBytes, js: jsBytes, total: html + cssBytes + jsBytes };
}

/** Whether an element shows that it has focus: an outline or a box shadow drawn for it. */
export async function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== "none" && Number.parseFloat(s.outlineWidth) > 0;
    return outline || (s.boxShadow !== "none" && s.boxShadow !== "");
  });
}

/**
 * Presses Tab from the top of the page until `selector`'s first match has focus (at most `limit`
 * presses); returns how many presses it took, or -1 when it never got focus.
 */
export async function tabTo(page: Page, selector: string, limit = 40): Promise<number> {
  const target = page.locator(selector).first();
  await page.evaluate(() => document.activeElement?.blur());
  for (let i = 1; i <= limit; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return i;
  }
  return -1;
}
