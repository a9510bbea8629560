/**
 * The clinicians' console: /hospital/{id}/consultations (the queue by state) and
 * /hospital/{id}/consultations/{cid} (details, records, scheduling, the recommendation), over the
 * same verbs as the API; every role as the API answers it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { form, textOf } from "./care-helpers";
import { askedConsultation, browserAs, otherClinician } from "./clinic-helpers";
import { DEMO_USERS } from "./helpers";

const H = "hsp_xjph";
let t: TestApp;
let con: string;
let otherCon: string;
let otherDoctor: string;
type Browser = Awaited<ReturnType<typeof browserAs>>;
const as: Record<string, Browser> = {};

beforeAll(async () => {
  t = await createTestApp();
  otherDoctor = await otherClinician(t, "hsp_zju4");
  con = await askedConsultation(t, T.anar, H, "cardiac_surgery");
  otherCon = await askedConsultation(t, T.anar, "hsp_zju4", "general_surgery");
  const users: Record<string, string | null> = {
    clinician: DEMO_USERS.clinician,
    admin: DEMO_USERS.admin,
    otherClinician: otherDoctor,
    billing: DEMO_USERS.billing,
    billingOther: DEMO_USERS.billingYiwu,
    agent: DEMO_USERS.agent,
    patient: DEMO_USERS.anar,
    visitor: null,
  };
  for (const [k, id] of Object.entries(users)) as[k] = await browserAs(t, id, "en");
  as.clinicianRu = await browserAs(t, DEMO_USERS.clinician, "ru");
});
afterAll(() => t.close());

const queue = () => `/hospital/${H}/consultations`;
const detail = () => `/hospital/${H}/consultations/${con}`;

/** Free video slots of the hospital's cardiac surgery (the API's list). */
async function slots() {
  const res = await t.call("GET", `/v1/hospitals/${H}/consultation-slots?department=cardiac_surgery&mode=video`);
  return ((await res.json()) as { data: { id: string; startsAt: { utc: string } }[] }).data;
}

// The roles table (shared-16): the API's answers for the same verbs.
const REFUSED: [string, string, number][] = [
  ["clinician of another hospital", "otherClinician", 404],
  ["billing of this hospital", "billing", 403],
  ["billing of another hospital", "billingOther", 403],
  ["agent of the patient's agency", "agent", 403],
  ["the patient themselves", "patient", 403],
];

describe.each([["clinician of this hospital", "clinician", 200], ["admin", "admin", 200], ...REFUSED])(
  "%s",
  (_name, who, status) => {
    it(`gets ${status} on the queue and on the consultation`, async () => {
      for (const path of [queue(), `${queue()}?status=scheduled`, detail()]) {
        const res = await as[who]!.request(path);
        // The pages have no API twin: staff of another hospital get 404 (src/web/hospital/access.ts); the
        // POSTs below answer as their API verbs (403 for billing).
        expect(res.status, path).toBe(who === "billingOther" ? 404 : status);
        if (status === 200 && !path.includes("scheduled")) expect(await res.text()).toContain(con);
        else expect(await res.text()).not.toContain("angiography.pdf");
      }
    });
  },
);

// Those refused change nothing by posting either (the console's rule runs before the verb).
describe.each(REFUSED)("%s", (_name, who, status) => {
  it(`gets ${status} when posting a schedule or a recommendation`, async () => {
    const [slot] = await slots();
    const schedule = await as[who]!.request(`${detail()}/schedule`, form({ slotId: slot!.id }));
    expect(schedule.status).toBe(status);
    const rec = await as[who]!.request(
      `${detail()}/recommendation`,
      form({ "items.0.code": "CARD-CABG", "items.0.quantity": "1", inpatientNights: "1", fitToFlyDays: "1" }),
    );
    expect(rec.status).toBe(status);
    // Nothing changed.
    const api = await t.call("GET", `/v1/consultations/${con}`, { token: T.clinician });
    expect(((await api.json()) as { status: string }).status).toBe("requested");
  });
});

