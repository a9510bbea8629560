/**
 * The clinician's steps in the hospital console (in the clinician's own language) and a stranger's
 * check of a proof on /verify. The patient's steps are those of steps-care.ts.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { checkPage, fill, type Journey, navigate, press } from "./journey";

export const HOSPITAL = "hsp_xjph";
export const CLINICIAN_USER = "usr_demo_clinician_xjph";

/**
 * A form re-shown with its errors answers 400/422, which Chromium logs as "Failed to load resource"
 * for the page itself: that one message is expected; anything else still fails the page.
 */
async function checkErrorPage(j: Journey, name: string, status: 400 | 422) {
  const expected = `${j.page.url()}: Failed to load resource: the server responded with a status of ${status}`;
  const errors = j.rec.consoleErrors;
  const at = errors.findIndex((m) => m.startsWith(expected));
  expect(at, `no ${status} logged for ${j.page.url()}`).toBeGreaterThanOrEqual(0);
  errors.splice(at, 1);
  await checkPage(j, name);
}

const detailUrl = (id: string) => new RegExp(`/hospital/${HOSPITAL}/consultations/${id}(#schedule)?$`);

/** The queue (requested), the consultation, then a free slot: the appointment shows in both zones. */
export async function clinicianSchedules(j: Journey, consultation: string) {
  await j.page.goto(`${j.app.url}/hospital/${HOSPITAL}/consultations`);
  await expect(j.page.getByRole("heading", { level: 1 }).innerText()).resolves.toContain(
    j.t("clinic.queue.title", { hospital: "" }).trim(),
  );
  await checkPage(j, "clinic-queue");
  await navigate(
    j,
    () => j.page.locator(`main a[href$="/consultations/${consultation}"]`).click(),
    detailUrl(consultation),
  );
  await checkPage(j, "clinic-consultation");
  // Nothing chosen: the message beside the slots.
  await press(j, j.t("clinic.schedule.submit"), /\/schedule$/);
  await expect(j.page.locator("#f-slotId-error").innerText()).resolves.toBe(j.t("clinic.schedule.choose"));
  await checkErrorPage(j, "clinic-schedule-error", 400);
  await j.page.locator('[name="slotId"]').first().check();
  await press(j, j.t("clinic.schedule.submit"), detailUrl(consultation));
  await expect(j.page.getByText(j.t("care.status.scheduled"), { exact: true }).count()).resolves.toBeGreaterThan(0);
  // The appointment in the hospital's zone and the patient's home zone.
  await expect(j.page.locator("[data-slot] time").innerText()).resolves.toMatch(/Shanghai · .*Almaty/);
  await checkPage(j, "clinic-scheduled");
}

/** Finds treatment in the tariff by name in the clinician's language, then by code, and adds both. */
async function pickTreatment(j: Journey, byName: string) {
  await fill(j.page, "q", byName);
  await press(j, j.t("clinic.rec.searchButton"), /\/recommendation$/);
  await checkPage(j, "clinic-search");
  const add = (value: string) =>
    navigate(j, () => j.page.locator(`button[name="add"][value^="${value}"]`).first().click(), /\/recommendation$/);
  await add("CARD-CABG|cardiac_surgery|standard");
  await fill(j.page, "q", "BED-ICU");
  await press(j, j.t("clinic.rec.searchButton"), /\/recommendation$/);
  await add("BED-ICU|");
  expect(await j.page.locator('[name="items.0.code"]').inputValue()).toBe("CARD-CABG");
  expect(await j.page.locator('[name="items.1.code"]').inputValue()).toBe("BED-ICU");
}

