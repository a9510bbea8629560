/** Holds expire, cancellation quotes expire, keys are idempotent; timeline errors, the calendar, re-pricing. */
import ICAL from "ical.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CancellationQuoteSchema, ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { sweepExpiredHolds } from "../../src/services/itineraries";
import { cardiacPatient, H, ok } from "../helpers/itinerary-fixtures";
import { journey, seatsLeft } from "../helpers/itinerary-journey";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it("an expired hold is released on read, and by the sweeper", async () => {
  const j = await journey(t, "expiry@example.kz");
  const held = ItinerarySchema.parse(
    await ok(
      await t.call("POST", `/v1/itineraries/${j.itn.id}/hold`, {
        token: j.token,
        headers: { "If-Match": `"${j.itn.version}"` },
      }),
    ),
  );
  const j2 = await journey(t, "expiry2@example.kz");
  await ok(
    await t.call("POST", `/v1/itineraries/${j2.itn.id}/hold`, {
      token: j2.token,
      headers: { "If-Match": `"${j2.itn.version}"` },
    }),
  );
  const seats = await seatsLeft(t, "flt_kc871_20261205");
  t.clock.advance(19 * 60_000);
  expect(
    ItinerarySchema.parse(await ok(await t.call("GET", `/v1/itineraries/${held.id}`, { token: j.token }))).status,
  ).toBe("held");
  t.clock.advance(2 * 60_000);
  const read = ItinerarySchema.parse(await ok(await t.call("GET", `/v1/itineraries/${held.id}`, { token: j.token })));
  expect(read.status).toBe("draft");
  expect(await seatsLeft(t, "flt_kc871_20261205")).toBe(seats + 2);
  // The other one is released by the sweeper, without anyone reading it.
  expect(await sweepExpiredHolds({ ...t.deps, actor: null })).toBe(1);
  expect(await seatsLeft(t, "flt_kc871_20261205")).toBe(seats + 4);
  const row = await t.handle.db
    .selectFrom("itineraries")
    .select("status")
    .where("id", "=", j2.itn.id)
    .executeTakeFirstOrThrow();
  expect(row.status).toBe("draft");
  t.clock.set("2026-11-22T10:00:00.000Z");
});

it("a cancellation quote is valid a few minutes only", async () => {
  const j = await journey(t, "cq@example.kz");
  const q = CancellationQuoteSchema.parse(
    await ok(await t.call("POST", `/v1/itineraries/${j.itn.id}/cancellation-quotes`, { token: j.token }), 201),
  );
  expect(q.totalRefund.amount).toBe(0); // nothing was paid
  t.clock.advance(11 * 60_000);
  const late = await t.call("POST", `/v1/itineraries/${j.itn.id}/cancel`, {
    token: j.token,
    headers: { "If-Match": `"${j.itn.version}"` },
    body: { cancellationQuoteId: q.id },
  });
  expect(late.status).toBe(409);
  expect(((await late.json()) as { code: string }).code).toBe("cancellation_quote_expired");
  t.clock.set("2026-11-22T10:00:00.000Z");
});

