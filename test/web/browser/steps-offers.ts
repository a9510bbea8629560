/**
 * Change offers in the browser (issue 15): a held trip set up over the API; the agent sends an offer
 * from the console's change preview; the patient, driven as a person would, follows the trip's
 * banner to the offer, accepts it, pays on the local Stripe page; both write a message; the history.
 */
import { expect } from "vitest";
import { api, checkPage, fill, follow, type Journey, navigate, press } from "./journey";

const AGENT = "cvn_demo_agent_silkroad";
const DAY = 86_400_000;
const compact = (d: string) => d.replace(/-/g, "");
const dayFrom = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

/** A message with a `{var}` as a pattern matching any value there. */
export function pattern(text: string): RegExp {
  const parts = text.split(/\{\w+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(parts.join(".+"));
}

/** The patient sees the banner, opens the offer, accepts it and lands on the trip's pay step. */
export async function patientAccepts(j: Journey) {
  await j.page.goto(`${j.app.url}/trips/${j.ids.trip}`);
  await checkPage(j, "trip-offer-banner");
  await follow(j, j.t("offers.banner.link"), new RegExp(`/trips/${j.ids.trip}/offers/${j.ids.offer}$`));
  await expect(j.page.getByText(j.t("offers.status.open"), { exact: true }).count()).resolves.toBe(1);
  await expect(j.page.getByText("CZ6007").count()).resolves.toBeGreaterThan(0);
  await checkPage(j, "offer");
  await press(j, j.t("offers.page.accept"), new RegExp(`/trips/${j.ids.trip}\\?done=offerAccepted#hold$`));
  await expect(j.page.getByText(j.t("offers.notice.accepted")).count()).resolves.toBe(1);
  await checkPage(j, "offer-accepted");
}

/** Pays the difference on the local Stripe page (the only other host allowed, during this step only). */
export async function patientPaysDifference(j: Journey) {
  const stripe = j.app.stripe!;
  const stripeOrigin = new URL(stripe.url).origin;
  j.rec.allowed.add(stripeOrigin);
  try {
    await press(j, pattern(j.t("trips.pay.submit")), /\/pay\/cs_test_/);
    await press(j, "Pay", new RegExp(`^${j.app.url}/trips/${j.ids.trip}`));
  } finally {
    j.rec.allowed.delete(stripeOrigin);
  }
  await expect
    .poll(async () => {
      await j.page.reload();
      return j.page.getByText(j.t("trips.pay.nothingDue")).count();
    })
    .toBe(1);
  await checkPage(j, "offer-paid");
}

const CLINICIAN = "cvn_demo_clinician_xjph";
const H = "hsp_xjph";
const ROOM = "rmt_urc_yindu_std";
const isoPlus = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/**
 * A patient of the demo agency (in the journey's language) with a recommendation three weeks out,
 * its quote and a held trip: consultation, treatment, both flights and the two hotel stays. Sets
 * `ids.trip`, `ids.home` (the return date), `ids.userId`, `ids.token`.
 */
export async function heldTripOverApi(j: Journey) {
  const p = await api(j, "POST", "/v1/patients", AGENT, {
    fullName: "Dana Bekova",
    email: `dana.journey.${j.lang}@example.kz`,
    nationality: "KZ",
    homeCity: "Almaty",
    language: j.lang,
    currency: "KZT",
  });
  const token = p.token as string;
  j.ids.token = token;
  j.ids.userId = (await api(j, "GET", "/v1/me", token)).userId as string;
  const c = await api(j, "POST", "/v1/consultations", token, {
    hospitalId: H,
    department: "cardiac_surgery",
    mode: "video",
    complaint: "Three-vessel disease",
    language: "ru",
  });
  const slots = await (
    await fetch(`${j.app.url}/v1/hospitals/${H}/consultation-slots?department=cardiac_surgery`)
  ).json();
  for (const s of (slots as { data: { id: string }[] }).data) {
    const res = await fetch(`${j.app.url}/v1/consultations/${c.id}/schedule`, {
      method: "POST",
      headers: { authorization: `Bearer ${CLINICIAN}`, "content-type": "application/json" },
      body: JSON.stringify({ slotId: s.id }),
    });
    if (res.status === 200) break;
  }
  const admission = dayFrom(21);
  await api(j, "POST", `/v1/consultations/${c.id}/recommendation`, CLINICIAN, {
    items: [{ code: "CARD-CABG", quantity: 1 }],
    admissionDate: admission,
    inpatientNights: 10,
    fitToFlyDays: 7,
  });
  const quote = await api(j, "POST", "/v1/quotes", token, { consultationId: c.id });
  const home = isoPlus(admission, 18);
  const itn = await api(j, "POST", "/v1/itineraries", token, {
    quoteId: quote.id,
    travelers: [{ fullName: "Dana Bekova", role: "patient" }],
    components: [
      { type: "consultation", consultationId: c.id },
      { type: "treatment" },
      { type: "flight", flightId: `flt_kc871_${compact(isoPlus(admission, -2))}` },
      { type: "flight", flightId: `flt_kc872_${compact(home)}` },
      { type: "lodging", roomTypeId: ROOM, checkIn: isoPlus(admission, -2), checkOut: admission },
      { type: "lodging", roomTypeId: ROOM, checkIn: isoPlus(admission, 10), checkOut: home },
    ],
  });
  const res = await fetch(`${j.app.url}/v1/itineraries/${itn.id}/hold`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "if-match": `"${itn.version}"` },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  j.ids.trip = itn.id as string;
  j.ids.home = home;
}

/**
 * The agent: the queue's first row is the hold expiring soonest (ours); its editor; change the
 * return flight to the next day's; the preview; "Send to the patient as an offer" with a reason.
 */
export async function agentSendsOffer(j: Journey) {
  await navigate(j, () => j.page.goto(`${j.app.url}/agent`), /\/agent$/);
  await checkPage(j, "agent-queue");
  // Holds expiring soonest come first; ours is the only live one here, so it is that first row.
  const first = j.page.locator("table.queue tbody tr").first();
  await expect(first.innerText()).resolves.toContain(j.t("agent.reason.hold_expiring"));
  const link = j.page.getByRole("link", { name: j.t("agent.queue.trip", { id: j.ids.trip! }) });
  await expect(first.getByRole("link", { name: j.t("agent.queue.trip", { id: j.ids.trip! }) }).count()).resolves.toBe(
    1,
  );
  await navigate(j, () => link.first().click(), new RegExp(`/agent/trips/${j.ids.trip}$`));
  await checkPage(j, "agent-editor");
  await navigate(j, () => j.page.locator(`a[href*="replace="][href*="search=flight"]`).last().click(), /replace=cmp_/);
  const section = j.page.locator(`details:has(form input[name="search"][value="flight"])`);
  await fill(section, "flight.date", isoPlus(j.ids.home!, 1));
  await navigate(j, () => section.getByRole("button", { name: j.t("trips.search.submit") }).click(), /search=flight/);
  const choose = j.page
    .locator(`details:has(form input[name="search"][value="flight"])`)
    .getByRole("button", { name: new RegExp(`^${j.t("trips.search.choose")}: `) })
    .first();
  await navigate(j, () => choose.click(), /\/changes\/preview$/);
  await checkPage(j, "agent-preview");
  await fill(j.page.locator("form#offer-form"), "reason", "The doctor extends the stay");
  await press(j, j.t("agent.preview.offer"), new RegExp(`/trips/${j.ids.trip}/offers/cof_\\w+\\?done=sent$`));
  j.ids.offer = /\/offers\/(cof_\w+)/.exec(j.page.url())![1]!;
  await expect(j.page.getByText(j.t("offers.notice.sent")).count()).resolves.toBe(1);
  await expect(j.page.getByText(j.t("offers.status.open"), { exact: true }).count()).resolves.toBe(1);
  await checkPage(j, "agent-offer-sent");
}

/** One side writes a message on the trip's conversation; it shows there. */
export async function postMessage(j: Journey, text: string) {
  await navigate(j, () => j.page.goto(`${j.app.url}/trips/${j.ids.trip}/messages`), /\/messages$/);
  await fill(j.page, "body", text);
  await press(j, j.t("messages.form.submit"), /\/messages\?posted=1$/);
  await expect(j.page.getByText(text).count()).resolves.toBeGreaterThan(0);
  await checkPage(j, "messages");
}

/** The trip's history shows every step: held, the offer sent and accepted, confirmed. */
export async function historyShowsEveryStep(j: Journey) {
  await navigate(j, () => j.page.goto(`${j.app.url}/trips/${j.ids.trip}/history`), /\/history$/);
  for (const key of [
    "trips.history.held",
    "offers.history.offer_created",
    "offers.history.offer_accepted",
    "trips.history.confirmed",
  ])
    await expect(j.page.getByText(j.t(key), { exact: true }).count(), key).resolves.toBeGreaterThan(0);
  await checkPage(j, "history-every-step");
}
