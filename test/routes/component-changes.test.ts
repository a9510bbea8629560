import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HistorySchema, type Itinerary, ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { H, ok } from "../helpers/itinerary-fixtures";
import { T } from "../helpers/tokens";
import {
  type ChangesWorld,
  ifMatch,
  journeyIn,
  type Kind,
  LATER_FLIGHT,
  MINIVAN,
  openChangesWorld,
  ROOM,
  type State,
  target,
  type Who,
} from "./component-changes-fixtures";

/**
 * Every component type × add / replace / remove × every state that allows a change × patient and
 * agent. A change reads the catalog inside its unit of work; through the outer handle it froze the
 * embedded default for good, so every test has a timeout: a hang is a failure, not a stuck run.
 */
vi.setConfig({ testTimeout: 20_000, hookTimeout: 60_000 });

type Op = "add" | "replace" | "remove";

let w: ChangesWorld;
beforeAll(async () => {
  w = await openChangesWorld();
});
afterAll(() => w?.t.close());

const added: Record<Kind, (owner: "patient" | "self") => Record<string, unknown>> = {
  consultation: (owner) => ({ type: "consultation", consultationId: w.otherConsultation[owner] }),
  treatment: () => ({ type: "treatment" }),
  flight: () => ({ type: "flight", flightId: LATER_FLIGHT }),
  transfer: () => ({
    type: "transfer",
    productId: MINIVAN,
    pickupAt: "2026-12-20T09:30:00+08:00",
    direction: "arrival",
  }),
  lodging: () => ({ type: "lodging", roomTypeId: ROOM, checkIn: "2026-12-24", checkOut: "2026-12-25" }),
  tour: () => ({ type: "tour", departureId: w.tour21 }),
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
    body: (owner) => ({ type: "consultation", consultationId: w.otherConsultation[owner] }),
    params: (owner) => ({ consultationId: w.otherConsultation[owner] }),
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
    body: () => ({ type: "tour", departureId: w.tour21 }),
    params: () => ({ departureId: w.tour21 }),
    keys: () => [w.tour21],
  },
};

const reservationsOf = (componentId: string) =>
  w.t.handle.db
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
      await w.t.handle.db
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

/** One case of the table, and what it acts on: the journey, its reader, the component and what it held. */
interface Change {
  who: Who;
  state: State;
  kind: Kind;
  op: Op;
  owner: "patient" | "self";
  itn: Itinerary;
  reader: string;
  old: Itinerary["components"][number] | undefined;
  before: Awaited<ReturnType<typeof activeKeys>>;
}

/** The journey in the case's state, and what the change acts on. */
async function arrange(who: Who, state: State, kind: Kind, op: Op): Promise<Change> {
  const owner = who === "self" ? "self" : "patient";
  const itn = await journeyIn(w, state, owner);
  // Anar has no agency: the demo agent cannot see her itineraries, an admin reads them.
  const reader = owner === "self" ? T.admin : T.agent;
  const old = op === "add" ? undefined : target(itn, kind);
  const before = old ? await activeKeys(old.id) : [];
  return { who, state, kind, op, owner, itn, reader, old, before };
}

/** The add, replace or remove, sent by the case's caller. */
function act(c: Change): Promise<Response> {
  const { t } = w;
  const token = c.who === "patient" ? w.patient.token : c.who === "self" ? w.anar.token : T.agent;
  const headers = ifMatch(c.itn);
  if (c.op === "add")
    return t.call("POST", `/v1/itineraries/${c.itn.id}/components`, { token, headers, body: added[c.kind](c.owner) });
  const path = `/v1/itineraries/${c.itn.id}/components/${c.old!.id}`;
  if (c.op === "replace") return t.call("PUT", path, { token, headers, body: replaced[c.kind].body(c.owner) });
  return t.call("DELETE", path, { token, headers });
}

/** A refusal: 403, or 422 change-offer-required; the itinerary is as it was. */
async function expectRefused(c: Change, res: Response) {
  const problem = await ok(res, refused(c.who, c.state) ? 403 : 422);
  if (refused(c.who, c.state)) expect(problem.title).toBe("Forbidden");
  else expect(problem.code).toBe("change-offer-required");
  const now = ItinerarySchema.parse(
    await ok(await w.t.call("GET", `/v1/itineraries/${c.itn.id}`, { token: c.reader })),
  );
  expect(now.version).toBe(c.itn.version);
  expect(now.components.map((x) => x.id)).toEqual(c.itn.components.map((x) => x.id));
}

