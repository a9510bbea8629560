import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HistorySchema, type Itinerary, ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { cardiacPatient, demoComponents, H, lowTourDeparture, ok, quotedCabg } from "../helpers/itinerary-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

/**
 * Every component type × add / replace / remove × every state that allows a change × patient and
 * agent. A change reads the catalog inside its unit of work; through the outer handle it froze the
 * embedded default for good, so every test has a timeout: a hang is a failure, not a stuck run.
 */
vi.setConfig({ testTimeout: 20_000, hookTimeout: 60_000 });

type State = "draft" | "held" | "confirmed";
type Op = "add" | "replace" | "remove";
type Kind = "consultation" | "treatment" | "flight" | "transfer" | "lodging" | "tour";
/** `patient`: signed up by their agency (like Alexander); `self`: no agency (Anar, self sign-up). */
type Who = "patient" | "self" | "agent";

const MINIVAN = "trp_urc_xjph_minivan";
const ROOM = "rmt_urc_yindu_std";
const RETURN_FLIGHT = "flt_kc872_20261224";
const LATER_FLIGHT = "flt_kc872_20261225";

let t: TestApp;
let patient: Awaited<ReturnType<typeof cardiacPatient>>;
let anar: Awaited<ReturnType<typeof quotedCabg>>;
let tour20: string;
let tour21: string;
/** A second consultation of each patient, for adding and replacing consultations. */
const otherConsultation: Record<"patient" | "self", string> = { patient: "", self: "" };

beforeAll(async () => {
  t = await createTestApp();
  patient = await cardiacPatient(t, "component-changes@example.kz");
  anar = await quotedCabg(t, T.anar);
  tour20 = await lowTourDeparture(t, "2026-12-20");
  tour21 = await lowTourDeparture(t, "2026-12-21");
  expect(tour21).not.toBe(tour20);
  for (const [who, token] of [
    ["patient", patient.token],
    ["self", anar.token],
  ] as const) {
    otherConsultation[who] = (
      await ok(
        await t.call("POST", "/v1/consultations", {
          token,
          body: {
            hospitalId: H,
            department: "cardiac_surgery",
            mode: "video",
            complaint: "Second opinion",
            language: "ru",
          },
        }),
        201,
      )
    ).id as string;
  }
  // Many journeys are held here at once: make room for all of them (capacity is not what is tested).
  const db = t.handle.db;
  await db.updateTable("transfer_products").set({ vehicles_per_hour: 1000 }).where("id", "=", MINIVAN).execute();
  await db.updateTable("room_types").set({ rooms_total: 1000 }).where("id", "=", ROOM).execute();
  await db.updateTable("hospitals").set({ international_beds: 1000 }).where("id", "=", H).execute();
  await db.updateTable("tour_departures").set({ capacity: 1000 }).where("id", "in", [tour20, tour21]).execute();
  await db
    .updateTable("flights")
    .set({ seats_total: 1000, seats_left: 1000 })
    .where("id", "in", ["flt_kc871_20261205", RETURN_FLIGHT, LATER_FLIGHT])
    .execute();
});
afterAll(() => t?.close());

const ifMatch = (itn: { version: number }) => ({ "If-Match": `"${itn.version}"` });

/**
 * The demo journey (every component type) in the given state, made by the patient, held by them, paid
 * by the agent (by an admin for Anar, who has no agency).
 */
async function journeyIn(state: State, who: Who = "patient"): Promise<Itinerary> {
  const p = who === "self" ? anar : patient;
  const components = demoComponents(p.consultationId);
  (components[7] as { departureId: string }).departureId = tour20;
  let itn = ItinerarySchema.parse(
    await ok(
      await t.call("POST", "/v1/itineraries", {
        token: p.token,
        body: {
          quoteId: p.quote.id,
          travelers: [
            { fullName: "Dana Bekova", role: "patient" },
            { fullName: "Aigerim Bekova", role: "companion", languages: ["ru", "kk"] },
          ],
          components,
        },
      }),
      201,
    ),
  );
  if (state === "draft") return itn;
  itn = ItinerarySchema.parse(
    await ok(await t.call("POST", `/v1/itineraries/${itn.id}/hold`, { token: p.token, headers: ifMatch(itn) })),
  );
  if (state === "held") return itn;
  return ItinerarySchema.parse(
    await ok(
      await t.call("POST", `/v1/itineraries/${itn.id}/bank-transfers`, {
        token: who === "self" ? T.admin : T.agent,
        headers: ifMatch(itn),
        body: { reference: `BANK-${itn.id}`, amount: itn.balance.outstanding },
      }),
    ),
  );
}

