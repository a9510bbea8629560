import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../helpers/itinerary-fixtures";
import { T } from "../helpers/tokens";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { formatters } from "../../src/web/i18n/format";
import { completeDraft, formsTo, pagesAs, patientWithQuote } from "./trips-helpers";

let t: TestApp;
let web: ReturnType<typeof pagesAs>;
let patient: Awaited<ReturnType<typeof patientWithQuote>>;
let tripId: string;

beforeAll(async () => {
  t = await createTestApp();
  web = pagesAs(t);
  patient = await patientWithQuote(t);
});
afterAll(() => t.close());

/** The itinerary as the API shows it to the patient. */
const api = async (id: string): Promise<any> =>
  (await t.call("GET", `/v1/itineraries/${id}`, { token: patient.token })).json();
const versionOf = async (id: string) => (await api(id)).version as number;

describe("starting a trip from a quote", () => {
  it("shows who travels, then creates the draft with the consultation and treatment and goes to it", async () => {
    await web.signIn(patient.token);
    const form = await web.get(`/trips/new?quote=${patient.quote.id}`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain(`name="quoteId" value="${patient.quote.id}"`);
    expect(html).toMatch(/<label for="f-travelers-0-fullName">/);

    const res = await web.post("/trips/new", {
      quoteId: patient.quote.id,
      "travelers[0].fullName": "Aigerim Nurlanovna",
      "travelers[1].fullName": "Daulet Nurlanov",
    });
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/trips\/itn_[^?]+\?done=created$/);
    tripId = location.slice("/trips/".length).split("?")[0]!;
    const trip = await api(tripId);
    expect(trip.components.map((x: { type: string }) => x.type).sort()).toEqual(["consultation", "treatment"]);
    expect(trip.travelers.map((x: { role: string }) => x.role)).toEqual(["patient", "companion"]);
  });

  it("re-shows the form with the message beside the name when it is missing", async () => {
    const res = await web.post("/trips/new", { quoteId: patient.quote.id, "travelers[0].fullName": " " });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="f-travelers-0-fullName-error">Required</);
  });

  it(
    "draws the trip: state, the treatment, the inpatient stay and fit-to-fly window shaded, " + "both currencies",
    async () => {
      const res = await web.get(`/trips/${tripId}?done=created`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("tag-draft");
      expect(html).toContain("Your trip is started");
      expect(html).toMatch(/10 nights in hospital; fit to fly 7 days after discharge/);
      expect((html.match(/class="timeline-day day-inpatient"/g) ?? []).length).toBe(10);
      expect((html.match(/class="timeline-day day-fit-to-fly"/g) ?? []).length).toBe(7);
      expect(html).toMatch(/<th scope="col">CNY<\/th>\s*<th scope="col">KZT<\/th>/);
      expect(html).toContain('href="/trips/' + tripId + '/calendar.ics"');
    },
  );
});

const SEARCHES = [
  { kind: "flight", query: { origin: "ALA", destination: "URC", date: "2026-12-05" }, shows: "KC871" },
  { kind: "transfer", query: { airport: "URC", at: "2026-12-05T16:30", direction: "arrival" }, shows: "URC" },
  { kind: "lodging", query: { checkIn: "2026-12-05", checkOut: "2026-12-07", guests: "2" }, shows: "nights" },
  { kind: "tour", query: { city: "Urumqi", date: "2026-12-20", language: "ru" }, shows: "(ru)" },
] as const;

