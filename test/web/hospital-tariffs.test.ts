import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TariffVersionListSchema, TariffVersionSchema } from "../../src/routes/tariffs/schemas";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { DEMO_USERS, openForm, postForm, signIn } from "./helpers";

/** The hospital console's shell and billing's tariff pages (issue 16), as app.request sees them. */

const H = "hsp_xjph";
let t: TestApp;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  for (const [name, id] of Object.entries(DEMO_USERS)) cookies[name] = await signIn(t, id);
});
afterAll(() => t.close());

const get = (path: string, who?: keyof typeof DEMO_USERS) =>
  t.app.request(path, { headers: who ? { cookie: cookies[who]! } : {} });

const ROLES = [
  ["patient", "alexander", 403],
  ["agent", "agent", 403],
  ["clinician", "clinician", 403],
  ["billing of this hospital", "billing", 200],
  ["billing of another hospital", "billingYiwu", 404],
  ["admin", "admin", 200],
] as const;

describe.each(ROLES)("%s", (_label, who, status) => {
  it.each([`/hospital/${H}/tariffs`, `/hospital/${H}/tariffs/1`, `/hospital/${H}/tariffs/new`])(
    `GET %s → ${status}`,
    async (path) => {
      const res = await get(path, who);
      expect(res.status).toBe(status);
      if (status === 200) expect(await res.text()).toContain('aria-current="page"');
    },
  );
});

describe("signed out and unknown", () => {
  it.each([`/hospital/${H}/tariffs`, `/hospital/${H}/tariffs/1`, "/hospital"])("%s → sign in", async (path) => {
    const res = await get(path);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
  });

  it("an unknown hospital or version is a 404 for the admin", async () => {
    expect((await get("/hospital/hsp_nope/tariffs", "admin")).status).toBe(404);
    expect((await get(`/hospital/${H}/tariffs/99`, "admin")).status).toBe(404);
  });
});

describe("/hospital", () => {
  it.each([
    ["billing", `/hospital/${H}/tariffs`],
    ["clinician", `/hospital/${H}/consultations`],
  ] as const)("%s goes to their own hospital's first section", async (who, location) => {
    const res = await get("/hospital", who);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(location);
  });

  it("the admin picks a hospital; patients and agents are refused", async () => {
    const html = await (await get("/hospital", "admin")).text();
    expect(html).toContain(`href="/hospital/${H}/tariffs"`);
    expect(html).toContain('href="/hospital/hsp_zju4/tariffs"');
    expect((await get("/hospital", "alexander")).status).toBe(403);
    expect((await get("/hospital", "agent")).status).toBe(403);
  });

  it("the nav lists billing's sections to billing, all to the admin", async () => {
    const billing = await (await get(`/hospital/${H}/tariffs`, "billing")).text();
    for (const s of ["tariffs", "parity", "invoice-check", "price-file"])
      expect(billing).toContain(`href="/hospital/${H}/${s}"`);
    expect(billing).not.toContain(`href="/hospital/${H}/consultations"`);
    const admin = await (await get(`/hospital/${H}/tariffs`, "admin")).text();
    expect(admin).toContain(`href="/hospital/${H}/consultations"`);
  });

  it("/me points hospital staff to the console, not patients", async () => {
    expect(await (await get("/me", "billing")).text()).toContain('href="/hospital"');
    expect(await (await get("/me", "alexander")).text()).not.toContain('href="/hospital"');
  });
});

