/**
 * Change offers in the browser: a confirmed trip set up over the API (as the agent's console would
 * leave it), the agent's offer, then the patient's side driven as a person would: the trip's banner,
 * the offer page, Accept, the card payment of the difference, the history.
 */
import { expect } from "vitest";
import { api, checkPage, follow, type Journey, navigate, press } from "./journey";

const AGENT = "cvn_demo_agent_silkroad";
const DAY = 86_400_000;
const compact = (d: string) => d.replace(/-/g, "");
const dayFrom = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

/** A message with a `{var}` as a pattern matching any value there. */
export function pattern(text: string): RegExp {
  const parts = text.split(/\{\w+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(parts.join(".+"));
}

/**
 * A patient of the demo agency (in the journey's language) with a confirmed two-flight trip ten days
 * out: held by them, paid by bank transfer recorded by the agent. Sets `ids.trip`, `ids.returnFlight`,
 * `ids.userId` and the patient's token.
 */
export async function confirmedTripOverApi(j: Journey) {
  const p = await api(j, "POST", "/v1/patients", AGENT, {
    fullName: "Dana Bekova",
    email: `dana.offers.${j.lang}@example.kz`,
    nationality: "KZ",
    homeCity: "Almaty",
    language: j.lang,
    currency: "KZT",
  });
  j.ids.token = p.token as string;
  j.ids.userId = (await api(j, "GET", "/v1/me", j.ids.token)).userId as string;
  const trip = await api(j, "POST", "/v1/itineraries", j.ids.token, {
    hospitalId: "hsp_xjph",
    travelers: [{ fullName: "Dana Bekova", role: "patient", needsLodging: false }],
    components: [
      { type: "flight", flightId: `flt_kc871_${compact(dayFrom(10))}` },
      { type: "flight", flightId: `flt_kc872_${compact(dayFrom(14))}` },
    ],
  });
  j.ids.trip = trip.id as string;
  j.ids.returnFlight = trip.components[1].id as string;
  const held = await fetch(`${j.app.url}/v1/itineraries/${trip.id}/hold`, {
    method: "POST",
    headers: { authorization: `Bearer ${j.ids.token}`, "if-match": `"${trip.version}"` },
  });
  const heldBody = (await held.json()) as { version: number; balance: { outstanding: unknown } };
  expect(held.status, JSON.stringify(heldBody)).toBe(200);
  const paid = await fetch(`${j.app.url}/v1/itineraries/${trip.id}/bank-transfers`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${AGENT}`,
      "if-match": `"${heldBody.version}"`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ reference: `BANK-${trip.id}`, amount: heldBody.balance.outstanding }),
  });
  expect(paid.status, await paid.clone().text()).toBe(200);
  j.ids.version = String(((await paid.json()) as { version: number }).version);
}

/** The agent offers a later return flight (China Southern, a little dearer) over the API. */
export async function agentOffersLaterReturn(j: Journey) {
  const res = await fetch(`${j.app.url}/v1/itineraries/${j.ids.trip}/change-offers`, {
    method: "POST",
    headers: { authorization: `Bearer ${AGENT}`, "if-match": `"${j.ids.version}"`, "content-type": "application/json" },
    body: JSON.stringify({
      change: {
        action: "replace",
        componentId: j.ids.returnFlight,
        component: { type: "flight", flightId: `flt_cz6007_${compact(dayFrom(15))}` },
      },
      reason: "The doctor extends the stay by a day.",
    }),
  });
  const offer = (await res.json()) as { id: string };
  expect(res.status, JSON.stringify(offer)).toBe(201);
  j.ids.offer = offer.id as string;
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

/** The history names the offer's steps. */
export async function historyShowsOffer(j: Journey) {
  await navigate(j, () => j.page.goto(`${j.app.url}/trips/${j.ids.trip}/history`), /\/history$/);
  for (const key of ["offers.history.offer_created", "offers.history.offer_accepted"])
    await expect(j.page.getByText(j.t(key), { exact: true }).count()).resolves.toBe(1);
  await checkPage(j, "history-offer");
}