describe.each(SEARCHES)("a $kind", ({ kind, query, shows }) => {
  it("is searched, added (prices and totals change) and removed", async () => {
    await web.signIn(patient.token);
    const params = new URLSearchParams({ search: kind });
    for (const [k, v] of Object.entries(query)) params.set(`${kind}.${k}`, v);
    const found = await web.get(`/trips/${tripId}?${params}`);
    expect(found.status).toBe(200);
    const html = await found.text();
    const offers = formsTo(html, `/trips/${tripId}/components`);
    expect(offers.length).toBeGreaterThan(0);
    expect(offers[0]).toMatchObject({ type: kind, version: String(await versionOf(tripId)) });
    const before = await api(tripId);

    const added = await web.post(`/trips/${tripId}/components`, offers[0]!);
    expect(added.status).toBe(303);
    expect(added.headers.get("location")).toBe(`/trips/${tripId}?done=added#components`);
    const after = await api(tripId);
    const mine = after.components.find((x: { type: string; id: string }) => x.type === kind);
    expect(mine).toBeDefined();
    expect(after.pricing.totals.hospitalCurrency.travel.amount).toBeGreaterThan(
      before.pricing.totals.hospitalCurrency.travel.amount,
    );
    const page = await (await web.get(`/trips/${tripId}`)).text();
    expect(page).toContain(`id="cmp-${mine.id}"`);
    expect(page.slice(page.indexOf(`id="cmp-${mine.id}"`))).toContain(shows);

    const removed = await web.post(`/trips/${tripId}/components/${mine.id}/remove`, {
      version: String(after.version),
    });
    expect(removed.status).toBe(303);
    const gone = await api(tripId);
    expect(gone.components.some((x: { id: string }) => x.id === mine.id)).toBe(false);
    expect(gone.pricing.totals.hospitalCurrency.travel.amount).toBe(
      before.pricing.totals.hospitalCurrency.travel.amount,
    );
  });

  it("shows the search form again with the message beside a missing field", async () => {
    const res = await web.get(`/trips/${tripId}?search=${kind}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`id="f-${kind}-[A-Za-z]+-error">Required<`));
    expect(html).toMatch(new RegExp(`<details class="search-kind" id="search-${kind}" open`));
  });
});

describe.each([
  ["en", "Your trip to Urumqi", "Day by day", "Hold everything"],
  ["ru", "Ваша поездка в Urumqi", "По дням", "Забронировать всё"],
  ["zh", "您的Urumqi之行", "每日行程", "全部预留"],
  ["kk", "Urumqi қаласына сапарыңыз", "Күн сайын", "Бәрін брондау"],
])("the trip page in %s", (locale, title, timeline, hold) => {
  it("speaks the visitor's language throughout", async () => {
    await web.signIn(patient.token);
    const html = await (await web.get(`/trips/${tripId}`, locale)).text();
    expect(html).toContain(`<html lang="${locale}">`);
    expect(html).toContain(`<title>${title} — Caravan</title>`);
    expect(html).toContain(`<h2 id="timeline-title">${timeline}</h2>`);
    expect(html).toContain(`>${hold}</button>`);
  });
});

describe("a stale form", () => {
  it("re-shows the trip as it is now with a message, changing nothing", async () => {
    const res = await web.post(`/trips/${tripId}/hold`, { version: "1" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("The trip changed meanwhile");
    expect((await api(tripId)).status).toBe("draft");
  });
});

describe("a hold refused", () => {
  it.each([
    ["en", "Add something to the trip before holding it."],
    ["ru", "Добавьте что-нибудь в поездку, прежде чем бронировать."],
  ])("says why in the visitor's language (%s), beside the hold button", async (lang, message) => {
    const empty = await ok(
      await t.call("POST", "/v1/itineraries", {
        token: patient.token,
        body: { quoteId: patient.quote.id, travelers: [{ fullName: "Aigerim Nurlanovna", role: "patient" }] },
      }),
      201,
    );
    const res = await web.post(`/trips/${empty.id}/hold`, { version: String(empty.version) }, lang);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`<section class="trip-hold"[^]*role="alert">${message}`));
    expect((await api(empty.id)).status).toBe("draft");
  });
});

describe("someone else's trip", () => {
  it.each([
    ["the page", "GET", ""],
    ["its history", "GET", "/history"],
    ["its cancellation", "GET", "/cancel"],
    ["its calendar", "GET", "/calendar.ics"],
    ["a hold", "POST", "/hold"],
  ])("is not found: %s", async (_what, method, suffix) => {
    await web.signIn(T.anar);
    const res =
      method === "GET" ? await web.get(`/trips/${tripId}${suffix}`) : await web.post(`/trips/${tripId}${suffix}`, {});
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("Aigerim");
  });

  it("sends a visitor to sign in", async () => {
    await web.signIn(null);
    const res = await web.get(`/trips/${tripId}`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/sign-in?next=${encodeURIComponent(`/trips/${tripId}`)}`);
  });
});

