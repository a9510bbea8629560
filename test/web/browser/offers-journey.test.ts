/**
 * Issue 15's journey in Chromium, in English and in Russian: the agent finds the trip whose hold
 * expires soonest, moves the return flight with a preview and sends a change offer; the patient, in
 * a second browser context, accepts it and pays on the local Stripe page; both exchange a message;
 * the history shows every step. Fails on any console error or request to another host; axe-core on
 * every page. The languages run one after the other: each is the only held trip in the queue then.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locale } from "../../../src/web/i18n/index";
import { DEMO_USERS } from "../helpers";
import { launchBrowser, openPage, signInBrowser, startWebApp, type WebApp } from "./harness";
import { journeyOf } from "./journey";
import {
  agentSendsOffer,
  heldTripOverApi,
  historyShowsEveryStep,
  patientAccepts,
  patientPaysDifference,
  postMessage,
} from "./steps-offers";

let app: WebApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startWebApp({ stripe: true }), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe.each([
  ["en", "en-US"],
  ["ru", "ru-RU"],
] as [Locale, string][])("the change-offer journey in %s", (lang, locale) => {
  it("agent offers a later return flight; the patient accepts and pays; messages; the history", async () => {
    const agentRec = await openPage(browser, { appUrl: app.url, locale, width: 1280 });
    const patientRec = await openPage(browser, { appUrl: app.url, locale, width: 1280 });
    const agent = journeyOf(app, agentRec, lang);
    const patient = journeyOf(app, patientRec, lang);
    try {
      await heldTripOverApi(patient);
      agent.ids.trip = patient.ids.trip!;
      agent.ids.home = patient.ids.home!;
      await signInBrowser(agentRec, app, DEMO_USERS.agent);
      await agentRec.context.addCookies([{ name: "caravan_lang", value: lang, url: app.url }]);
      await signInBrowser(patientRec, app, patient.ids.userId!);
      await agentSendsOffer(agent);
      patient.ids.offer = agent.ids.offer!;
      await patientAccepts(patient);
      await patientPaysDifference(patient);
      await postMessage(patient, "Thank you, the later flight suits us.");
      await postMessage(agent, "Your new return flight is booked.");
      await patientRec.page.reload();
      await expect(patientRec.page.getByText("Your new return flight is booked.").count()).resolves.toBe(1);
      await historyShowsEveryStep(agent);
    } finally {
      await agentRec.close();
      await patientRec.close();
    }
  }, 180_000);
});
