import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { HospitalPageSchema, HospitalSchema } from "../../src/routes/catalog/schemas";
import { PriceFileSchema } from "../../src/routes/tariffs/schemas";
import { body, browser, form } from "./care-helpers";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const page = async (path: string, lang = "en") => {
  const res = await t.app.request(path, { headers: { "accept-language": lang, accept: "text/html" } });
  return { status: res.status, html: await res.text(), res };
};
/** Hospital ids linked from a page's result cards, in order. */
const hospitalsListed = (html: string) => [...html.matchAll(/<h3><a href="\/hospitals\/(hsp_\w+)">/g)].map((m) => m[1]);

describe("find care", () => {
  it.each([
    ["", ["hsp_xjph", "hsp_xmu1", "hsp_xmu2", "hsp_xmu6", "hsp_xtum", "hsp_zju4"]],
    ["?city=Yiwu", ["hsp_zju4"]],
    ["?department=cardiac_surgery", ["hsp_xjph", "hsp_xmu1"]],
    ["?city=Urumqi&department=neurology", ["hsp_xjph", "hsp_xmu2"]],
  ])("lists the hospitals for %s", async (query, ids) => {
    const { status, html } = await page(`/${query}`);
    expect(status).toBe(200);
    expect(hospitalsListed(html)).toEqual(ids);
  });

  it("filters by a language spoken, keeping the choice selected", async () => {
    const all = await body(t.call("GET", "/v1/hospitals?language=ru&limit=100"), HospitalPageSchema);
    const { html } = await page("/?language=ru");
    expect(hospitalsListed(html)).toEqual(all.data.map((h) => h.id));
    expect(html).toMatch(/<option value="ru" selected="">Russian<\/option>/);
  });

  it.each([
    ["en", "Cardiac surgery", "Show hospitals"],
    ["ru", "Кардиохирургия", "Показать больницы"],
    ["zh", "心脏外科", "显示医院"],
    ["kk", "Кардиохирургия", "Ауруханаларды көрсету"],
  ])("speaks %s", async (lang, department, button) => {
    const { html } = await page("/", lang);
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(department);
    expect(html).toContain(button);
  });

  it("re-shows the form with the language's message beside it, not a 500", async () => {
    const { status, html } = await page("/?language=RU!");
    expect(status).toBe(400);
    expect(html).toMatch(/id="f-language-error">Choose a language from the list/);
    const ru = await page("/?language=RU!", "ru");
    expect(ru.html).toMatch(/id="f-language-error">Выберите язык из списка/);
  });

  it("answers a cursor from elsewhere with the page, not a 500", async () => {
    const { status, html } = await page("/?cursor=garbage");
    expect(status).toBe(200);
    expect(html).toContain("No hospital matches");
  });
});

describe("a hospital and its price list", () => {
  it("shows departments, languages, beds and the way to its prices and a consultation", async () => {
    const api = await body(t.call("GET", "/v1/hospitals/hsp_xjph"), HospitalSchema);
    const { status, html } = await page("/hospitals/hsp_xjph");
    expect(status).toBe(200);
    for (const d of api.departments) expect(html).toContain(d.name);
    expect(html).toContain(`<dd>${api.internationalBeds}</dd>`);
    expect(html).toContain('href="/hospitals/hsp_xjph/prices"');
    expect(html).toContain('href="/consultations/new?hospital=hsp_xjph"');
    const ru = await page("/hospitals/hsp_xjph", "ru");
    expect(ru.html).toContain("Места для иностранных пациентов");
  });

  it.each(["/hospitals/hsp_nope", "/hospitals/hsp_nope/prices", "/hospitals/hsp_nope/prices.csv"])(
    "answers %s with 404",
    async (path) => {
      expect((await page(path)).status).toBe(404);
    },
  );

  it("lists the tariff in force with its version and date, searchable", async () => {
    const file = await body(t.call("GET", "/v1/hospitals/hsp_xjph/price-file"), PriceFileSchema);
    const { html } = await page("/hospitals/hsp_xjph/prices");
    expect(html).toContain(`Tariff version ${file.tariffVersion!.version}`);
    const rows = [...html.matchAll(/<td><code>([\w-]+)<\/code><\/td>/g)].map((m) => m[1]);
    expect(rows).toEqual(file.items.slice(0, 50).map((i) => i.code));
    const cabg = await page("/hospitals/hsp_xjph/prices?q=bypass");
    expect([...cabg.html.matchAll(/<td><code>([\w-]+)<\/code><\/td>/g)].map((m) => m[1])).toEqual(
      file.items.filter((i) => /bypass/i.test(i.name.en ?? "")).map((i) => i.code),
    );
    expect(cabg.html).toContain("CN¥98,000.00");
    const ru = await page("/hospitals/hsp_xjph/prices?q=%D1%88%D1%83%D0%BD%D1%82", "ru");
    expect(ru.html).toContain("Аортокоронарное шунтирование");
    expect(ru.html).toContain("Версия тарифа");
  });

  it("serves prices.json and prices.csv with the API's content", async () => {
    const api = await body(t.call("GET", "/v1/hospitals/hsp_xjph/price-file"), PriceFileSchema);
    expect(await (await t.app.request("/hospitals/hsp_xjph/prices.json")).json()).toEqual(api);
    const csvApi = await (
      await t.call("GET", "/v1/hospitals/hsp_xjph/price-file", { headers: { Accept: "text/csv" } })
    ).text();
    const csv = await t.app.request("/hospitals/hsp_xjph/prices.csv");
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(await csv.text()).toBe(csvApi);
  });
});

describe("/verify", () => {
  it("offers paste and upload, and the published key for the browser's check", async () => {
    const keys = await (await t.call("GET", "/v1/parity/keys")).json();
    const { html } = await page("/verify");
    expect(html).toContain('name="proof"');
    expect(html).toContain('type="file"');
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain(`data-keys="${JSON.stringify(keys).replace(/"/g, "&quot;")}"`);
  });

  it.each([
    ["", "Paste the proof or choose its file"],
    ["{not json", "The proof is not valid JSON"],
    ['{"payload": 1}', "This is not a Caravan proof"],
  ])("re-shows %j with the message beside the field", async (proof, message) => {
    const res = await (await browser(t, null)).request("/verify", form({ proof }));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(new RegExp(`id="f-proof-error">${message}`));
  });

  it("says a foreign signature does not hold", async () => {
    const res = await (await browser(t, null)).request(
      "/verify",
      form({ proof: JSON.stringify({ payload: '{"type":"x"}', signature: "AAAA", keyId: "other" }) }),
    );
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("Not verified");
  });
});
