/**
 * The agent's console in Chromium: queue → trip editor → a later return flight → preview → apply,
 * then the history with the reason. Every console page passes axe-core (no serious or critical
 * violation), the weight limit, 375/1280 px screenshots without sideways scrolling, and a clean
 * console and network.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../helpers";
import { launchBrowser, openPage, type RecordedPage, signInBrowser, startWebApp, type WebApp } from "./harness";
import { checkPage, fill, type Journey, journeyOf, navigate, press } from "./journey";

const AGENT = "cvn_demo_agent_silkroad";
const CLINICIAN = "cvn_demo_clinician_xjph";
const H = "hsp_xjph";
const ROOM = "rmt_urc_yindu_std";
const DAY = 86_400_000;
const dayFrom = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

let app: WebApp;
let browser: Browser;
let rec: RecordedPage;

async function call(method: string, path: string, token: string | null, body?: unknown) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
  return JSON.parse(text);
}

/** A patient of the agent's agency with a recommendation 3 weeks out, a quote and a held trip with both flights. */
async function heldTrip() {
  const signUp = await call("POST", "/v1/patients", AGENT, {
    fullName: "Dana Bekova",
    email: "dana.console@example.kz",
    nationality: "KZ",
    homeCity: "Almaty",
    language: "ru",
    currency: "KZT",
  });
  const token = signUp.token as string;
  const c = await call("POST", "/v1/consultations", token, {
    hospitalId: H,
    department: "cardiac_surgery",
    mode: "video",
    complaint: "Three-vessel disease",
    language: "ru",
  });
  const slots = await call("GET", `/v1/hospitals/${H}/consultation-slots?department=cardiac_surgery&mode=video`, null);
  for (const s of slots.data as { id: string }[]) {
    const res = await fetch(`${app.url}/v1/consultations/${c.id}/schedule`, {
      method: "POST",
      headers: { authorization: `Bearer ${CLINICIAN}`, "content-type": "application/json" },
      body: JSON.stringify({ slotId: s.id }),
    });
    if (res.status === 200) break;
  }
  const admission = new Date(Date.now() + 21 * DAY).toISOString().slice(0, 10);
  await call("POST", `/v1/consultations/${c.id}/recommendation`, CLINICIAN, {
    items: [{ code: "CARD-CABG", quantity: 1 }],
    admissionDate: admission,
    inpatientNights: 10,
    fitToFlyDays: 7,
  });
  const quote = await call("POST", "/v1/quotes", token, { consultationId: c.id });
  const flight = async (from: string, to: string, date: string) =>
    (await call("GET", `/v1/flights?origin=${from}&destination=${to}&date=${date}`, null)).data[0].id as string;
  const home = dayFrom(admission, 18);
  const itn = await call("POST", "/v1/itineraries", token, {
    quoteId: quote.id,
    travelers: [{ fullName: "Dana Bekova", role: "patient" }],
    components: [
      { type: "consultation", consultationId: c.id },
      { type: "treatment" },
      { type: "flight", flightId: await flight("ALA", "URC", dayFrom(admission, -2)) },
      { type: "flight", flightId: await flight("URC", "ALA", home) },
      { type: "lodging", roomTypeId: ROOM, checkIn: dayFrom(admission, -2), checkOut: admission },
      { type: "lodging", roomTypeId: ROOM, checkIn: dayFrom(admission, 10), checkOut: home },
    ],
  });
  const res = await fetch(`${app.url}/v1/itineraries/${itn.id}/hold`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "if-match": `"${itn.version}"` },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return { id: itn.id as string, home };
}

beforeAll(async () => {
  app = await startWebApp();
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await rec?.close();
  await browser?.close();
  await app?.close();
});

describe("the agent's console in a browser", () => {
  it("queue → editor → later return flight → preview → apply → history, every page accessible", async () => {
    const trip = await heldTrip();
    rec = await openPage(browser, { appUrl: app.url });
    await signInBrowser(rec, app, DEMO_USERS.agent);
    const j: Journey = journeyOf(app, rec, "ru"); // the demo agent reads Russian;
    await navigate(j, () => j.page.goto(`${app.url}/agent`), /\/agent$/);
    await checkPage(j, "agent-queue");
    // The held trip is first, its countdown running.
    const first = j.page.locator("table.queue tbody tr").first();
    await expect(first.innerText()).resolves.toContain(j.t("agent.reason.hold_expiring"));
    await expect(first.locator("[role=timer]").count()).resolves.toBe(1);
    await navigate(
      j,
      () => first.getByRole("link", { name: j.t("agent.queue.trip", { id: trip.id }) }).click(),
      /\/agent\/trips\/itn_/,
    );
    await checkPage(j, "agent-editor");
    // Change the return flight: search the next day, choose the first flight.
    const change = j.page.locator(`a[href*="replace="][href*="search=flight"]`).last();
    await navigate(j, () => change.click(), /replace=cmp_/);
    const section = j.page.locator(`details:has(form input[name="search"][value="flight"])`);
    await fill(section, "flight.date", dayFrom(trip.home, 1));
    await navigate(j, () => section.getByRole("button", { name: j.t("trips.search.submit") }).click(), /search=flight/);
    const choose = j.page
      .locator(`details:has(form input[name="search"][value="flight"])`)
      .getByRole("button", { name: new RegExp(`^${j.t("trips.search.choose")}: `) })
      .first();
    await navigate(j, () => choose.click(), /\/changes\/preview$/);
    await checkPage(j, "agent-preview");
    await expect(j.page.locator("form#offer-form").count()).resolves.toBe(1);
    await fill(j.page.locator("form#apply-form"), "reason", "Doctor extended the stay");
    await press(j, j.t("agent.preview.apply"), /\/agent\/trips\/itn_[^?]+\?done=changed/);
    await expect(j.page.locator("[role=status]").innerText()).resolves.toContain(j.t("agent.editor.changed"));
    await checkPage(j, "agent-editor-changed");
    await navigate(j, () => j.page.getByRole("link", { name: j.t("agent.editor.history") }).click(), /\/history$/);
    await checkPage(j, "agent-history");
    await expect(j.page.locator("main").innerText()).resolves.toContain(
      j.t("agent.history.reason", { reason: "Doctor extended the stay" }),
    );
    await navigate(j, () => j.page.getByRole("link", { name: j.t("agent.nav.patients") }).click(), /\/patients$/);
    await checkPage(j, "agent-patients");
    await navigate(j, () => j.page.getByRole("link", { name: "Dana Bekova" }).first().click(), /\/patients\/pat_/);
    await checkPage(j, "agent-patient-file");
    await navigate(
      j,
      () => j.page.getByRole("link", { name: j.t("agent.nav.newPatient") }).click(),
      /\/patients\/new$/,
    );
    await checkPage(j, "agent-new-patient");
  }, 120_000);
});
