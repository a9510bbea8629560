/**
 * The journey's second half: the trip from the quote, a timeline problem shown beside its
 * component and fixed, the hold with its countdown, the card payment on the local Stripe page,
 * then the cancellation quoted and confirmed.
 */
import type { Locator } from "playwright-core";
import { expect } from "vitest";
import { checkPage, fill, follow, idFromUrl, type Journey, navigate, press } from "./journey";

const DAY = 86_400_000;
const dayFrom = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** A message with a `{var}` as a pattern matching any value there (e.g. a button naming an amount). */
function pattern(text: string): RegExp {
  const parts = text.split(/\{\w+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(parts.join(".+"));
}

/** Opens a kind's search (a <details>), fills it, searches, and adds the first offer. */
async function addFirst(j: Journey, kind: string, fields: Record<string, string>) {
  const section = j.page.locator(`details:has(form input[name="search"][value="${kind}"])`);
  if (!(await section.evaluate((d: { open: boolean }) => d.open))) await section.locator("summary").click();
  for (const [name, value] of Object.entries(fields)) await fill(section, `${kind}.${name}`, value);
  const search = section.getByRole("button", { name: j.t("trips.search.submit") });
  await navigate(j, () => search.click(), new RegExp(`[?&]search=${kind}`));
  const add = j.page
    .locator(`details:has(form input[name="search"][value="${kind}"])`)
    .getByRole("button", { name: pattern(`${j.t("trips.search.add")}: {what}`) })
    .first();
  await navigate(j, () => add.click(), new RegExp(`/trips/${j.ids.trip}(?!.*search=)`));
}

/** The problem notes (role=alert) the trip's components show. */
function problems(j: Journey): Locator {
  return j.page.locator("#components [role=alert]");
}

/** "Build the trip" from the quote: the patient's name, then the trip's page. */
export async function buildTrip(j: Journey) {
  await follow(j, j.t("care.quote.buildTrip"), /\/trips\/new\?quote=/);
  await checkPage(j, "trip-new");
  await fill(j.page, "travelers[0].fullName", j.lang === "ru" ? "Дана Бекова" : "Dana Bekova");
  await press(j, j.t("trips.new.submit"), /\/trips\/itn_/);
  j.ids.trip = idFromUrl(j.page, "itn");
  await checkPage(j, "trip");
}

/**
 * Flies in two days before admission, then books a city tour on a day in hospital: the tour's
 * component says so and what would fix it; removing the tour clears the problem.
 */
export async function fixTimelineProblem(j: Journey) {
  const admission = j.ids.admission!;
  await addFirst(j, "flight", { origin: "ALA", destination: "URC", date: dayFrom(admission, -2) });
  await expect(problems(j).count()).resolves.toBe(0);
  await addFirst(j, "tour", { city: "Urumqi", date: dayFrom(admission, 2), language: "ru" });
  const problem = problems(j).filter({ hasText: j.t("trips.issue.tour_during_inpatient") });
  await expect(problem.count()).resolves.toBe(1);
  await expect(problem.innerText()).resolves.toContain(j.t("trips.fix.tour_during_inpatient"));
  await checkPage(j, "trip-problem");
  // The fix: take the tour out (its own item in the list, found by its kind's word).
  const tour = j.page.locator("#components li").filter({ hasText: j.t("trips.kind.tour") });
  await expect(tour.count()).resolves.toBe(1);
  const remove = tour.getByRole("button", { name: pattern(j.t("trips.components.removeLabel")) });
  await navigate(j, () => remove.click(), new RegExp(`/trips/${j.ids.trip}`));
  await expect(
    j.page
      .locator("#components li")
      .filter({ hasText: j.t("trips.kind.tour") })
      .count(),
  ).resolves.toBe(0);
  await expect(problems(j).count()).resolves.toBe(0);
  await checkPage(j, "trip-fixed");
}

/** Hold everything at once; the state says held and a countdown runs. */
export async function hold(j: Journey) {
  await press(j, j.t("trips.hold.submit"), new RegExp(`/trips/${j.ids.trip}`));
  await expect(j.page.getByText(j.t("state.held"), { exact: true }).count()).resolves.toBeGreaterThan(0);
  const countdown = j.page.locator("[data-countdown]");
  await expect(countdown.count()).resolves.toBe(1);
  await expect.poll(() => countdown.innerText(), { timeout: 5_000 }).toMatch(/\d/);
  await checkPage(j, "trip-held");
}

/** Pay what is due now on the local Stripe page (the only other host allowed, during this step only). */
export async function payByCard(j: Journey) {
  const stripe = j.app.stripe!;
  const stripeOrigin = new URL(stripe.url).origin;
  j.rec.allowed.add(stripeOrigin);
  try {
    await press(j, pattern(j.t("trips.pay.submit")), /\/pay\/cs_test_/);
    await press(j, "Pay", new RegExp(`^${j.app.url}/trips/${j.ids.trip}`));
  } finally {
    j.rec.allowed.delete(stripeOrigin);
  }
  await expect(j.page.getByText(j.t("state.confirmed"), { exact: true }).count()).resolves.toBeGreaterThan(0);
  await checkPage(j, "trip-paid");
}

/** The cancellation is quoted first (refund per component), then confirmed. */
export async function cancel(j: Journey) {
  await j.page.goto(`${j.app.url}/trips/${j.ids.trip}/cancel`);
  await expect(j.page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(j.t("trips.cancel.title"));
  await expect(j.page.getByRole("table").count()).resolves.toBeGreaterThan(0);
  await checkPage(j, "cancel-quote");
  await press(j, j.t("trips.cancel.confirm"), new RegExp(`/trips/${j.ids.trip}(?!/cancel)`));
  await expect(j.page.getByText(j.t("state.cancelled"), { exact: true }).count()).resolves.toBeGreaterThan(0);
  await checkPage(j, "trip-cancelled");
}