describe("versions and items", () => {
  it("lists every version with its date and item count", async () => {
    const list = TariffVersionListSchema.parse(await (await t.call("GET", `/v1/hospitals/${H}/tariffs`)).json());
    const html = await (await get(`/hospital/${H}/tariffs`, "billing")).text();
    for (const v of list.data) {
      expect(html).toContain(`href="/hospital/${H}/tariffs/${v.version}"`);
      expect(html).toContain(`<td class="num">${v.itemCount}</td>`);
    }
    // The publication time names its zone once (the formatter adds it).
    expect(html).toContain("UTC");
    expect(html).not.toContain("UTC UTC");
  });

  it("searches a version's items by code or name, a page at a time", async () => {
    const v1 = TariffVersionSchema.parse(await (await t.call("GET", `/v1/hospitals/${H}/tariffs/1`)).json());
    const cabg = await (await get(`/hospital/${H}/tariffs/1?q=cabg`, "billing")).text();
    expect(cabg).toContain("<code>CARD-CABG</code>");
    expect(cabg).not.toContain("<code>BED-ICU</code>");
    const byName = v1.items.find((i) => i.code === "BED-ICU")!.name.en!;
    expect(await (await get(`/hospital/${H}/tariffs/1?q=${encodeURIComponent(byName)}`, "billing")).text()).toContain(
      "<code>BED-ICU</code>",
    );
    const page2 = await (await get(`/hospital/${H}/tariffs/1?pageSize=2&page=2`, "billing")).text();
    expect(page2.match(/<th scope="row"><code>/g)).toHaveLength(2);
    expect(page2).toContain(`?page=1`);
  });
});