/** The component a replace or remove acts on: for flights the return flight, otherwise the first of its type. */
function target(itn: Itinerary, kind: Kind) {
  if (kind === "flight")
    return itn.components.find(
      (c) => c.type === "flight" && (c.details as { flightId: string }).flightId === RETURN_FLIGHT,
    )!;
  return itn.components.find((c) => c.type === kind)!;
}

const added: Record<Kind, (owner: "patient" | "self") => Record<string, unknown>> = {
  consultation: (owner) => ({ type: "consultation", consultationId: otherConsultation[owner] }),
  treatment: () => ({ type: "treatment" }),
  flight: () => ({ type: "flight", flightId: LATER_FLIGHT }),
  transfer: () => ({
    type: "transfer",
    productId: MINIVAN,
    pickupAt: "2026-12-20T09:30:00+08:00",
    direction: "arrival",
  }),
  lodging: () => ({ type: "lodging", roomTypeId: ROOM, checkIn: "2026-12-24", checkOut: "2026-12-25" }),
  tour: () => ({ type: "tour", departureId: tour21 }),
};

/** What a replace sends, and the stored params and inventory keys it must lead to. */
const replaced: Record<
  Kind,
  {
    body: (owner: "patient" | "self") => Record<string, unknown>;
    params: (owner: "patient" | "self") => Record<string, unknown>;
    keys: () => string[];
  }
> = {
  consultation: {
    body: (owner) => ({ type: "consultation", consultationId: otherConsultation[owner] }),
    params: (owner) => ({ consultationId: otherConsultation[owner] }),
    keys: () => [],
  },
  treatment: {
    body: () => ({ type: "treatment", inpatientNights: 9 }),
    params: () => ({ inpatientNights: 9, admissionDate: "2026-12-07" }),
    keys: () => Array.from({ length: 9 }, (_, i) => `${H}|2026-12-${String(7 + i).padStart(2, "0")}`),
  },
  flight: {
    body: () => ({ type: "flight", flightId: LATER_FLIGHT }),
    params: () => ({ flightId: LATER_FLIGHT }),
    keys: () => [LATER_FLIGHT],
  },
  transfer: {
    body: () => ({ type: "transfer", productId: MINIVAN, pickupAt: "2026-12-05T16:30:00+08:00", direction: "arrival" }),
    params: () => ({ productId: MINIVAN, pickupAt: "2026-12-05T08:30:00.000Z" }),
    keys: () => [`${MINIVAN}|2026-12-05T08:00:00.000Z`],
  },
  // The reported case: the agent trims the first hotel stay by a night.
  lodging: {
    body: () => ({ type: "lodging", roomTypeId: ROOM, checkIn: "2026-12-06", checkOut: "2026-12-07" }),
    params: () => ({ roomTypeId: ROOM, checkIn: "2026-12-06", checkOut: "2026-12-07" }),
    keys: () => [`${ROOM}|2026-12-06`],
  },
  tour: {
    body: () => ({ type: "tour", departureId: tour21 }),
    params: () => ({ departureId: tour21 }),
    keys: () => [tour21],
  },
};

const reservationsOf = (componentId: string) =>
  t.handle.db
    .selectFrom("reservations")
    .select(["resource_key", "status"])
    .where("component_id", "=", componentId)
    .orderBy("resource_key")
    .execute();
const activeKeys = async (componentId: string) =>
  (await reservationsOf(componentId)).filter((r) => r.status === "held" || r.status === "booked");
const storedParams = async (componentId: string) =>
  JSON.parse(
    (
      await t.handle.db
        .selectFrom("itinerary_components")
        .select("params")
        .where("id", "=", componentId)
        .executeTakeFirstOrThrow()
    ).params,
  ) as Record<string, unknown>;

const KINDS: Kind[] = ["consultation", "treatment", "flight", "transfer", "lodging", "tour"];
const OPS: Op[] = ["add", "replace", "remove"];
const STATES: State[] = ["draft", "held", "confirmed"];
const WHO: Who[] = ["patient", "self", "agent"];
const cases = WHO.flatMap((who) =>
  STATES.flatMap((state) => KINDS.flatMap((kind) => OPS.map((op) => ({ who, state, kind, op })))),
);

const ACTION: Record<Op, string> = {
  add: "component_added",
  replace: "component_changed",
  remove: "component_removed",
};

/**
 * Patients with an agency change drafts only; without one, drafts and holds;
 * a confirmed trip (payments, refunds) only staff.
 */
const refused = (who: Who, state: State) =>
  (who === "patient" && state !== "draft") || (who === "self" && state === "confirmed");