describe("hold, pay without card keys, history, cancel", () => {
  let held: Awaited<ReturnType<typeof completeDraft>>;

  it(
    "holds everything at once and shows the expiry with a countdown; " + "cards unavailable shows the bank transfer",
    async () => {
      await web.signIn(patient.token);
      held = await completeDraft(t, patient.token, patient.quote.id, patient.consultationId, 1);
      const res = await web.post(`/trips/${held.id}/hold`, { version: String(held.version) });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/trips/${held.id}?done=held#hold`);
      const html = await (await web.get(`/trips/${held.id}?done=held`)).text();
      expect(html).toContain("tag-held");
      expect(html).toMatch(/data-countdown="2026-11-22T10:20:00.000Z"/);
      expect(html).toMatch(/Held until <time datetime="2026-11-22T10:20:00.000Z">/);
      expect(html).toContain("Card payment is not available here.");
      expect(html).toMatch(new RegExp(`with the reference ${held.id}`));
      expect(html).not.toContain(`action="/trips/${held.id}/pay"`);
    },
  );

  it("lists the trip under my trips with its state", async () => {
    const html = await (await web.get("/trips")).text();
    expect(html).toMatch(new RegExp(`href="/trips/${held.id}">Trip ${held.id}</a> <strong class="tag tag-held"`));
  });

  it("shows the history of changes in order", async () => {
    const html = await (await web.get(`/trips/${held.id}/history`)).text();
    const rows = html.match(/<tr><td>\d+<\/td>/g) ?? [];
    expect(rows.length).toBe(2);
    expect(html).toMatch(/Trip started[\s\S]*Held/);
  });

  it("the history in ru: its steps, the hold's end in the hospital's local time, no English summary", async () => {
    const html = await (await web.get(`/trips/${held.id}/history`, "ru")).text();
    const until = formatters("ru").dateTime("2026-11-22T10:20:00.000Z", "Asia/Shanghai");
    expect(html).toContain('<span class="history-action">Поездка создана</span>');
    expect(html).toContain(
      `<span class="history-action">Забронировано</span><br/><span class="history-detail">До ${until}</span>`,
    );
    expect(html).not.toMatch(/Held until|Created with|2026-11-22T10:20/);
  });

  it("names every timeline event in the page's language: a ru page shows no English title", async () => {
    const english: string[] = (await api(held.id)).timeline.map((e: { title: string }) => e.title);
    const html = await (await web.get(`/trips/${held.id}`, "ru")).text();
    const lines = Array.from(html.matchAll(/<span class="event-what">([^<]*)<\/span>/g), (m) =>
      m[1]!
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, "&"),
    );
    expect(lines.length).toBe(english.length);
    for (const line of lines) {
      expect(
        english.filter((e) => line.startsWith(e)),
        line,
      ).toEqual([]);
      expect(line).toMatch(/[а-яё]/i);
    }
    expect(lines).toContain("Вылет рейса KC871: Almaty (ALA) → Urumqi (URC)");
    expect(english).toContain("KC871 departs Almaty (ALA) for Urumqi (URC)");
  });

  it("serves the calendar file", async () => {
    const res = await web.get(`/trips/${held.id}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/calendar/);
    expect(await res.text()).toMatch(/^BEGIN:VCALENDAR[\s\S]*KC871/);
  });

  it("changes the trip while held: the change is held at once and the hold stays", async () => {
    const before = await api(held.id);
    const tour = before.components.find((x: { type: string }) => x.type === "tour");
    const page = await (await web.get(`/trips/${held.id}`)).text();
    expect(page).toContain("You can still change the trip while it is held");
    const [remove] = formsTo(page, `/trips/${held.id}/components/${tour.id}/remove`);
    const res = await web.post(`/trips/${held.id}/components/${tour.id}/remove`, remove!);
    expect(res.status).toBe(303);
    const after = await api(held.id);
    expect(after.status).toBe("held");
    expect(after.hold).toEqual(before.hold);
    expect(after.components.some((x: { id: string }) => x.id === tour.id)).toBe(false);
    expect(after.pricing.totals.hospitalCurrency.dueNow.amount).toBeLessThan(
      before.pricing.totals.hospitalCurrency.dueNow.amount,
    );
  });

  it("quotes the cancellation per component first, then confirms it", async () => {
    const quote = await web.get(`/trips/${held.id}/cancel`);
    expect(quote.status).toBe(200);
    const html = await quote.text();
    expect(html).toMatch(/This offer is valid until <time datetime="2026-11-22T10:10:00.000Z">/);
    expect((html.match(/<tr><th scope="row">/g) ?? []).length).toBe((await api(held.id)).components.length + 2);
    const [form] = formsTo(html, `/trips/${held.id}/cancel`);
    expect(form!.cancellationQuoteId).toMatch(/^cxq_/);
    expect((await api(held.id)).status).toBe("held");
    const done = await web.post(`/trips/${held.id}/cancel`, form!);
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`/trips/${held.id}?done=cancelled`);
    const page = await (await web.get(`/trips/${held.id}?done=cancelled`)).text();
    expect(page).toContain("tag-cancelled");
    expect(page).not.toContain(`action="/trips/${held.id}/hold"`);
  });

  it("refuses a used cancellation quote and quotes again with the reason", async () => {
    const res = await web.post(`/trips/${held.id}/cancel`, { cancellationQuoteId: "cxq_nope", version: "99" });
    expect([404, 409]).toContain(res.status);
  });
});

describe("a component sold out at hold time", () => {
  it("says which, and offers alternatives that take its place", async () => {
    await web.signIn(patient.token);
    const draft = await completeDraft(t, patient.token, patient.quote.id, patient.consultationId, 2);
    const flightId = "flt_kc871_20261205";
    const { seats_left } = await t.deps.db
      .selectFrom("flights")
      .select("seats_left")
      .where("id", "=", flightId)
      .executeTakeFirstOrThrow();
    await t.deps.db.updateTable("flights").set({ seats_left: 0 }).where("id", "=", flightId).execute();
    try {
      const res = await web.post(`/trips/${draft.id}/hold`, { version: String(draft.version) });
      expect(res.status).toBe(409);
      const html = await res.text();
      expect(html).toMatch(/Sold out: KC871, Almaty → Urumqi/);
      const flight = draft.components.find((x) => x.type === "flight")!;
      expect(html).toMatch(new RegExp(`id="cmp-${flight.id}"[\\s\\S]*<h3>Alternatives</h3>`));
      const alternatives = formsTo(html, `/trips/${draft.id}/components/${flight.id}/replace`);
      for (const a of alternatives) expect(a.flightId).not.toBe(flightId);
      expect((await api(draft.id)).status).toBe("draft");

      // Choosing the later flight takes its place; the pickup is now too early, said beside it with the fix.
      const later = alternatives.find((a) => a.flightId === "flt_cz6008_20261205")!;
      const chosen = await web.post(`/trips/${draft.id}/components/${flight.id}/replace`, later);
      expect(chosen.status).toBe(303);
      const after = await api(draft.id);
      expect(after.components.find((x: { id: string }) => x.id === flight.id).details.flightNumber).toBe("CZ6008");
      const pickup = after.components.find((x: { type: string }) => x.type === "transfer");
      const page = await (await web.get(`/trips/${draft.id}`)).text();
      const beside = page.slice(
        page.indexOf(`id="cmp-${pickup.id}"`),
        page.indexOf("</li>", page.indexOf(`id="cmp-${pickup.id}"`)),
      );
      expect(beside).toMatch(/Must be fixed<\/strong> Too little time between landing and the pickup\./);
      expect(beside).toContain("Move the pickup to at least 45 minutes after landing.");
      expect(page).toMatch(/<button type="submit" class="primary" disabled="">Hold everything<\/button>/);
    } finally {
      await t.deps.db.updateTable("flights").set({ seats_left }).where("id", "=", flightId).execute();
    }
  });
});