/** The recommendation: a mistake shown beside its field first, then recorded; the consultation is completed. */
export async function clinicianRecommends(j: Journey, consultation: string, byName: string) {
  await pickTreatment(j, byName);
  await fill(j.page, "items.1.quantity", "2");
  await fill(j.page, "fitToFlyDays", "400");
  await press(j, j.t("clinic.rec.submit"), /\/recommendation$/);
  await expect(j.page.locator("#f-fitToFlyDays-error").innerText()).resolves.toBe(j.t("field.max", { max: 365 }));
  await expect(j.page.locator("#f-inpatientNights-error").innerText()).resolves.toBe(j.t("field.required"));
  expect(await j.page.locator('[name="items.1.quantity"]').inputValue()).toBe("2");
  await checkErrorPage(j, "clinic-rec-errors", 422);
  const admission = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
  await fill(j.page, "admissionDate", admission);
  await fill(j.page, "inpatientNights", "10");
  await fill(j.page, "fitToFlyDays", "7");
  await fill(j.page, "activityRestrictions.0.activity", "strenuous");
  await fill(j.page, "activityRestrictions.0.days", "30");
  await press(j, j.t("clinic.rec.submit"), detailUrl(consultation));
  await expect(j.page.getByText(j.t("care.status.completed"), { exact: true }).count()).resolves.toBeGreaterThan(0);
  await expect(j.page.getByText("CARD-CABG").count()).resolves.toBeGreaterThan(0);
  await checkPage(j, "clinic-recommended");
}

/** The patient's proof file as the quote page downloads it (the patient's session), saved for a stranger. */
export async function proofFile(j: Journey): Promise<{ file: string; text: string }> {
  const res = await j.page.request.get(`${j.app.url}/quotes/${j.ids.quote}/proof.json`);
  expect(res.status()).toBe(200);
  const text = await res.text();
  const file = path.join(tmpdir(), `${j.ids.quote}-proof.json`);
  writeFileSync(file, text);
  return { file, text };
}

/** Each line's verdict word on the server's answer. */
const lineVerdicts = (j: Journey) => j.page.locator("tr[data-line] .tag").allInnerTexts();

/** A stranger (no sign-in) uploads the proof: the browser's check and the server's line by line both hold. */
export async function strangerVerifies(j: Journey, file: string) {
  await j.page.goto(`${j.app.url}/verify`);
  await checkPage(j, "verify");
  await j.page.locator('input[type="file"]').setInputFiles(file);
  await j.page
    .getByRole("status")
    .filter({ hasText: j.t("public.verify.browser.valid") })
    .waitFor({ timeout: 10_000 });
  await press(j, j.t("public.verify.submit"), /\/verify$/);
  await expect(j.page.getByRole("heading", { name: j.t("public.verify.server.valid") }).count()).resolves.toBe(1);
  expect(await lineVerdicts(j)).toEqual([j.t("verify.lines.holds"), j.t("verify.lines.holds")]);
  await j.page
    .getByRole("status")
    .filter({ hasText: j.t("public.verify.browser.valid") })
    .waitFor({ timeout: 10_000 });
  await checkPage(j, "verify-holds");
}

/** The same proof with one price changed: the browser finds the signature invalid, the server that line off. */
export async function strangerCatchesTampering(j: Journey, text: string) {
  const proof = JSON.parse(text);
  const doc = JSON.parse(proof.payload);
  doc.lines[0].unitPrice -= 100_000;
  doc.lines[0].lineTotal = doc.lines[0].unitPrice * doc.lines[0].quantity;
  doc.medicalTotal -= 100_000 * doc.lines[0].quantity;
  await fill(j.page, "proof", JSON.stringify({ ...proof, payload: JSON.stringify(doc) }));
  await j.page.getByRole("button", { name: j.t("public.verify.browser.button") }).click();
  await j.page
    .getByRole("status")
    .filter({ hasText: j.t("public.verify.browser.invalid") })
    .waitFor({ timeout: 10_000 });
  await press(j, j.t("public.verify.submit"), /\/verify$/);
  await expect(j.page.getByRole("heading", { name: j.t("public.verify.server.invalid") }).count()).resolves.toBe(1);
  expect(await lineVerdicts(j)).toEqual([j.t("verify.lines.fails"), j.t("verify.lines.holds")]);
  await expect(j.page.getByText(j.t("public.verify.signatureFails")).count()).resolves.toBe(1);
  await checkPage(j, "verify-tampered");
}