/**
 * An agent's change of a confirmed trip that raises what the patient owes or moves a date goes to the
 * patient as a change offer (422 `change-offer-required`): every add and replace here does but adding a
 * free consultation not yet scheduled; a removal lowers the price and moves no date: those apply directly.
 */
const needsOffer = (who: Who, state: State, op: Op, kind: Kind) =>
  who === "agent" && state === "confirmed" && op !== "remove" && !(op === "add" && kind === "consultation");

describe.each(cases)("$who: $op a $kind on a $state itinerary", ({ who, state, kind, op }) => {
  it(
    refused(who, state)
      ? "is refused (403)"
      : needsOffer(who, state, op, kind)
        ? "is refused (422 change-offer-required), nothing changed"
        : "answers 200 with the change made, recorded and its inventory taken or released",
    async () => {
      const owner = who === "self" ? "self" : "patient";
      const itn = await journeyIn(state, owner);
      const token = who === "patient" ? patient.token : who === "self" ? anar.token : T.agent;
      // Anar has no agency: the demo agent cannot see her itineraries, an admin reads them.
      const reader = owner === "self" ? T.admin : T.agent;
      const old = op === "add" ? undefined : target(itn, kind);
      const before = old ? await activeKeys(old.id) : [];
      const res =
        op === "add"
          ? await t.call("POST", `/v1/itineraries/${itn.id}/components`, {
              token,
              headers: ifMatch(itn),
              body: added[kind](owner),
            })
          : op === "replace"
            ? await t.call("PUT", `/v1/itineraries/${itn.id}/components/${old!.id}`, {
                token,
                headers: ifMatch(itn),
                body: replaced[kind].body(owner),
              })
            : await t.call("DELETE", `/v1/itineraries/${itn.id}/components/${old!.id}`, {
                token,
                headers: ifMatch(itn),
              });

      if (refused(who, state) || needsOffer(who, state, op, kind)) {
        const problem = await ok(res, refused(who, state) ? 403 : 422);
        if (refused(who, state)) expect(problem.title).toBe("Forbidden");
        else expect(problem.code).toBe("change-offer-required");
        const now = ItinerarySchema.parse(
          await ok(await t.call("GET", `/v1/itineraries/${itn.id}`, { token: reader })),
        );
        expect(now.version).toBe(itn.version);
        expect(now.components.map((c) => c.id)).toEqual(itn.components.map((c) => c.id));
        return;
      }

      const after = ItinerarySchema.parse(await ok(res));
      expect(res.headers.get("etag")).toBe(`"${itn.version + 1}"`);
      expect(after.version).toBe(itn.version + 1);
      expect(after.status).toBe(state);
      // A held itinerary stays held, until the same moment: the change re-held in its transaction.
      expect(after.hold).toEqual(itn.hold);
      const inventory = state === "held" ? "held" : "booked";

      if (op === "add") {
        expect(after.components).toHaveLength(itn.components.length + 1);
        const fresh = after.components.find((c) => !itn.components.some((o) => o.id === c.id))!;
        expect(fresh.type).toBe(kind);
        const rows = await activeKeys(fresh.id);
        if (state === "draft" || kind === "consultation") expect(rows).toEqual([]);
        else {
          expect(rows.length).toBeGreaterThan(0);
          expect(new Set(rows.map((r) => r.status))).toEqual(new Set([inventory]));
          expect(fresh.inventory).toBe(inventory);
        }
      } else if (op === "replace") {
        expect(after.components.map((c) => c.id)).toEqual(itn.components.map((c) => c.id));
        expect(await storedParams(old!.id)).toMatchObject(replaced[kind].params(owner));
        const rows = await reservationsOf(old!.id);
        const active = rows.filter((r) => r.status === "held" || r.status === "booked");
        if (state === "draft") expect(rows).toEqual([]);
        else {
          expect(active.map((r) => r.resource_key)).toEqual(replaced[kind].keys());
          expect(new Set(active.map((r) => r.status)).size).toBeLessThanOrEqual(1);
          if (active.length) expect(active[0]!.status).toBe(inventory);
          // What it held before is given back.
          expect(
            rows
              .filter((r) => r.status === "released")
              .map((r) => r.resource_key)
              .sort(),
          ).toEqual(before.map((r) => r.resource_key).sort());
        }
      } else {
        expect(after.components.map((c) => c.id)).toEqual(
          itn.components.filter((c) => c.id !== old!.id).map((c) => c.id),
        );
        expect(await activeKeys(old!.id)).toEqual([]);
        if (state !== "draft" && kind !== "consultation") expect(before.length).toBeGreaterThan(0);
      }

      const history = HistorySchema.parse(
        await ok(await t.call("GET", `/v1/itineraries/${itn.id}/history`, { token: reader })),
      );
      const last = history.data.at(-1)!;
      expect(last).toMatchObject({
        action: ACTION[op],
        version: after.version,
        actor: { role: who === "agent" ? "agent" : "patient" },
      });
      expect(last.before).not.toEqual(last.after);
      const notes = await t.handle.db
        .selectFrom("notifications")
        .select("kind")
        .where("subject_id", "=", itn.id)
        .where("kind", "=", "itinerary_changed")
        .execute();
      expect(notes).toHaveLength(state === "draft" ? 0 : 1);
    },
  );
});

