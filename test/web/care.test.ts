import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { ConsultationSchema } from "../../src/routes/consultations/schemas";
import { QuoteSchema } from "../../src/routes/quotes/schemas";
import { body, browser, form } from "./care-helpers";

let t: TestApp;
let anar: Awaited<ReturnType<typeof browser>>;
let anarRu: typeof anar;
let alexander: typeof anar;
let visitor: typeof anar;
beforeAll(async () => {
  t = await createTestApp();
  anar = await browser(t, "anar", "en");
  anarRu = await browser(t, "anar", "ru");
  alexander = await browser(t, "alexander");
  visitor = await browser(t, null);
});
afterAll(() => t.close());

const H = "hsp_xjph";

/** A free video slot of the hospital's cardiac surgery, as the form's radio value carries it. */
async function firstSlot() {
  const res = await t.call("GET", `/v1/hospitals/${H}/consultation-slots?department=cardiac_surgery&mode=video`);
  const slot = ((await res.json()) as { data: { id: string; startsAt: { utc: string }; durationMinutes: number }[] })
    .data[0]!;
  return { id: slot.id, value: `${slot.startsAt.utc}/${slot.durationMinutes}`, utc: slot.startsAt.utc };
}

const request = (slot: string) => ({
  department: "cardiac_surgery",
  mode: "video",
  slot,
  complaint: "Chest pain on exertion <b>for six months</b>",
  language: "ru",
  "records.0.name": "angiography.pdf",
  "records.0.kind": "imaging",
  "records.0.mediaType": "application/pdf",
  "records.0.sizeBytes": "2400000",
  "records.0.takenOn": "2026-11-20",
  "records.0.sha256": "a".repeat(64),
  _action: "request",
});

