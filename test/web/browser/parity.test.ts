/**
 * Billing's parity pages in a real browser, on the server as `npm start` builds it (the report reads
 * its lines on a thread of its own): a quote line tampered directly in the database is found on the
 * parity report page and in the CSV downloaded from it; the invoice check's verdicts are shown and
 * downloaded; the price file page and the tampered line's quote open. axe-core on every page, no
 * console error, no request to another host.
 */
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertClean,
  checkA11y,
  clearRecords,
  launchBrowser,
  openPage,
  PAGE_WEIGHT_LIMIT,
  pageWeight,
  type RecordedPage,
  screenshot,
  signInBrowser,
  startWebApp,
  type WebApp,
} from "./harness";
import { H, seedTamperedLines } from "../parity-helpers";

const BILLING = "usr_demo_billing_xjph";
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

let app: WebApp;
let browser: Browser;
let rec: RecordedPage;
let seeded: Awaited<ReturnType<typeof seedTamperedLines>>;
const from = day(0);
const to = day(90);

beforeAll(async () => {
  [app, browser] = await Promise.all([startWebApp(), launchBrowser()]);
  const call = (method: string, path: string, init: { token?: string; body?: unknown } = {}) =>
    fetch(`${app.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${init.token}`, "content-type": "application/json" },
      body: JSON.stringify(init.body),
    });
  seeded = await seedTamperedLines({ call }, app.deps.db, [day(10), day(20), day(30)]);
  rec = await openPage(browser, { appUrl: app.url });
  await signInBrowser(rec, app, BILLING);
  // Billing's account reads Chinese; the switcher's choice comes first.
  await rec.context.addCookies([{ name: "caravan_lang", value: "en", url: app.url }]);
}, 90_000);

afterAll(async () => {
  await rec?.close();
  await browser?.close();
  await app?.close();
});

describe("billing's parity pages", () => {
  it("finds the tampered line on the report page and in the downloaded CSV", async () => {
    clearRecords(rec);
    const { page } = rec;
    await page.goto(`${app.url}/hospital/${H}/parity`, { waitUntil: "load" });
    await page.fill("#f-from", from);
    await page.fill("#f-to", to);
    await page.click("form.filter button[type=submit]");
    await page.waitForSelector("#parity-done");
    // The note streamed before the results is hidden once they are in.
    expect(await page.isVisible("#parity-running")).toBe(false);
    const row = page.locator(`tr[data-quote="${seeded.over.quoteId}"][data-line="${seeded.over.lineNo}"]`);
    expect(await row.isVisible()).toBe(true);
    expect(await row.innerText()).toContain("Overcharged");
    expect(await page.locator("#parity-lines tbody tr").count()).toBe(3);
    expect(await page.locator("svg[role=img] rect.parity-bar").count()).toBe(2);
    expect(await page.textContent('[data-summary="overcharge"]')).toBe("1");
    await checkA11y(page);
    expect((await pageWeight(page)).total).toBeLessThanOrEqual(PAGE_WEIGHT_LIMIT);
    await screenshot(page, "parity-report-en");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("#parity-downloads a[href*='parity.csv']"),
    ]);
    expect(download.suggestedFilename()).toBe(`parity-report-${H}-${from}-${to}.csv`);
    const csv = readFileSync((await download.path())!, "utf8");
    const line = csv.split("\r\n").find((l) => l.startsWith(`${seeded.over.quoteId},${seeded.over.lineNo},`));
    expect(line).toMatch(/,BED-ICU,cardiac_surgery,standard,2,\d+,\d+,100000,\d+,\d+,overcharge,\d$/);
    assertClean(rec);

    // The line's link opens its quote for billing.
    clearRecords(rec);
    await Promise.all([page.waitForURL(`**/quotes/${seeded.over.quoteId}`), row.locator("a").click()]);
    expect(await page.textContent("h1")).toContain(seeded.over.quoteId);
    await checkA11y(page);
    assertClean(rec);
  });

  it("shows a too long range beside its field", async () => {
    clearRecords(rec);
    const { page } = rec;
    const res = await page.goto(`${app.url}/hospital/${H}/parity?from=${from}&to=${day(500)}`);
    expect(res?.status()).toBe(400);
    expect(await page.textContent("#f-to-error")).toContain("at most 366 days");
    await checkA11y(page);
    assertClean(rec, [/Failed to load resource.*400/]);
  });

  it("checks invoice lines and downloads the verdicts", async () => {
    clearRecords(rec);
    const { page } = rec;
    await page.goto(`${app.url}/hospital/${H}/invoice-check`, { waitUntil: "load" });
    await checkA11y(page);
    await page.fill(
      "#f-csv",
      "ref,code,department,serviceDate,unitPrice,quantity\n" +
        `A-1,CARD-CABG,cardiac_surgery,${day(10)},1,1\n` +
        `A-2,CONS-SPEC,neurology,${day(10)},5000,1\n`,
    );
    await page.click("form[enctype] button[type=submit] >> nth=0");
    await page.waitForSelector("#invoice-lines");
    expect(await page.getAttribute("#invoice-lines tr[data-line='1']", "data-verdict")).toBe("undercharge");
    expect(await page.getAttribute("#invoice-lines tr[data-line='2']", "data-verdict")).toBe("parity");
    await checkA11y(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#invoice-download")]);
    expect(download.suggestedFilename()).toBe(`invoice-check-${H}.csv`);
    const csv = readFileSync((await download.path())!, "utf8").split("\r\n");
    expect(csv[1]).toMatch(/^1,A-1,CARD-CABG,cardiac_surgery,standard,[\d-]+,1,1,\d+,-\d+,undercharge,\d,CNY$/);
    expect(csv[2]).toMatch(/^2,A-2,CONS-SPEC,.*,parity,/);
    await screenshot(page, "parity-invoice-check-en");
    assertClean(rec);
  });

  it("shows the price file page", async () => {
    clearRecords(rec);
    const { page } = rec;
    const res = await page.goto(`${app.url}/hospital/${H}/price-file`, { waitUntil: "load" });
    expect(res?.status()).toBe(200);
    expect(Number(await page.textContent('[data-fact="items"]'))).toBeGreaterThan(0);
    await checkA11y(page);
    await screenshot(page, "parity-price-file-en");
    assertClean(rec);
  });
});