/**
 * Nobody changes a cancelled trip: 409 for those who may change it otherwise,
 * 403 for a patient whose agency manages it.
 */
describe.each([
  { who: "self" as const, status: 409, code: "invalid_state" },
  { who: "agent" as const, status: 409, code: "invalid_state" },
  { who: "patient" as const, status: 403, code: "forbidden" },
])("$who: any change to a cancelled itinerary", ({ who, status, code }) => {
  it(`answers ${status} ${code} and changes nothing`, async () => {
    const itn = await journeyIn("held", who === "self" ? "self" : "patient");
    const staff = who === "self" ? T.admin : T.agent;
    const q = await ok(await t.call("POST", `/v1/itineraries/${itn.id}/cancellation-quotes`, { token: staff }), 201);
    const cancelled = ItinerarySchema.parse(
      await ok(
        await t.call("POST", `/v1/itineraries/${itn.id}/cancel`, {
          token: staff,
          headers: ifMatch(itn),
          body: { cancellationQuoteId: q.id },
        }),
      ),
    );
    expect(cancelled.status).toBe("cancelled");
    const token = who === "agent" ? T.agent : who === "self" ? anar.token : patient.token;
    const res = await t.call("POST", `/v1/itineraries/${itn.id}/components`, {
      token,
      headers: ifMatch(cancelled),
      body: added.flight("patient"),
    });
    expect(res.status, await res.clone().text()).toBe(status);
    expect(((await res.json()) as { code: string }).code).toBe(code);
    const after = ItinerarySchema.parse(await ok(await t.call("GET", `/v1/itineraries/${itn.id}`, { token: staff })));
    expect(after.version).toBe(cancelled.version);
  });
});

describe("many changes at once on one instance", () => {
  it(
    "50 concurrent hotel-stay changes all answer (200, or a clean 412 for a lost race) " + "while /health answers",
    async () => {
      const journeys = await Promise.all(Array.from({ length: 5 }, () => journeyIn("draft")));
      const started = performance.now();
      const changes = Array.from({ length: 50 }, (_, i) => {
        const itn = journeys[i % journeys.length]!;
        const stay = target(itn, "lodging");
        return t
          .call("PUT", `/v1/itineraries/${itn.id}/components/${stay.id}`, {
            token: i % 2 ? T.agent : patient.token,
            headers: ifMatch(itn),
            body: { type: "lodging", roomTypeId: ROOM, checkIn: "2026-12-05", checkOut: `2026-12-0${6 + (i % 2)}` },
          })
          .then(async (r) => ({ itn: itn.id, status: r.status, body: await r.json() }));
      });
      const health = await t.call("GET", "/health");
      expect(health.status).toBe(200);
      const results = await Promise.all(changes);
      const ms = performance.now() - started;

      for (const r of results) {
        expect([200, 409, 412], JSON.stringify(r.body)).toContain(r.status);
        if (r.status !== 200)
          expect(r.body, JSON.stringify(r.body)).toMatchObject({
            status: r.status,
            type: expect.stringMatching(/^urn:caravan:problem:/),
          });
      }
      expect(ms).toBeLessThan(10_000);
      for (const itn of journeys) {
        const wins = results.filter((r) => r.itn === itn.id && r.status === 200).length;
        expect(wins).toBeGreaterThanOrEqual(1);
        // Each win is one version and one history entry; a lost race changed nothing.
        const now = ItinerarySchema.parse(
          await ok(await t.call("GET", `/v1/itineraries/${itn.id}`, { token: T.agent })),
        );
        expect(now.version).toBe(itn.version + wins);
        const history = HistorySchema.parse(
          await ok(await t.call("GET", `/v1/itineraries/${itn.id}/history`, { token: T.agent })),
        );
        expect(history.data.filter((h) => h.action === "component_changed")).toHaveLength(wins);
      }
      expect((await t.call("GET", "/health")).status).toBe(200);
    },
  );
});