describe("publishing from a spreadsheet", () => {
  const header = "code,name_en,kind,unit,unit_price_minor,department,service_class";
  let csv: string;
  beforeAll(async () => {
    const v1 = TariffVersionSchema.parse(await (await t.call("GET", `/v1/hospitals/${H}/tariffs/1`)).json());
    csv = [
      header,
      ...v1.items.map((i) =>
        [
          i.code,
          `"${i.name.en}"`,
          i.kind,
          i.unit,
          i.code === "BED-ICU" ? i.unitPrice.amount + 10_000 : i.unitPrice.amount,
          i.department,
          i.serviceClass,
        ].join(","),
      ),
    ].join("\n");
    const q = await t.call("POST", "/v1/quotes", {
      token: T.alexander,
      body: { hospitalId: H, serviceDate: "2026-12-03", items: [{ code: "BED-ICU", quantity: 2 }] },
    });
    expect(q.status).toBe(201);
  });

  it("a file with errors shows every one with its row and column, and the form again", async () => {
    const form = await openForm(t, `/hospital/${H}/tariffs/new`, cookies.billing);
    const bad = `${header}\nbad code,X,surgery,day,-1,dentistry,standard\nA1,,procedure,,abc,neurology,gold\n`;
    const res = await postForm(
      t,
      `/hospital/${H}/tariffs/new`,
      { pasted: bad, effectiveFrom: "2026-11-25", mode: "replace" },
      { cookie: form.cookie, token: form.token },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    const rows = [...html.matchAll(/<td class="num">(\d+)<\/td><td><code>(\w+)<\/code>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      ["2", "code"],
      ["2", "kind"],
      ["2", "department"],
      ["2", "unit_price_minor"],
      ["3", "unit"],
      ["3", "name_en"],
      ["3", "service_class"],
      ["3", "unit_price_minor"],
    ]);
    expect(html).toContain(`action="/hospital/${H}/tariffs/report.csv"`);
    expect(html).not.toContain('id="publish-form"');
    const carried = /name="csv" value="([^"]*)"/.exec(html)![1]!.replace(/&#10;|&#x0A;/gi, "\n");
    const download = await postForm(
      t,
      `/hospital/${H}/tariffs/report.csv`,
      { csv: carried.replace(/&quot;/g, '"').replace(/&amp;/g, "&"), effectiveFrom: "2026-11-25", mode: "replace" },
      { cookie: form.cookie, token: form.token },
    );
    expect(download.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(download.headers.get("content-disposition")).toContain("attachment");
    const lines = (await download.text()).trimEnd().split("\r\n");
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines[1]).toMatch(/^error,2,code,invalid_code,/);
  });

  it("the form without a file or date comes back with the message beside the field", async () => {
    const form = await openForm(t, `/hospital/${H}/tariffs/new`, cookies.billing);
    const res = await postForm(t, `/hospital/${H}/tariffs/new`, { pasted: "" }, form);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toContain('href="#f-file"');
    expect(html).toContain('href="#f-effectiveFrom"');
    expect(html).toContain('id="f-effectiveFrom-error"');
    const classes = await postForm(
      t,
      `/hospital/${H}/tariffs/new`,
      { pasted: "code\n", effectiveFrom: "2026-11-25", premiumClasses: "VIP!" },
      form,
    );
    expect(classes.status).toBe(400);
    expect(await classes.text()).toContain('id="f-premiumClasses-error"');
  });

  it("a good file previews the change and the quote it re-prices, then publishes once", async () => {
    const form = await openForm(t, `/hospital/${H}/tariffs/new`, cookies.billing);
    const before = TariffVersionListSchema.parse(await (await t.call("GET", `/v1/hospitals/${H}/tariffs`)).json());
    const res = await postForm(
      t,
      `/hospital/${H}/tariffs/new`,
      { pasted: csv, effectiveFrom: "2026-11-25", mode: "replace" },
      { cookie: form.cookie, token: form.token },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="publish-form"');
    expect(html).toMatch(/<th scope="row"><code>quo_[^<]+<\/code><\/th>/);
    const key = /name="key" value="([0-9a-f]{64})"/.exec(html)![1]!;
    // The browser posts the carried CSV back with CRLF line breaks: the key still matches.
    const fields = {
      csv: csv.replace(/\n/g, "\r\n"),
      effectiveFrom: "2026-11-25",
      mode: "replace",
      premiumClasses: /name="premiumClasses" value="([^"]*)"/.exec(html)![1]!,
      key,
    };
    const first = await postForm(t, `/hospital/${H}/tariffs/publish`, fields, form);
    expect(first.status).toBe(303);
    const version = before.data.length + 1;
    expect(first.headers.get("location")).toBe(`/hospital/${H}/tariffs/${version}?published=new`);
    const second = await postForm(t, `/hospital/${H}/tariffs/publish`, fields, form);
    expect(second.headers.get("location")).toBe(`/hospital/${H}/tariffs/${version}?published=again`);
    const after = TariffVersionListSchema.parse(await (await t.call("GET", `/v1/hospitals/${H}/tariffs`)).json());
    expect(after.data).toHaveLength(before.data.length + 1);
    const page = await (await get(first.headers.get("location")!, "billing")).text();
    expect(page).toContain('class="notice ok"');
  });

  it("a file dropping a code open quotes use needs its box ticked to publish", async () => {
    const form = await openForm(t, `/hospital/${H}/tariffs/new`, cookies.billing);
    const dropped = csv
      .split("\n")
      .filter((l) => !l.startsWith("BED-ICU,"))
      .join("\n");
    const fields = { pasted: dropped, effectiveFrom: "2026-11-26", mode: "replace" };
    const preview = await (await postForm(t, `/hospital/${H}/tariffs/new`, fields, form)).text();
    expect(preview).toContain('name="ack" value="BED-ICU"');
    const key = /name="key" value="([0-9a-f]{64})"/.exec(preview)![1]!;
    const confirm = {
      csv: dropped,
      effectiveFrom: "2026-11-26",
      mode: "replace",
      premiumClasses: /name="premiumClasses" value="([^"]*)"/.exec(preview)![1]!,
      key,
    };
    const before = TariffVersionListSchema.parse(await (await t.call("GET", `/v1/hospitals/${H}/tariffs`)).json());
    const refused = await postForm(t, `/hospital/${H}/tariffs/publish`, confirm, form);
    expect(refused.status).toBe(200);
    const again = await refused.text();
    expect(again).toContain('class="error-summary"');
    expect(again).toContain('id="f-acknowledgeRemoved"');
    const unchanged = TariffVersionListSchema.parse(await (await t.call("GET", `/v1/hospitals/${H}/tariffs`)).json());
    expect(unchanged.data).toHaveLength(before.data.length);
    const ok = await postForm(t, `/hospital/${H}/tariffs/publish`, { ...confirm, ack: "BED-ICU" }, form);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/hospital/${H}/tariffs/${before.data.length + 1}?published=new`);
  });

  it("billing of another hospital cannot post to this one (404)", async () => {
    const form = await openForm(t, `/hospital/hsp_zju4/tariffs/new`, cookies.billingYiwu);
    const res = await postForm(
      t,
      `/hospital/${H}/tariffs/new`,
      { pasted: csv, effectiveFrom: "2026-11-26" },
      { cookie: form.cookie, token: form.token },
    );
    expect(res.status).toBe(404);
  });
});
