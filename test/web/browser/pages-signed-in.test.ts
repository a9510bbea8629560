/**
 * The signed-in patient's pages in a real browser, in English and in Russian, with the same checks
 * as the public ones (pages.test.ts): status, language, axe-core, weight, screenshots, keyboard.
 * The patient's consultation, quote and trip are made over the API first (a clinician recommends).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPageCase, type PageCase } from "./page-checks";
import {
  clearRecords,
  launchBrowser,
  openPage,
  type RecordedPage,
  signInBrowser,
  startWebApp,
  type WebApp,
} from "./harness";

const HOSPITAL = "hsp_xjph";
const AGENT = "cvn_demo_agent_silkroad";
const CLINICIAN = "cvn_demo_clinician_xjph";

let app: WebApp;
let browser: Browser;
let userId: string;
let ids: { consultation: string; quote: string; trip: string };

async function call(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
  return JSON.parse(text);
}

/** A patient with a recommended consultation, its quote and a draft trip with the flight in. */
async function patientWithTrip() {
  const p = await call("POST", "/v1/patients", AGENT, {
    fullName: "Dana Bekova",
    email: "dana.pages@example.kz",
    nationality: "KZ",
    homeCity: "Almaty",
    language: "ru",
    currency: "KZT",
  });
  const token = p.token as string;
  userId = (await call("GET", "/v1/me", token)).userId;
  const c = await call("POST", "/v1/consultations", token, {
    hospitalId: HOSPITAL,
    department: "cardiac_surgery",
    mode: "video",
    complaint: "Chest pain on exertion",
    language: "ru",
  });
  const slots = await call(
    "GET",
    `/v1/hospitals/${HOSPITAL}/consultation-slots?department=cardiac_surgery&mode=video&limit=1`,
    token,
  );
  await call("POST", `/v1/consultations/${c.id}/schedule`, CLINICIAN, { slotId: slots.data[0].id });
  const admission = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
  await call("POST", `/v1/consultations/${c.id}/recommendation`, CLINICIAN, {
    items: [{ code: "CARD-CABG", quantity: 1 }],
    admissionDate: admission,
    inpatientNights: 10,
    fitToFlyDays: 7,
    activityRestrictions: [],
  });
  const quote = await call("POST", "/v1/quotes", token, { consultationId: c.id });
  const flyIn = new Date(Date.parse(admission) - 2 * 86_400_000).toISOString().slice(0, 10);
  const flights = await call("GET", `/v1/flights?origin=ALA&destination=URC&date=${flyIn}`, token);
  const trip = await call("POST", "/v1/itineraries", token, {
    quoteId: quote.id,
    travelers: [{ fullName: "Dana Bekova", role: "patient" }],
    components: [{ type: "flight", flightId: flights.data[0].id }],
  });
  ids = { consultation: c.id, quote: quote.id, trip: trip.id };
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startWebApp(), launchBrowser()]);
  await patientWithTrip();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const PAGES: PageCase[] = [
  { name: "consultation-new", path: `/consultations/new?hospital=${HOSPITAL}`, status: 200 },
  { name: "consultation", path: () => `/consultations/${ids.consultation}`, status: 200 },
  { name: "quote", path: () => `/quotes/${ids.quote}`, status: 200 },
  { name: "trip-new", path: () => `/trips/new?quote=${ids.quote}`, status: 200 },
  { name: "trip", path: () => `/trips/${ids.trip}`, status: 200 },
  { name: "trip-history", path: () => `/trips/${ids.trip}/history`, status: 200 },
  { name: "trips", path: "/trips", status: 200 },
  {
    name: "others-trip",
    path: "/trips/itn_nobody",
    status: 404,
    expectedConsole: [/itn_nobody: Failed to load resource.*404/],
  },
];

describe.each([
  ["en", "en-US"],
  ["ru", "ru-RU"],
])("signed-in pages in %s", (lang, locale) => {
  let rec: RecordedPage;
  beforeAll(async () => {
    rec = await openPage(browser, { appUrl: app.url, locale });
    await signInBrowser(rec, app, userId);
    // The page's language as the switcher sets it (it comes before the account's, Russian here).
    await rec.context.addCookies([{ name: "caravan_lang", value: lang, url: app.url }]);
  });
  afterAll(() => rec?.close());

  it.each(PAGES)("$name", async (p) => {
    clearRecords(rec);
    await checkPageCase(rec, app, lang, p);
  });
});
