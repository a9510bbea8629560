/**
 * Issue 16's clinicians and public pages in a real browser: a patient asks for a consultation; the
 * hospital's clinician (in Chinese, the account's language) schedules it and records the
 * recommendation, picking treatment from the tariff; the patient turns it into a quote and downloads
 * its proof; a stranger verifies the proof on /verify, and a proof with one price changed fails.
 * Every page: axe-core, no console error, no request to another host, screenshots.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { launchBrowser, openPage, signInBrowser, startWebApp, type WebApp } from "./harness";
import { journeyOf } from "./journey";
import {
  CLINICIAN_USER,
  clinicianRecommends,
  clinicianSchedules,
  proofFile,
  strangerCatchesTampering,
  strangerVerifies,
} from "./steps-clinic";
import { findCare, quoteAndVerify, requestConsultation, signUp } from "./steps-care";

let app: WebApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startWebApp(), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("a consultation from the clinician's console to a verified proof", () => {
  it("is scheduled and recommended by the clinician, quoted by the patient, verified by a stranger", async () => {
    const [patientRec, clinicianRec, strangerRec] = await Promise.all([
      openPage(browser, { appUrl: app.url, locale: "en-US" }),
      openPage(browser, { appUrl: app.url, locale: "zh-CN" }),
      openPage(browser, { appUrl: app.url, locale: "en-US" }),
    ]);
    try {
      const patient = journeyOf(app, patientRec, "en");
      await findCare(patient);
      await signUp(patient, "dana.clinic@example.kz");
      await requestConsultation(patient);
      const id = patient.ids.consultation!;

      await signInBrowser(clinicianRec, app, CLINICIAN_USER);
      const clinician = journeyOf(app, clinicianRec, "zh");
      await clinicianSchedules(clinician, id);
      await clinicianRecommends(clinician, id, "冠状动脉");

      await patient.page.reload();
      await quoteAndVerify(patient);
      const proof = await proofFile(patient);

      const stranger = journeyOf(app, strangerRec, "en");
      await strangerVerifies(stranger, proof.file);
      await strangerCatchesTampering(stranger, proof.text);
    } finally {
      await Promise.all([patientRec.close(), clinicianRec.close(), strangerRec.close()]);
    }
  }, 180_000);
});