/** The new component, with inventory taken unless the trip is a draft or it is a consultation. */
async function expectAdded(c: Change, after: Itinerary, inventory: string) {
  expect(after.components).toHaveLength(c.itn.components.length + 1);
  const fresh = after.components.find((x) => !c.itn.components.some((o) => o.id === x.id))!;
  expect(fresh.type).toBe(c.kind);
  const rows = await activeKeys(fresh.id);
  if (c.state === "draft" || c.kind === "consultation") expect(rows).toEqual([]);
  else {
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set([inventory]));
    expect(fresh.inventory).toBe(inventory);
  }
}

/** The same component with its new params and inventory keys; what it held before is given back. */
async function expectReplaced(c: Change, after: Itinerary, inventory: string) {
  const old = c.old!;
  expect(after.components.map((x) => x.id)).toEqual(c.itn.components.map((x) => x.id));
  expect(await storedParams(old.id)).toMatchObject(replaced[c.kind].params(c.owner));
  const rows = await reservationsOf(old.id);
  const active = rows.filter((r) => r.status === "held" || r.status === "booked");
  if (c.state === "draft") expect(rows).toEqual([]);
  else {
    expect(active.map((r) => r.resource_key)).toEqual(replaced[c.kind].keys());
    expect(new Set(active.map((r) => r.status)).size).toBeLessThanOrEqual(1);
    if (active.length) expect(active[0]!.status).toBe(inventory);
    // What it held before is given back.
    expect(
      rows
        .filter((r) => r.status === "released")
        .map((r) => r.resource_key)
        .sort(),
    ).toEqual(c.before.map((r) => r.resource_key).sort());
  }
}

/** The component gone, and its inventory released. */
async function expectRemoved(c: Change, after: Itinerary) {
  const old = c.old!;
  expect(after.components.map((x) => x.id)).toEqual(c.itn.components.filter((x) => x.id !== old.id).map((x) => x.id));
  expect(await activeKeys(old.id)).toEqual([]);
  if (c.state !== "draft" && c.kind !== "consultation") expect(c.before.length).toBeGreaterThan(0);
}

/** The change is in the history under its actor, and the patient is told unless the trip is a draft. */
async function expectRecorded(c: Change, after: Itinerary) {
  const history = HistorySchema.parse(
    await ok(await w.t.call("GET", `/v1/itineraries/${c.itn.id}/history`, { token: c.reader })),
  );
  const last = history.data.at(-1)!;
  expect(last).toMatchObject({
    action: ACTION[c.op],
    version: after.version,
    actor: { role: c.who === "agent" ? "agent" : "patient" },
  });
  expect(last.before).not.toEqual(last.after);
  const notes = await w.t.handle.db
    .selectFrom("notifications")
    .select("kind")
    .where("subject_id", "=", c.itn.id)
    .where("kind", "=", "itinerary_changed")
    .execute();
  expect(notes).toHaveLength(c.state === "draft" ? 0 : 1);
}

describe.each(cases)("$who: $op a $kind on a $state itinerary", ({ who, state, kind, op }) => {
  it(
    refused(who, state)
      ? "is refused (403)"
      : needsOffer(who, state, op, kind)
        ? "is refused (422 change-offer-required), nothing changed"
        : "answers 200 with the change made, recorded and its inventory taken or released",
    async () => {
      const c = await arrange(who, state, kind, op);
      const res = await act(c);
      if (refused(who, state) || needsOffer(who, state, op, kind)) {
        await expectRefused(c, res);
        return;
      }

      const after = ItinerarySchema.parse(await ok(res));
      expect(res.headers.get("etag")).toBe(`"${c.itn.version + 1}"`);
      expect(after.version).toBe(c.itn.version + 1);
      expect(after.status).toBe(state);
      // A held itinerary stays held, until the same moment: the change re-held in its transaction.
      expect(after.hold).toEqual(c.itn.hold);
      const inventory = state === "held" ? "held" : "booked";
      if (op === "add") await expectAdded(c, after, inventory);
      else if (op === "replace") await expectReplaced(c, after, inventory);
      else await expectRemoved(c, after);
      await expectRecorded(c, after);
    },
  );
});
