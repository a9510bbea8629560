/**
 * The public pages of issue 16: each hospital's price list in the four languages (version, last
 * update, JSON and CSV links, search), and /verify saying line by line what holds in a proof.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PriceFileSchema } from "../../src/routes/tariffs/schemas";
import { formatters } from "../../src/web/i18n/format";
import { type Locale, translator } from "../../src/web/i18n/index";
import { quotedCabg } from "../helpers/itinerary-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { body, form } from "./care-helpers";
import { browserAs } from "./clinic-helpers";

let t: TestApp;
let proof: { payload: string; signature: string; keyId?: string };
beforeAll(async () => {
  t = await createTestApp();
  proof = (await quotedCabg(t, T.anar)).quote.parityAffirmation;
});
afterAll(() => t.close());

const page = async (path: string, lang: string) => {
  const res = await t.app.request(path, { headers: { "accept-language": lang, accept: "text/html" } });
  return { status: res.status, html: await res.text() };
};
const unescape = (html: string) =>
  html
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

describe.each([
  ["en", "bypass"],
  ["ru", "шунтирование"],
  ["zh", "冠状动脉"],
  ["kk", "CARD-CABG"],
] as [Locale, string][])("the public price list in %s", (lang, q) => {
  const tr = translator(lang);
  const fmt = formatters(lang);

  it("shows the version, its date and the last update, and links to the JSON and CSV files", async () => {
    const file = await body(t.call("GET", "/v1/hospitals/hsp_xjph/price-file"), PriceFileSchema);
    const { status, html } = await page("/hospitals/hsp_xjph/prices", lang);
    expect(status).toBe(200);
    const text = unescape(html);
    expect(html).toContain(`<html lang="${lang}">`);
    expect(text).toContain(tr("public.prices.title", { hospital: file.hospital.name }));
    const v = file.tariffVersion!;
    expect(text).toContain(tr("public.prices.version", { version: v.version, from: fmt.date(v.effectiveFrom) }));
    expect(text).toContain(tr("public.prices.updated", { date: fmt.date(file.lastUpdated!.slice(0, 10)) }));
    expect(html).toMatch(new RegExp(`href="/hospitals/hsp_xjph/prices.json" download="">${tr("public.prices.json")}`));
    expect(html).toMatch(new RegExp(`href="/hospitals/hsp_xjph/prices.csv" download="">${tr("public.prices.csv")}`));
  });

  it(`finds the bypass by "${q}"`, async () => {
    const { html } = await page(`/hospitals/hsp_xjph/prices?q=${encodeURIComponent(q)}`, lang);
    const codes = [...html.matchAll(/<td><code>([\w-]+)<\/code><\/td>/g)].map((m) => m[1]);
    expect(codes).toContain("CARD-CABG");
    expect(codes.every((c) => c === "CARD-CABG")).toBe(true);
    expect(html).toContain(`value="${q}"`);
  });
});

/** The /verify page's answer to a pasted proof (or an uploaded file). */
async function verify(text: string, asFile = false) {
  const visitor = await browserAs(t, null);
  if (!asFile) return (await visitor.request("/verify", form({ proof: text }))).text();
  const data = new FormData();
  data.append("_csrf", visitor.token);
  data.append("proof", "");
  data.append("file", new File([text], "proof.json", { type: "application/json" }));
  return (await visitor.request("/verify", { method: "POST", body: data })).text();
}

/** Each line's row: [line, code, verdict]. */
const lineVerdicts = (html: string) =>
  [
    ...html.matchAll(
      /<tr data-line="(\d+)">[\s\S]*?<code>([\w-]+)<\/code>[\s\S]*?class="tag [^"]+">([^<]+)<\/strong>/g,
    ),
  ].map((m) => [m[1], m[2], m[3]]);

describe("/verify, line by line", () => {
  it.each([
    ["pasted", false],
    ["uploaded", true],
  ])("a proof as issued (%s) holds: signature, every price, the total", async (_how, asFile) => {
    const html = await verify(JSON.stringify(proof), asFile);
    expect(html).toContain("Verified: the signature and every price hold");
    expect(html).toContain("The signature matches Caravan&#39;s published key.");
    expect(html).toContain("The total is the sum of the lines.");
    expect(lineVerdicts(html)).toEqual([
      ["1", "CARD-CABG", "Holds"],
      ["2", "BED-ICU", "Holds"],
      ["3", "BED-WARD", "Holds"],
    ]);
  });

  it("a proof with one price changed fails: the signature, and that line against the domestic price", async () => {
    const doc = JSON.parse(proof.payload);
    const domestic = doc.lines[1].unitPrice as number;
    doc.lines[1].unitPrice = domestic - 100;
    const html = await verify(JSON.stringify({ ...proof, payload: JSON.stringify(doc) }));
    expect(html).toContain("Not verified");
    expect(html).toContain("The signature does not match Caravan&#39;s published key.");
    expect(lineVerdicts(html)).toEqual([
      ["1", "CARD-CABG", "Holds"],
      ["2", "BED-ICU", "Does not hold"],
      ["3", "BED-WARD", "Holds"],
    ]);
    // The row shows both prices: the proof's and the tariff's.
    const fmt = formatters("en");
    const row = html.match(/<tr data-line="2">[\s\S]*?<\/tr>/)![0];
    expect(row).toContain(fmt.money(domestic - 100, doc.currency));
    expect(row).toContain(fmt.money(domestic, doc.currency));
  });

  it("says it in Russian too", async () => {
    const visitor = await browserAs(t, null, "ru");
    const html = await (await visitor.request("/verify", form({ proof: JSON.stringify(proof) }))).text();
    expect(html).toContain(translator("ru")("verify.lines.title"));
    expect(lineVerdicts(html).map((l) => l[2])).toEqual(["Верно", "Верно", "Верно"]);
  });
});