describe("requesting a free consultation", () => {
  it("sends a visitor to sign in, keeping where they were going", async () => {
    const res = await visitor.request(`/consultations/new?hospital=${H}`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/sign-in?next=${encodeURIComponent(`/consultations/new?hospital=${H}`)}`);
  });

  it.each([
    ["en", "Request a free consultation", "Free of charge"],
    ["ru", "Запросить бесплатную консультацию", "Бесплатно"],
  ])("shows the form in %s, free, with slots in both zones", async (lang, title, free) => {
    const slot = await firstSlot();
    const who = lang === "ru" ? anarRu : anar;
    const res = await who.request(`/consultations/new?hospital=${H}&department=cardiac_surgery&mode=video`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toMatch(new RegExp(`class="free">${free}[^<]*0[.,]00`));
    // The slot in the hospital's zone (Beijing time, "Shanghai") and the patient's (Almaty).
    expect(html).toContain(`value="${slot.value}"`);
    expect(html).toMatch(/Shanghai · [^<]*Almaty/);
  });

  it("re-shows the form with each field's message beside it and the values kept", async () => {
    const res = await anar.request(
      `/consultations/new?hospital=${H}`,
      form({
        ...request(""),
        complaint: "  ",
        "records.0.mediaType": "pdf",
        "records.0.sizeBytes": "big",
        "records.1.name": "labs.pdf",
        "records.1.mediaType": "application/pdf",
        "records.1.sizeBytes": "10",
        "records.1.sha256": "not-a-digest",
      }),
    );
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).toContain('class="error-summary"');
    expect(html).toMatch(/id="f-complaint-error">Say what the doctor should look at/);
    expect(html).toMatch(/id="f-records-0-mediaType-error">Enter a file type/);
    expect(html).toMatch(/id="f-records-0-sizeBytes-error">Enter the size in bytes/);
    expect(html).toMatch(/id="f-records-1-name-error">The file&#39;s fingerprint is not valid/);
    expect(html).toContain('value="big"');
    expect(html).toContain('href="#f-complaint"');
  });

  it("re-shows in Russian with the service's refusal beside the department", async () => {
    const res = await anar.request(
      `/consultations/new?hospital=${H}`,
      form({ ...request(""), department: "dentistry" }),
    );
    const html = await res.text();
    expect(res.status).toBe(422);
    expect(html).toContain('id="f-department-error">This hospital has no department “dentistry”');
    const ruRes = await anarRu.request(`/consultations/new?hospital=${H}`, form({ ...request(""), complaint: "" }));
    expect(await ruRes.text()).toMatch(/id="f-complaint-error">Напишите, что должен посмотреть врач/);
  });

  it("answers an unknown hospital with 404", async () => {
    expect((await anar.request("/consultations/new?hospital=hsp_nope")).status).toBe(404);
  });
});

// The journey's ids, carried from one describe to the next (they run in order within this file).
let consultationId = "";
let quoteId = "";

describe("a consultation's page and its 'Get a quote'", () => {
  it("requests (303 to the consultation), shows it to its patient and 404s everyone else", async () => {
    const slot = await firstSlot();
    const res = await anar.request(`/consultations/new?hospital=${H}`, form(request(slot.value)));
    expect(res.status).toBe(303);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/^\/consultations\/con_/);
    consultationId = location.split("/").pop()!;

    const api = await body(t.call("GET", `/v1/consultations/${consultationId}`, { token: T.anar }), ConsultationSchema);
    expect(api.preferredTimes).toEqual([
      { from: new Date(slot.utc).toISOString(), to: new Date(Date.parse(slot.utc) + 30 * 60_000).toISOString() },
    ]);
    expect(api.records[0]).toEqual({
      name: "angiography.pdf",
      kind: "imaging",
      mediaType: "application/pdf",
      sizeBytes: 2400000,
      takenOn: "2026-11-20",
      sha256: "a".repeat(64),
    });
    expect(api.records).toHaveLength(1);

    const page = await anar.request(location);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("Requested");
    // What the patient typed is shown as typed, escaped.
    expect(html).toContain("Chest pain on exertion &lt;b&gt;for six months&lt;/b&gt;");
    expect(html).toContain("The doctor has not recorded a recommendation yet.");
    expect(html).not.toContain("Get the quote");

    expect((await alexander.request(location)).status).toBe(404);
    expect((await anar.request("/consultations/con_nope")).status).toBe(404);
  });

  it("shows the recommendation with a 'Get a quote' form once the clinician records it", async () => {
    const slot = await firstSlot();
    await t.call("POST", `/v1/consultations/${consultationId}/schedule`, {
      token: T.clinician,
      body: { slotId: slot.id },
    });
    const rec = await t.call("POST", `/v1/consultations/${consultationId}/recommendation`, {
      token: T.clinician,
      body: {
        items: [
          { code: "CARD-CABG", quantity: 1 },
          { code: "BED-WARD", quantity: 8 },
        ],
        inpatientNights: 8,
        fitToFlyDays: 7,
        activityRestrictions: [{ activity: "strenuous", days: 30 }],
      },
    });
    expect(rec.status).toBe(200);
    const html = await (await anarRu.request(`/consultations/${consultationId}`)).text();
    expect(html).toContain("Состоялась");
    expect(html).toContain("Аортокоронарное шунтирование");
    expect(html).toContain("<code>CARD-CABG</code>");
    expect(html).toContain("Тяжёлые нагрузки: 30 дн.");
    expect(html).toMatch(/Shanghai · [^<]*Almaty/);
    expect(html).toContain(`action="/consultations/${consultationId}/quote"`);
    expect(html).toMatch(/<option value="KZT" selected/);
  });
});

describe("'Get a quote' refused", () => {
  it("re-shows 'Get a quote' with the service date's message beside it", async () => {
    const missing = await anar.request(`/consultations/${consultationId}/quote`, form({ currency: "KZT" }));
    expect(missing.status).toBe(422);
    expect(await missing.text()).toMatch(/id="f-serviceDate-error">required/);
    const bad = await anar.request(
      `/consultations/${consultationId}/quote`,
      form({ serviceDate: "2026-02-30", currency: "KZT" }),
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="f-serviceDate-error">Enter the date as YYYY-MM-DD/);
    const other = await alexander.request(
      `/consultations/${consultationId}/quote`,
      form({ serviceDate: "2026-12-10", currency: "KZT" }),
    );
    expect(other.status).toBe(404);
  });
});

describe("the quote, its proof and /verify", () => {
  it("makes the quote (303) and shows every line, totals, rate, validity and what is not included", async () => {
    const res = await anar.request(
      `/consultations/${consultationId}/quote`,
      form({ serviceDate: "2026-12-10", currency: "KZT" }),
    );
    expect(res.status).toBe(303);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/^\/quotes\/quo_/);
    quoteId = location.split("/").pop()!;
    const api = await body(t.call("GET", `/v1/quotes/${quoteId}`, { token: T.anar }), QuoteSchema);

    const html = await (await anar.request(location)).text();
    expect(html).toContain("Coronary artery bypass graft");
    expect(html).toContain("CN¥98,000.00");
    expect(html).toContain("version 1, in force from 1 Jan 2026");
    expect(html).toContain(`Rate: 1 CNY = ${api.fx.rate} KZT`);
    expect(html).toContain("Not included");
    expect(html).toContain("Prices guaranteed until");
    expect(html).toContain(`href="/trips/new?quote=${quoteId}"`);
    expect(html).toContain(`href="/quotes/${quoteId}/proof.json"`);
    // The in-browser check is Caravan's own script, served from its asset registry.
    const script = /src="(\/assets\/verify\.[0-9a-f]{10}\.js)"/.exec(html)?.[1] ?? "";
    const js = await t.app.request(script);
    expect(js.status).toBe(200);
    expect(await js.text()).toContain('crypto.subtle.verify({ name: "Ed25519" }');
    const ruHtml = await (await anarRu.request(location)).text();
    expect(ruHtml).toContain("Аортокоронарное шунтирование");
    expect(ruHtml).toContain("Проверить эту цену");
    expect(ruHtml).toContain("Не включено");
  });

  it("downloads the proof as the API carries it, and 404s it and the page for another patient", async () => {
    const proof = await anar.request(`/quotes/${quoteId}/proof.json`);
    expect(proof.status).toBe(200);
    expect(proof.headers.get("content-disposition")).toBe(`attachment; filename="${quoteId}-proof.json"`);
    const api = await body(t.call("GET", `/v1/quotes/${quoteId}`, { token: T.anar }), QuoteSchema);
    expect(await proof.json()).toEqual(api.parityAffirmation);
    expect((await alexander.request(`/quotes/${quoteId}`)).status).toBe(404);
    expect((await alexander.request(`/quotes/${quoteId}/proof.json`)).status).toBe(404);
  });
});

describe("/verify with the quote's proof", () => {
  it.each([
    ["the proof as downloaded", (p: string) => p, "Verified: the signature and every price hold"],
    ["a quote carrying it", (p: string) => JSON.stringify({ parityAffirmation: JSON.parse(p) }), "Verified"],
    [
      "a tampered price",
      (p: string) => {
        const o = JSON.parse(p);
        o.payload = o.payload.replace(/"unitPrice":9800000/, '"unitPrice":9700000');
        return JSON.stringify(o);
      },
      "Not verified",
    ],
  ])("verifies %s on /verify without JavaScript", async (_what, change, verdict) => {
    const proof = await (await anar.request(`/quotes/${quoteId}/proof.json`)).text();
    const res = await visitor.request("/verify", form({ proof: change(proof) }));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain(verdict);
    expect(html).toContain(quoteId);
  });

  it("verifies an uploaded proof file (multipart, as the file field posts it)", async () => {
    const proof = await (await anar.request(`/quotes/${quoteId}/proof.json`)).text();
    const page = await (await visitor.request("/verify")).text();
    const upload = new FormData();
    upload.set("_csrf", /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "");
    upload.set("proof", "");
    upload.set("file", new File([proof], `${quoteId}-proof.json`, { type: "application/json" }));
    const res = await t.app.request("/verify", { method: "POST", body: upload, headers: { cookie: visitor.cookie } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("Verified: the signature and every price hold");
  });

  it("sends a visitor to sign in for a quote, and answers an unknown one with 404", async () => {
    const res = await visitor.request(`/quotes/${quoteId}`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/sign-in?next=${encodeURIComponent(`/quotes/${quoteId}`)}`);
    expect((await anar.request("/quotes/quo_nope")).status).toBe(404);
  });
});
