import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParityChecksResultSchema } from "../../src/routes/parity/schemas";
import { PriceFileSchema } from "../../src/routes/tariffs/schemas";
import { formatters } from "../../src/web/i18n/format";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { browser, form } from "./care-helpers";
import { DEMO_USERS, openForm, signIn } from "./helpers";
import { H } from "./parity-helpers";

/** The invoice check and price file pages of billing's console, against the API's verbs. */

let t: TestApp;
let billing: Awaited<ReturnType<typeof browser>>;
beforeAll(async () => {
  t = await createTestApp();
  billing = await browser(t, "billing", "en");
});
afterAll(() => t.close());

/** Parity, overcharge, undercharge, unknown code, and a ref a spreadsheet would run as a formula. */
const CSV =
  "ref,code,department,serviceDate,unitPrice,quantity\r\n" +
  "INV-1,CARD-CABG,cardiac_surgery,2026-12-03,9800000,1\r\n" +
  "INV-2,BED-ICU,cardiac_surgery,2026-12-04,260000,2\r\n" +
  "INV-3,CONS-SPEC,neurology,2026-12-05,4000,1\r\n" +
  "=HYPERLINK(1),NOPE,neurology,2026-12-05,100,1\r\n";

async function apiCheck(csv: string) {
  const res = await t.call("POST", `/v1/hospitals/${H}/parity-checks`, {
    token: T.billing,
    rawBody: csv,
    headers: { "Content-Type": "text/csv" },
  });
  expect(res.status).toBe(200);
  return ParityChecksResultSchema.parse(await res.json());
}

describe("the invoice check page", () => {
  it("shows each line's verdict, the API's verdicts for the same CSV", async () => {
    const api = await apiCheck(CSV);
    expect(api.results.map((r) => r.verdict)).toEqual(["parity", "overcharge", "undercharge", "unknown_code"]);
    const res = await billing.request(`/hospital/${H}/invoice-check`, form({ csv: CSV }));
    expect(res.status).toBe(200);
    const html = await res.text();
    const rows = [...html.matchAll(/<tr data-line="(\d+)" data-verdict="(\w+)">/g)].map((m) => [Number(m[1]), m[2]]);
    expect(rows).toEqual(api.results.map((r) => [r.lineNo, r.verdict]));
    expect(html).toContain('data-summary="overcharge">1<');
    expect(html).toContain(
      `data-summary="totalDeviation">${formatters("en").money(api.summary.totalDeviation, "CNY")}<`,
    );
    expect(api.summary.totalDeviation).toBe(2 * 10_000 - 1_000);
    // The text is kept in the form (escaped), and sent again by the download button.
    expect(html).toContain("=HYPERLINK(1),NOPE");
    expect(html).toContain('action="/hospital/hsp_xjph/invoice-check.csv"');
  });

  it("says how much it reads: the verb's lines and the app's body limit", async () => {
    const html = await (await billing.request(`/hospital/${H}/invoice-check`)).text();
    expect(html).toContain("At most 50,000 lines and 64 KB.");
  });

  it("takes an uploaded file instead of the text area", async () => {
    const opened = await openForm(t, `/hospital/${H}/invoice-check`, await signIn(t, DEMO_USERS.billing));
    const data = new FormData();
    data.set("_csrf", opened.token);
    data.set("csv", "");
    data.set("file", new File([CSV], "invoice.csv", { type: "text/csv" }));
    const res = await t.app.request(`/hospital/${H}/invoice-check`, {
      method: "POST",
      headers: { cookie: opened.cookie },
      body: data,
    });
    expect(res.status).toBe(200);
    expect((await res.text()).match(/data-verdict="/g)).toHaveLength(4);
  });

  it("downloads the verdicts as CSV, formulas neutralised", async () => {
    const res = await billing.request(`/hospital/${H}/invoice-check.csv`, form({ csv: CSV }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="invoice-check-${H}.csv"`);
    const lines = (await res.text()).split("\r\n");
    expect(lines[0]).toBe(
      "line_no,ref,code,department,service_class,service_date,quantity,charged_unit_price,domestic_unit_price," +
        "deviation,verdict,tariff_version,currency",
    );
    expect(lines[2]).toBe("2,INV-2,BED-ICU,cardiac_surgery,standard,2026-12-04,2,260000,250000,10000,overcharge,1,CNY");
    expect(lines[3]).toBe("3,INV-3,CONS-SPEC,neurology,standard,2026-12-05,1,4000,5000,-1000,undercharge,1,CNY");
    expect(lines[4]).toBe("4,'=HYPERLINK(1),NOPE,neurology,standard,2026-12-05,1,100,,,unknown_code,1,CNY");
    expect(lines).toHaveLength(6);
  });

  it.each([
    ["empty", "", "Paste the CSV lines or choose a file"],
    ["missing a column", "code,unitPrice\r\nCARD-CABG,1\r\n", "the header lacks the column serviceDate"],
    ["a bad price", "code,serviceDate,unitPrice\r\nCARD-CABG,2026-12-03,1.5\r\n", "row 2, column unitPrice"],
  ])("an %s CSV is the form again with the message beside the field", async (_n, csv, message) => {
    for (const path of [`/hospital/${H}/invoice-check`, `/hospital/${H}/invoice-check.csv`]) {
      const res = await billing.request(path, form({ csv }));
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(/id="f-csv-error">([^<]*)</.exec(html)?.[1]).toContain(message);
      expect(html).toContain('href="#f-csv"');
      expect(html).not.toContain("invoice-lines");
    }
  });

  it("refuses a CSV larger than the page reads", async () => {
    const big = await createTestApp({ bodyLimitBytes: 4 * 1024 * 1024 });
    try {
      const as = await browser(big, "billing", "en");
      const res = await as.request(`/hospital/${H}/invoice-check`, form({ csv: `code\r\n${"x".repeat(2_000_001)}` }));
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("The CSV is too large");
    } finally {
      await big.close();
    }
  });
});

describe("the price file page", () => {
  it("shows the price file's version, dates and items, with links to the files", async () => {
    const res = await t.call("GET", `/v1/hospitals/${H}/price-file`);
    const file = PriceFileSchema.parse(await res.json());
    const html = await (await billing.request(`/hospital/${H}/price-file`)).text();
    expect(/data-fact="version">(\d+)</.exec(html)?.[1]).toBe(String(file.tariffVersion!.version));
    expect(/data-fact="items">(\d+)</.exec(html)?.[1]).toBe(String(file.items.length));
    const codes = [...html.matchAll(/<tr data-code="([\w-]+)">/g)].map((m) => m[1]);
    expect(codes).toEqual(file.items.slice(0, 100).map((i) => i.code));
    for (const link of [`/hospitals/${H}/prices.json`, `/hospitals/${H}/prices.csv`, `/v1/hospitals/${H}/price-file`])
      expect(html).toContain(`href="${link}"`);
    expect(html).toContain("Version 2, in force from 1 Jan 2027");
    // The console's navigation (src/web/hospital/nav.tsx), this section marked.
    expect(html).toMatch(/<a href="\/hospital\/hsp_xjph\/price-file" aria-current="page">/);
    expect(html).toContain('href="/hospital/hsp_xjph/parity"');
  });
});
