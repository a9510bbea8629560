/**
 * The journey's first half: find care, sign up, a free consultation, the clinician's recommendation
 * (through the API, as the hospital's clinician does it), the quote and its in-browser verification.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { formatters } from "../../../src/web/i18n/format";
import { signInBrowser } from "./harness";
import { api, checkPage, fill, follow, idFromUrl, type Journey, navigate, press } from "./journey";

export const HOSPITAL = "hsp_xjph";
const CLINICIAN = "cvn_demo_clinician_xjph";

/** Find care: hospitals in Urumqi with cardiac surgery, then the hospital's page. */
export async function findCare(j: Journey) {
  const res = await j.page.goto(`${j.app.url}/`);
  expect(res?.status()).toBe(200);
  expect(await j.page.getByRole("heading", { level: 1 }).innerText()).toBe(j.t("app.tagline"));
  await checkPage(j, "home");
  await fill(j.page, "city", "Urumqi");
  await fill(j.page, "department", "cardiac_surgery");
  await press(j, j.t("public.find.submit"), /[?&]department=cardiac_surgery/);
  await checkPage(j, "find-care");
  const hospital = j.page.locator(`main a[href="/hospitals/${HOSPITAL}"]`).first();
  await navigate(j, () => hospital.click(), new RegExp(`/hospitals/${HOSPITAL}$`));
  await expect(j.page.getByRole("link", { name: j.t("public.hospital.requestConsultation") }).count()).resolves.toBe(1);
  await checkPage(j, "hospital");
}

/** Sign up with the web form; signed in at once. */
export async function signUp(j: Journey, email: string) {
  await follow(j, j.t("nav.signUp"), /\/sign-up/);
  await checkPage(j, "sign-up");
  const name = j.lang === "ru" ? "Дана Бекова" : "Dana Bekova";
  await fill(j.page, "fullName", name);
  await fill(j.page, "email", email);
  await fill(j.page, "nationality", "KZ");
  await fill(j.page, "homeCity", j.lang === "ru" ? "Алматы" : "Almaty");
  await press(j, j.t("auth.signUp.submit"), /\/(me|consultations|hospitals)/);
  await expect(j.page.getByText(j.t("nav.signedInAs", { name })).count()).resolves.toBeGreaterThan(0);
  await checkPage(j, "signed-up");
}

/**
 * Until the sign-up page is on main: a patient signed up over the API (the same verb) and the
 * browser given their session. The journey then goes on as the signed-up patient.
 */
export async function signedUpOverApi(j: Journey, email: string) {
  const name = j.lang === "ru" ? "Дана Бекова" : "Dana Bekova";
  const p = await api(j, "POST", "/v1/patients", "cvn_demo_agent_silkroad", {
    fullName: name,
    email,
    nationality: "KZ",
    homeCity: "Almaty",
    language: j.lang,
    currency: "KZT",
  });
  const me = await api(j, "GET", "/v1/me", p.token);
  await signInBrowser(j.rec, j.app, me.userId);
}

/** From the hospital's page, a free video consultation in cardiac surgery with one record's metadata. */
export async function requestConsultation(j: Journey) {
  await j.page.goto(`${j.app.url}/hospitals/${HOSPITAL}`);
  await follow(j, j.t("public.hospital.requestConsultation"), /\/consultations\/new\?hospital=/);
  // It says, and shows, that it is free: zero in the hospital's currency.
  const free = j.t("care.free", { price: formatters(j.lang).money(0, "CNY") });
  await expect(j.page.getByText(free).count()).resolves.toBeGreaterThan(0);
  await checkPage(j, "consultation-new");
  await fill(j.page, "department", "cardiac_surgery");
  await fill(j.page, "mode", "video");
  await fill(j.page, "complaint", j.lang === "ru" ? "Боль в груди при нагрузке" : "Chest pain on exertion");
  await fill(j.page, "language", "ru");
  await fill(j.page, "records.0.name", "ecg-2026-11.pdf");
  await fill(j.page, "records.0.kind", "lab_result");
  await fill(j.page, "records.0.mediaType", "application/pdf");
  await fill(j.page, "records.0.sizeBytes", "120000");
  await press(j, j.t("care.new.submit"), /\/consultations\/con_/);
  j.ids.consultation = idFromUrl(j.page, "con");
  await expect(j.page.getByText(j.t("care.status.requested"), { exact: true }).count()).resolves.toBeGreaterThan(0);
  await checkPage(j, "consultation-requested");
}

/** The hospital's clinician books the first free slot and records the recommendation (the API). */
export async function clinicianRecommends(j: Journey) {
  const id = j.ids.consultation!;
  const slots = await api(
    j,
    "GET",
    `/v1/hospitals/${HOSPITAL}/consultation-slots?department=cardiac_surgery&mode=video&limit=20`,
    CLINICIAN,
  );
  let scheduled = false;
  for (const s of slots.data as { id: string }[]) {
    const res = await fetch(`${j.app.url}/v1/consultations/${id}/schedule`, {
      method: "POST",
      headers: { authorization: `Bearer ${CLINICIAN}`, "content-type": "application/json" },
      body: JSON.stringify({ slotId: s.id }),
    });
    if (res.status === 200) {
      scheduled = true;
      break;
    }
  }
  expect(scheduled, "no free slot").toBe(true);
  const admission = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
  await api(j, "POST", `/v1/consultations/${id}/recommendation`, CLINICIAN, {
    items: [
      { code: "CARD-CABG", quantity: 1 },
      { code: "BED-ICU", quantity: 2 },
      { code: "BED-WARD", quantity: 8 },
    ],
    admissionDate: admission,
    inpatientNights: 10,
    fitToFlyDays: 7,
    activityRestrictions: [{ activity: "strenuous", days: 30 }],
  });
  j.ids.admission = admission;
  await j.page.reload();
  await expect(j.page.getByText(j.t("care.status.completed"), { exact: true }).count()).resolves.toBeGreaterThan(0);
  await expect(j.page.getByText("CARD-CABG").count()).resolves.toBeGreaterThan(0);
  await checkPage(j, "consultation-recommended");
}

/** The quote from the recommendation; "Verify this price" checks it in the browser; the proof downloads. */
export async function quoteAndVerify(j: Journey) {
  await press(j, j.t("care.getQuote.submit"), /\/quotes\/quo_/);
  j.ids.quote = idFromUrl(j.page, "quo");
  await expect(j.page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(
    j.t("care.quote.title", { id: j.ids.quote }),
  );
  await j.page.getByRole("button", { name: j.t("care.quote.verify.button") }).click();
  const result = j.page.getByRole("status").filter({ hasText: j.t("public.verify.browser.valid") });
  await result.waitFor({ timeout: 10_000 });
  await checkPage(j, "quote-verified");
  const [download] = await Promise.all([
    j.page.waitForEvent("download"),
    j.page.getByRole("link", { name: j.t("care.quote.verify.download") }).click(),
  ]);
  const proof = JSON.parse(readFileSync((await download.path())!, "utf8"));
  expect(proof.signature).toEqual(expect.any(String));
  expect(JSON.stringify(proof)).toContain(j.ids.quote);
}