it("Idempotency-Key: a replay returns the first response, another body 422, a concurrent duplicate 409", async () => {
  const p = await cardiacPatient(t, "idem@example.kz");
  const body = { quoteId: p.quote.id, travelers: [{ fullName: "Dana", role: "patient" }] };
  const count = async () =>
    Number(
      (
        await t.handle.db
          .selectFrom("itineraries")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const before = await count();
  const first = await t.call("POST", "/v1/itineraries", {
    token: p.token,
    body,
    headers: { "Idempotency-Key": "idem-1" },
  });
  const firstBody = await ok(first, 201);
  const replay = await t.call("POST", "/v1/itineraries", {
    token: p.token,
    body,
    headers: { "Idempotency-Key": "idem-1" },
  });
  expect(replay.status).toBe(201);
  expect(replay.headers.get("idempotent-replayed")).toBe("true");
  expect(replay.headers.get("etag")).toBe(first.headers.get("etag"));
  expect(await replay.json()).toEqual(firstBody);
  expect(await count()).toBe(before + 1);
  const other = await t.call("POST", "/v1/itineraries", {
    token: p.token,
    body: { ...body, notes: "x" },
    headers: { "Idempotency-Key": "idem-1" },
  });
  expect(other.status).toBe(422);
  // Another caller's same key is another key.
  expect(
    (
      await t.call("POST", "/v1/itineraries", {
        token: T.agent,
        body: { ...body, patientId: p.patientId },
        headers: { "Idempotency-Key": "idem-1" },
      })
    ).status,
  ).toBe(201);
  const [a, b] = await Promise.all([
    t.call("POST", "/v1/itineraries", { token: p.token, body, headers: { "Idempotency-Key": "idem-2" } }),
    t.call("POST", "/v1/itineraries", { token: p.token, body, headers: { "Idempotency-Key": "idem-2" } }),
  ]);
  expect([a.status, b.status].sort()).toEqual([201, 409]);
  expect(await count()).toBe(before + 3);
});

it("an itinerary with timeline errors is not held (422 naming the rule)", async () => {
  const p = await cardiacPatient(t, "bad@example.kz");
  const itn = ItinerarySchema.parse(
    await ok(
      await t.call("POST", "/v1/itineraries", {
        token: p.token,
        body: {
          quoteId: p.quote.id,
          travelers: [{ fullName: "Dana", role: "patient", needsLodging: false }],
          components: [
            { type: "treatment" },
            { type: "flight", flightId: "flt_kc871_20261205" },
            { type: "flight", flightId: "flt_kc872_20261220" }, // before discharge + 7 days
          ],
        },
      }),
      201,
    ),
  );
  expect(itn.issues.some((i) => i.code === "fit_to_fly" && i.severity === "error")).toBe(true);
  const res = await t.call("POST", `/v1/itineraries/${itn.id}/hold`, {
    token: p.token,
    headers: { "If-Match": `"${itn.version}"` },
  });
  expect(res.status).toBe(422);
  const prob = (await res.json()) as { code: string; errors: { message: string }[] };
  expect(prob.code).toBe("timeline_invalid");
  expect(prob.errors.some((e) => e.message.startsWith("fit_to_fly"))).toBe(true);
});

it("serves the calendar", async () => {
  const j = await journey(t, "ics@example.kz");
  const res = await t.call("GET", `/v1/itineraries/${j.itn.id}/calendar.ics`, { token: j.token });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/calendar/);
  const text = await res.text();
  expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
  expect(text).toContain("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai");
  expect(text).toContain("TZID:Asia/Urumqi");
  // One event per timeline point, but one per flight (departure to arrival).
  const points = j.itn.timeline.filter((e) => e.type !== "flight_arrival");
  expect((text.match(/BEGIN:VEVENT/g) ?? []).length).toBe(points.length);
  // An independent parser reads back every event at the timeline's own instant.
  const cal = new ICAL.Component(ICAL.parse(text));
  for (const tz of cal.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  const starts = cal
    .getAllSubcomponents("vevent")
    .map((v) => new ICAL.Event(v).startDate.toJSDate().toISOString())
    .sort();
  expect(starts).toEqual(points.map((e) => new Date(e.start.utc).toISOString()).sort());
});

it("a new tariff version re-prices an open itinerary's medical lines and tells the patient", async () => {
  const j = await journey(t, "reprice@example.kz");
  const before = j.itn.pricing.totals.hospitalCurrency.medical.amount;
  const v1 = (await ok(await t.call("GET", `/v1/hospitals/${H}/tariffs/1`))) as {
    items: {
      code: string;
      name: Record<string, string>;
      department: string;
      serviceClass: string;
      kind: string;
      unit: string;
      unitPrice: { amount: number };
    }[];
  };
  const items = v1.items.map((i) => ({
    code: i.code,
    name: i.name,
    department: i.department,
    serviceClass: i.serviceClass,
    kind: i.kind,
    unit: i.unit,
    unitPrice: i.code === "CARD-CABG" ? 9_700_000 : i.unitPrice.amount,
  }));
  const published = await ok(
    await t.call("POST", `/v1/hospitals/${H}/tariffs`, {
      token: T.billing,
      body: {
        effectiveFrom: "2026-12-01",
        items,
        premiumClasses: [
          { serviceClass: "premium_ward", domesticallyAvailable: true },
          { serviceClass: "vip", domesticallyAvailable: true },
        ],
      },
    }),
    201,
  );
  expect(published.repricedItineraries).toContainEqual({ itineraryId: j.itn.id, before, after: before - 100_000 });
  const after = ItinerarySchema.parse(await ok(await t.call("GET", `/v1/itineraries/${j.itn.id}`, { token: j.token })));
  expect(after.pricing.totals.hospitalCurrency.medical.amount).toBe(before - 100_000);
  expect(after.version).toBe(j.itn.version + 1);
  const note = await t.handle.db
    .selectFrom("notifications")
    .select("payload")
    .where("kind", "=", "itinerary_repriced")
    .where("subject_id", "=", j.itn.id)
    .executeTakeFirstOrThrow();
  expect(JSON.parse(note.payload)).toMatchObject({ before: { amount: before }, after: { amount: before - 100_000 } });
});