describe("the console's addresses", () => {
  it("sends a visitor to sign in, keeping where they were going", async () => {
    for (const path of [queue(), detail()]) {
      const res = await as.visitor!.request(path);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
    }
  });

  it("answers another hospital's consultation under this hospital's address with 404, even for the admin", async () => {
    for (const who of ["clinician", "admin"]) {
      expect((await as[who]!.request(`/hospital/${H}/consultations/${otherCon}`)).status).toBe(404);
    }
    expect((await as.admin!.request(`/hospital/hsp_nowhere/consultations`)).status).toBe(404);
    expect((await as.otherClinician!.request(`/hospital/hsp_zju4/consultations/${otherCon}`)).status).toBe(200);
  });

  it("answers a cursor from elsewhere with the first page, not a 500", async () => {
    const res = await as.clinician!.request(`${queue()}?status=requested&cursor=nonsense`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(con);
  });
});

const rec = (fields: Record<string, string>) => form({ intent: "record", ...fields });

describe("a clinician's work on one consultation, start to end", () => {
  it("lists it as requested, its preferred time in the hospital's and the patient's zones", async () => {
    const html = await (await as.clinician!.request(queue())).text();
    expect(html).toContain(`href="${detail()}"`);
    expect(html).toMatch(/aria-current="page"><strong>Requested/);
    // 2026-11-24T04:00Z: 12:00 in Shanghai (the hospital), 09:00 in Almaty (the patient's home).
    expect(html).toMatch(/12:00 Shanghai · [^<]*09:00 Almaty/);
  });

  it("shows the request as typed (escaped) and the attached record's metadata", async () => {
    const html = await (await as.clinician!.request(detail())).text();
    expect(html).toContain("Chest pain on exertion &lt;b&gt;for six months&lt;/b&gt;");
    expect(html).toMatch(
      /<th scope="row">angiography.pdf<\/th><td>Imaging \(MRI, CT, X-ray\)<\/td><td>application\/pdf/,
    );
    expect(html).toContain("hospital Asia/Shanghai · patient Asia/Almaty");
    // No recommendation form before it is scheduled.
    expect(html).not.toContain('name="items.0.code"');
  });

  it("asks for a slot beside the field when none is chosen, and refuses another hospital's slot", async () => {
    const res = await as.clinician!.request(`${detail()}/schedule`, form({}));
    expect(res.status).toBe(400);
    expect(textOf(await res.text(), "f-slotId-error")).toBe("Choose a free slot");
    const wrong = await as.clinician!.request(`${detail()}/schedule`, form({ slotId: "cslot_nope" }));
    expect(wrong.status).toBe(422);
    expect(textOf(await wrong.text(), "f-slotId-error")).toBe("unknown slot &#39;cslot_nope&#39;");
  });

  it("schedules into a free slot, then shows the slot in both zones, in the scheduled tab", async () => {
    const page = await (await as.clinician!.request(detail())).text();
    const [slot] = await slots();
    expect(page).toContain(`value="${slot!.id}"`);
    const res = await as.clinician!.request(`${detail()}/schedule`, form({ slotId: slot!.id }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${detail()}#schedule`);
    const html = await (await as.clinician!.request(detail())).text();
    expect(html).toMatch(/tag-scheduled">Scheduled/);
    const shanghai = new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone: "Asia/Shanghai" });
    const almaty = new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone: "Asia/Almaty" });
    const at = new Date(slot!.startsAt.utc);
    expect(html).toMatch(new RegExp(`${shanghai.format(at)} Shanghai · [^<]*${almaty.format(at)} Almaty`));
    const scheduled = await (await as.clinician!.request(`${queue()}?status=scheduled`)).text();
    expect(scheduled).toContain(`href="${detail()}"`);
    expect(await (await as.clinician!.request(queue())).text()).not.toContain(`href="${detail()}"`);
  });

  it("shows the API's validation beside each field, keeping what was typed", async () => {
    const res = await as.clinician!.request(
      `${detail()}/recommendation`,
      rec({
        "items.0.code": "CARD-CABG",
        "items.0.quantity": "0",
        "items.1.code": "",
        "items.1.quantity": "",
        "items.2.code": "BED-ICU",
        "items.2.quantity": "two",
        inpatientNights: "",
        fitToFlyDays: "400",
        "activityRestrictions.1.days": "5",
        notes: "Keep <this>",
      }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(textOf(html, "f-items-0-quantity-error")).toBe("Enter 1 or more");
    expect(textOf(html, "f-items-2-quantity-error")).toBe("Enter a number");
    expect(textOf(html, "f-inpatientNights-error")).toBe("Enter a value: this field is required");
    expect(textOf(html, "f-fitToFlyDays-error")).toBe("Enter 365 or less");
    expect(textOf(html, "f-activityRestrictions-1-activity-error")).toBe("Choose one of the options");
    expect(html).toContain('href="#f-items-0-quantity"');
    expect(html).toContain('value="two"');
    expect(html).toContain("Keep &lt;this&gt;</textarea>");
  });

  it("shows the service's own refusal of a code not in the tariff beside that code", async () => {
    const res = await as.clinician!.request(
      `${detail()}/recommendation`,
      rec({
        "items.0.code": "",
        "items.0.quantity": "",
        "items.1.code": "NOPE-1",
        "items.1.quantity": "1",
        inpatientNights: "0",
        fitToFlyDays: "0",
      }),
    );
    expect(res.status).toBe(422);
    expect(textOf(await res.text(), "f-items-1-code-error")).toBe(
      "NOPE-1 is not in the tariff in force: search the tariff above",
    );
  });

  it("asks for at least one item beside the items, linked from the summary", async () => {
    const res = await as.clinicianRu!.request(
      `${detail()}/recommendation`,
      rec({ "items.0.code": "", "items.0.quantity": "", inpatientNights: "1", fitToFlyDays: "1" }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(textOf(html, "items-error")).toBe("Добавьте хотя бы одну позицию лечения");
    expect(html).toContain('<a href="#f-items">Добавьте хотя бы одну позицию лечения</a>');
  });

  it.each([
    ["en", "clinician", "bypass", "Coronary artery bypass graft (CABG)"],
    ["ru", "clinicianRu", "шунтирование", "Аортокоронарное шунтирование (АКШ)"],
    ["en", "clinician", "card-cabg", "Coronary artery bypass graft (CABG)"],
  ])("searches the tariff in force by name in %s or by code (%s: %s)", async (_lang, who, q, name) => {
    const res = await as[who]!.request(`${detail()}/recommendation`, form({ intent: "search", q }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`${name} (standard)`);
    expect(html).toContain('name="add" value="CARD-CABG|cardiac_surgery|standard"');
    expect(html).toContain(`value="${q}"`);
  });

  it("adds a found item as a row (one more on a second add) and removes it, recording nothing", async () => {
    const add = (fields: Record<string, string>) =>
      as.clinician!.request(`${detail()}/recommendation`, form({ q: "cabg", ...fields }));
    let html = await (await add({ add: "CARD-CABG|cardiac_surgery|standard", inpatientNights: "9" })).text();
    expect(html).toMatch(/name="items.0.code" type="text" value="CARD-CABG"/);
    expect(html).toMatch(/name="items.0.quantity" type="number" value="1"/);
    expect(html).toContain('name="items.1.code" type="text" value=""');
    expect(html).toMatch(/name="inpatientNights" type="number" value="9"/);
    html = await (
      await add({
        "items.0.code": "CARD-CABG",
        "items.0.quantity": "1",
        "items.0.department": "cardiac_surgery",
        "items.0.serviceClass": "standard",
        add: "CARD-CABG|cardiac_surgery|standard",
      })
    ).text();
    expect(html).toMatch(/name="items.0.quantity" type="number" value="2"/);
    html = await (await add({ "items.0.code": "CARD-CABG", "items.0.quantity": "2", remove: "0" })).text();
    expect(html).toContain('name="items.0.code" type="text" value=""');
    const api = await t.call("GET", `/v1/consultations/${con}`, { token: T.clinician });
    expect(((await api.json()) as { status: string }).status).toBe("scheduled");
  });

  it("shows the admin the consultation without the form; the verb refuses an admin's recommendation", async () => {
    const html = await (await as.admin!.request(detail())).text();
    expect(html).not.toContain('name="items.0.code"');
    const res = await as.admin!.request(
      `${detail()}/recommendation`,
      rec({ "items.0.code": "CARD-CABG", "items.0.quantity": "1", inpatientNights: "1", fitToFlyDays: "1" }),
    );
    expect(res.status).toBe(403);
  });

  it("records the recommendation, which the patient then turns into a quote", async () => {
    const res = await as.clinician!.request(
      `${detail()}/recommendation`,
      rec({
        "items.0.code": "CARD-CABG",
        "items.0.quantity": "1",
        "items.0.department": "cardiac_surgery",
        "items.0.serviceClass": "standard",
        "items.1.code": "BED-ICU",
        "items.1.quantity": "2",
        admissionDate: "2026-12-15",
        inpatientNights: "10",
        fitToFlyDays: "7",
        "activityRestrictions.0.activity": "strenuous",
        "activityRestrictions.0.days": "30",
        notes: "Cardiology check before the flight home.",
      }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(detail());
    const html = await (await as.clinician!.request(detail())).text();
    expect(html).toMatch(/tag-completed">Completed/);
    expect(html).toContain("Coronary artery bypass graft (CABG) <code>CARD-CABG</code>");
    expect(html).toContain("Strenuous activity: 30 days");
    const api = (await (await t.call("GET", `/v1/consultations/${con}`, { token: T.anar })).json()) as {
      status: string;
      recommendation: { items: unknown[]; inpatientNights: number };
    };
    expect(api.status).toBe("completed");
    expect(api.recommendation.items).toEqual([
      { code: "CARD-CABG", quantity: 1, department: "cardiac_surgery", serviceClass: "standard" },
      { code: "BED-ICU", quantity: 2 },
    ]);
    const quote = await as.patient!.request(`/consultations/${con}/quote`, form({ serviceDate: "", currency: "CNY" }));
    expect(quote.status).toBe(303);
    expect(quote.headers.get("location")).toMatch(/^\/quotes\/quo_/);
    // Completed: no more scheduling nor recording.
    const again = await (await as.clinician!.request(detail())).text();
    expect(again).not.toContain('name="slotId"');
    expect(again).not.toContain('name="items.0.code"');
  });
});

describe("the queue's pages", () => {
  it("pages 20 at a time, newest first, each consultation once, with a way back to the first page", async () => {
    const made: string[] = [];
    for (let i = 0; i < 21; i++) {
      t.clock.advance(1000); // ids are time-ordered: one a second, so "newest first" is the order made
      made.push(await askedConsultation(t, T.alexander, H, "neurology"));
    }
    const ids = (html: string) =>
      [...html.matchAll(/<th scope="row"><a href="[^"]+">(con_\w+)<\/a>/g)].map((m) => m[1]!);
    const first = await (await as.clinician!.request(`${queue()}?status=requested`)).text();
    expect(ids(first)).toHaveLength(20);
    expect(ids(first)[0]).toBe(made[20]);
    const next = /href="([^"]+)" rel="next"/.exec(first)![1]!.replace(/&amp;/g, "&");
    const second = await (await as.clinician!.request(next)).text();
    expect(second).toContain(`href="${queue()}?status=requested">First page`);
    const all = [...ids(first), ...ids(second)];
    expect(new Set(all).size).toBe(all.length);
    for (const id of made) expect(all).toContain(id);
  });
});
