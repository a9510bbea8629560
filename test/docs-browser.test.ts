import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen } from "./helpers/serve";
import { createTestApp, type TestApp } from "./helpers/test-app";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let t: TestApp;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: apt-get install -y --no-install-recommends chromium (.ci/run does).`,
    );
  }
  t = await createTestApp({ seed: false });
  server = await listen(t.app);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

describe("/docs in a headless browser, offline", () => {
  it("renders the API reference using only files the service serves", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const origin = new URL(server.url).origin;
    const outside: string[] = [];
    const failed: string[] = [];
    // The network is cut: anything not from this service is refused and recorded.
    await context.route("**/*", (route) => {
      const u = route.request().url();
      if (u.startsWith(origin) || u.startsWith("data:")) return route.continue();
      outside.push(u);
      return route.abort();
    });
    page.on("requestfailed", (r) => failed.push(r.url()));
    const res = await page.goto(`${server.url}/docs`, { waitUntil: "load" });
    expect(res?.status()).toBe(200);
    await page.waitForSelector(".opblock-summary", { timeout: 20_000 });
    const title = await page.locator(".info .title").first().innerText();
    expect(title).toContain("Caravan API");
    const summaries = await page.locator(".opblock-summary-description").allInnerTexts();
    expect(summaries).toContain("Search flights");
    expect(summaries).toContain("Sign a patient up (or an agent creates one)");
    expect(outside).toEqual([]);
    expect(failed).toEqual([]);
    await page.screenshot({ path: "test-results/docs.png" }).catch(() => undefined);
    await context.close();
  });
});
