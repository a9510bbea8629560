/**
 * Trip messages in a real browser: the patient (English) writes from the trip page, with a file's
 * details and text that looks like HTML; the agent (Russian, a second browser context) sees the unread
 * count, reads the message shown literally, is refused an empty reply beside the field, then replies.
 * Every page: axe-core, no console error, no request to another host.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertClean, checkA11y, launchBrowser, openPage, signInBrowser, startWebApp, type WebApp } from "./harness";
import { api, checkPage, fill, follow, type Journey, journeyOf, navigate, press } from "./journey";

const HOSPITAL = "hsp_xjph";
const PATIENT = { token: "cvn_demo_patient_alexander", userId: "usr_demo_alexander" };
const AGENT_USER = "usr_demo_agent_silkroad";
const XSS = `<script>window.__xss = 1</script> <b>bold?</b> & "quotes"`;

let app: WebApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startWebApp(), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A draft trip of Alexander's (one city tour), made over the API. */
async function aTrip(j: Journey): Promise<string> {
  const tours = await fetch(`${app.url}/v1/tours?city=Urumqi&date=2026-12-20&language=ru&intensity=low`);
  const departureId = ((await tours.json()) as { data: { departureId: string }[] }).data[0]!.departureId;
  const itn = await api(j, "POST", "/v1/itineraries", PATIENT.token, {
    hospitalId: HOSPITAL,
    travelers: [{ fullName: "Alexander Kovalenko", role: "patient" }],
    components: [{ type: "tour", departureId }],
  });
  return itn.id as string;
}

async function patientWrites(j: Journey, id: string) {
  await navigate(j, () => j.page.goto(`${app.url}/trips/${id}`), new RegExp(`/trips/${id}$`));
  await follow(j, j.t("messages.link", { count: 0 }), new RegExp(`/trips/${id}/messages$`));
  await checkPage(j, "messages-empty");
  await fill(j.page, "body", XSS);
  await fill(j.page, "attachments.0.name", "discharge-plan.pdf");
  await fill(j.page, "attachments.0.mediaType", "application/pdf");
  await fill(j.page, "attachments.0.sizeBytes", "482133");
  await press(j, j.t("messages.form.submit"), /\/messages\?posted=1$/);
  await checkPage(j, "messages-posted");
  await expect.poll(() => j.page.getByText(XSS).count()).toBe(1);
  expect(await j.page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await j.page.locator(".message b").count()).toBe(0);
}

async function agentReads(j: Journey, id: string) {
  await navigate(j, () => j.page.goto(`${app.url}/trips/${id}`), new RegExp(`/trips/${id}$`));
  await follow(j, j.t("messages.link", { count: 1 }), new RegExp(`/trips/${id}/messages$`));
  await checkPage(j, "messages-agent");
  expect(await j.page.getByText(XSS).count()).toBe(1);
  expect(await j.page.getByText(/discharge-plan\.pdf/).count()).toBe(1);
  expect(await j.page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
  // An empty reply: the form again, the message beside the field and in the summary (a 400 document).
  await press(j, j.t("messages.form.submit"), new RegExp(`/trips/${id}/messages$`));
  await expect.poll(() => j.page.locator("#f-body-error").textContent()).toContain(j.t("messages.form.bodyRequired"));
  await checkA11y(j.page);
  assertClean(j.rec, [/status of 400/]);
  j.rec.consoleErrors.length = 0;
  await fill(j.page, "body", "Спасибо, письмо получено.");
  await press(j, j.t("messages.form.submit"), /\/messages\?posted=1$/);
  await checkPage(j, "messages-replied");
  await follow(j, j.t("messages.back"), new RegExp(`/trips/${id}$`));
  expect(await j.page.getByRole("link", { name: j.t("messages.link", { count: 0 }) }).count()).toBe(1);
}

describe("trip messages in the browser", () => {
  it("the patient writes, the agent reads it in a second context and replies", async () => {
    const patient = await openPage(browser, { appUrl: app.url, locale: "en-US" });
    const agent = await openPage(browser, { appUrl: app.url, locale: "ru-RU" });
    try {
      await signInBrowser(patient, app, PATIENT.userId);
      await signInBrowser(agent, app, AGENT_USER);
      // The page's language as the switcher sets it (it comes before the account's, Russian for both).
      await patient.context.addCookies([{ name: "caravan_lang", value: "en", url: app.url }]);
      await agent.context.addCookies([{ name: "caravan_lang", value: "ru", url: app.url }]);
      const p = journeyOf(app, patient, "en");
      const a = journeyOf(app, agent, "ru");
      const id = await aTrip(p);
      await patientWrites(p, id);
      await agentReads(a, id);
      // The patient sees the reply as one unread message.
      await navigate(p, () => p.page.goto(`${app.url}/trips/${id}`), new RegExp(`/trips/${id}$`));
      expect(await p.page.getByRole("link", { name: p.t("messages.link", { count: 1 }) }).count()).toBe(1);
    } finally {
      await patient.close();
      await agent.close();
    }
  }, 120_000);
});
