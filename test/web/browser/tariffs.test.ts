/**
 * Billing publishes a tariff version from a spreadsheet in a real browser (issue 16): uploads a CSV
 * with errors and sees every one with its row and column, uploads the corrected file, sees the preview
 * with the open quote it re-prices, publishes. axe-core on every page; fails on any console error or
 * request to another host.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { T } from "../../helpers/tokens";
import { launchBrowser, openPage, signInBrowser, startWebApp, type WebApp } from "./harness";
import { api, checkPage, fill, follow, journeyOf, navigate, press } from "./journey";

const H = "hsp_xjph";
let app: WebApp;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  [app, browser] = await Promise.all([startWebApp(), launchBrowser()]);
  dir = mkdtempSync(path.join(tmpdir(), "caravan-tariff-csv-"));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

type Item = {
  code: string;
  name: Record<string, string>;
  kind: string;
  unit: string;
  unitPrice: { amount: number };
  department: string;
  serviceClass: string;
};

function csvFile(name: string, items: Item[], extra: string[] = []): string {
  const head = "code,name_en,kind,unit,unit_price_minor,department,service_class";
  const rows = items.map((i) =>
    [i.code, `"${i.name.en}"`, i.kind, i.unit, i.unitPrice.amount, i.department, i.serviceClass].join(","),
  );
  const file = path.join(dir, name);
  writeFileSync(file, `${[head, ...rows, ...extra].join("\n")}\n`);
  return file;
}

describe("billing publishes a tariff version from a spreadsheet", () => {
  it("sees every error, fixes them, previews the re-priced quote, publishes", async () => {
    // The demo billing user reads Chinese (their account's language), so the pages are in Chinese.
    const rec = await openPage(browser, { appUrl: app.url, locale: "zh-CN", width: 1280 });
    const j = journeyOf(app, rec, "zh");
    try {
      const v1 = await api(j, "GET", `/v1/hospitals/${H}/tariffs/1`, T.billing);
      const quote = await api(j, "POST", "/v1/quotes", T.alexander, {
        hospitalId: H,
        serviceDate: dayFromNow(10),
        items: [
          { code: "CARD-CABG", quantity: 1 },
          { code: "BED-ICU", quantity: 2 },
        ],
      });
      const items = v1.items as Item[];
      const dearer = items.map((i) =>
        i.code === "BED-ICU" ? { ...i, unitPrice: { amount: i.unitPrice.amount + 10_000 } } : i,
      );
      const n = items.length;
      const broken = csvFile("broken.csv", dearer, [
        "bad code,Thing,surgery,day,-1,dentistry,standard",
        `BED-ICU,ICU,bed_day,day,abc,cardiac_surgery,standard`,
      ]);

      await signInBrowser(rec, app, "usr_demo_billing_xjph");
      await navigate(j, () => j.page.goto(`${app.url}/hospital`), new RegExp(`/hospital/${H}/tariffs$`));
      await checkPage(j, "tariff-versions");
      await follow(j, j.t("tariffs.list.publish"), /\/tariffs\/new$/);
      await checkPage(j, "tariff-upload");

      await j.page.setInputFiles('[name="file"]', broken);
      await fill(j.page, "effectiveFrom", dayFromNow(2));
      await press(j, j.t("tariffs.upload.check"), /\/tariffs\/new$/);
      const problems = await j.page.locator("#problems tbody tr").evaluateAll((rows) =>
        rows.map((r: { querySelectorAll(s: string): { textContent: string | null }[] }) => {
          const cells = Array.from(r.querySelectorAll("td"));
          return [cells[1]?.textContent, cells[2]?.textContent];
        }),
      );
      expect(problems).toEqual([
        [String(n + 2), "code"],
        [String(n + 2), "kind"],
        [String(n + 2), "department"],
        [String(n + 2), "unit_price_minor"],
        [String(n + 3), "unit_price_minor"],
        [String(n + 3), "code"],
      ]);
      await checkPage(j, "tariff-report");

      await j.page.setInputFiles('[name="file"]', csvFile("fixed.csv", dearer));
      await press(j, j.t("tariffs.upload.check"), /\/tariffs\/new$/);
      expect(await j.page.locator("#problems").count()).toBe(0);
      expect(await j.page.locator("#repriced-quotes tbody").textContent()).toContain(quote.id);
      expect(await j.page.locator("#changes tbody").textContent()).toContain("BED-ICU");
      await checkPage(j, "tariff-preview");

      await navigate(
        j,
        () => j.page.locator("#publish-form button[type=submit]").click(),
        /\/tariffs\/3\?published=new$/,
      );
      expect(await j.page.locator(".notice.ok").textContent()).toBe(j.t("tariffs.published.new", { version: 3 }));
      await checkPage(j, "tariff-published");
      // The same pages on a phone: the tables scroll inside their region, axe still finds nothing.
      await j.page.setViewportSize({ width: 375, height: 800 });
      await checkPage(j, "tariff-published-375");
      await follow(j, j.t("tariffs.back"), new RegExp(`/hospital/${H}/tariffs$`));
      await checkPage(j, "tariff-versions-375");
      const after = await api(j, "GET", `/v1/quotes/${quote.id}`, T.alexander);
      expect(after.totals.medical.amount).toBe(quote.totals.medical.amount + 20_000);
    } finally {
      await rec.close();
    }
  }, 120_000);
});
