import { leftFor } from "../../data/availability-repo";
import * as inventory from "../../data/inventory-repo";
import * as repo from "../../data/itineraries-repo";
import type { HospitalInfo, LoadedItinerary } from "../../data/itineraries-repo";
import type { FeePolicy } from "../../domain/pricing/fees";
import type { PricedItinerary } from "../../domain/pricing/totals";
import type { Timeline, TimelineIssue } from "../../domain/timeline/index";
import type { ServiceContext } from "../context";
import { notFound, validationError } from "../errors";
import { requireActor } from "../scope";
import { buildParams } from "./component-input";
import { loadWithHospital, priceResolved, timelineOf } from "./load";
import { assertCanWrite, requireVerbRole } from "./policy";
import { moneyState } from "./pricing";
import { parseParams, parseTravelers, resolveMany } from "./resolve";
import type { ApplyChangeInput, ComponentChange } from "./schemas";
import type { ComponentParams, Db, ResolvedComponent } from "./types";

type Item = { id: string; position: number; params: ComponentParams };
type Money = { amount: number; currency: string };
/** The id a component about to be added goes by in a preview. */
export const NEW_COMPONENT_ID = "new";

/** The components after the change, in memory: the new component's id is `new` when added. */
async function changedItems(ctx: ServiceContext, itn: LoadedItinerary, items: Item[], change: ComponentChange) {
  const travelers = parseTravelers(itn);
  const old = "componentId" in change ? items.find((i) => i.id === change.componentId) : undefined;
  if ("componentId" in change && !old) throw notFound("component", change.componentId);
  if (!("component" in change)) return { items: items.filter((i) => i !== old), added: null, old: old ?? null };
  if (old && old.params.type !== change.component.type)
    throw validationError("A component keeps its type; remove it and add another.", [
      { path: "change.component.type", message: `must be ${old.params.type}` },
    ]);
  const params = await buildParams(ctx, itn, travelers, change.component, "change.component");
  const added: Item = old
    ? { ...old, params }
    : { id: NEW_COMPONENT_ID, position: Math.max(0, ...items.map((i) => i.position)) + 1, params };
  return { items: old ? items.map((i) => (i === old ? added : i)) : [...items, added], added, old: old ?? null };
}

/** A timeline issue's identity across two timelines: its code and the components it names. */
const issueKey = (i: TimelineIssue) => `${i.code}|${[...i.componentIds].sort().join(",")}`;

/** The issues the change creates (in after, not before) and solves (in before, not after). Pure. */
export function issueDelta(before: TimelineIssue[], after: TimelineIssue[]) {
  const b = new Set(before.map(issueKey));
  const a = new Set(after.map(issueKey));
  return { created: after.filter((i) => !b.has(issueKey(i))), solved: before.filter((i) => !a.has(issueKey(i))) };
}

/** Whether any date or time of the trip moves: its timeline events, compared by component, type and instants. */
export function datesMoved(before: Timeline, after: Timeline) {
  const key = (e: Timeline["events"][number]) => `${e.componentId}|${e.type}|${e.start.utc}|${e.end?.utc ?? ""}`;
  const b = before.events.map(key).sort();
  const a = after.events.map(key).sort();
  return b.length !== a.length || b.some((k, i) => k !== a[i]);
}

const diff = (after: Money, before: Money): Money => ({
  amount: after.amount - before.amount,
  currency: after.currency,
});

function totalsOf(p: PricedItinerary) {
  const pick = (b: PricedItinerary["hospitalCurrency"]) => ({
    dueNow: b.dueNow,
    payableAtHospital: b.payableAtHospital,
    grandTotal: b.grandTotal,
  });
  return { hospitalCurrency: pick(p.hospitalCurrency), patientCurrency: pick(p.patientCurrency) };
}

/** What the new component needs, against what is left now (plus what the replaced one gives back). */
async function inventoryCheck(db: Db, itn: LoadedItinerary, added: ResolvedComponent | null, oldId: string | null) {
  if (!added) return [];
  const mine = oldId ? (await inventory.activeReservations(db, itn.id)).filter((r) => r.component_id === oldId) : [];
  const left = await leftFor(db, added.needs);
  return added.needs.map((n) => {
    const freed = mine
      .filter((r) => r.resource === n.resource && r.resource_key === n.key)
      .reduce((s, r) => s + r.quantity, 0);
    const available = Math.max(0, (left.get(`${n.resource}|${n.key}`) ?? 0) + freed);
    return { resource: n.resource, key: n.key, needed: n.quantity, available, ok: available >= n.quantity };
  });
}

async function side(
  ctx: ServiceContext,
  itn: LoadedItinerary,
  hospital: HospitalInfo,
  items: Item[],
  feePolicy: FeePolicy | null,
) {
  const resolved = await resolveMany(ctx.db, hospital, items);
  const priced = await priceResolved(ctx, ctx.db, itn, { hospital, resolved, feePolicy });
  return { resolved, priced, timeline: timelineOf(hospital, itn, resolved) };
}

/**
 * What a change of a trip's components would do, WITHOUT writing anything: the price difference in
 * both currencies, the refund or amount due, whether the inventory is there for the new component,
 * the timeline issues it creates and solves, and whether it needs the patient's consent (an offer).
 */
export async function previewChange({ ctx, input }: { ctx: ServiceContext; input: ApplyChangeInput }) {
  const actor = requireActor(ctx);
  requireVerbRole(actor, "write");
  const { itn, hospital, feePolicy } = await loadWithHospital(ctx, input.id);
  assertCanWrite(actor, itn);
  const rows = await repo.componentParamsOf(ctx.db, itn.id);
  const items: Item[] = rows.map((r) => ({ id: r.id, position: r.position, params: parseParams(r) }));
  const next = await changedItems(ctx, itn, items, input.change);
  const before = await side(ctx, itn, hospital, items, feePolicy);
  const after = await side(ctx, itn, hospital, next.items, feePolicy);
  const { paid, refunded } = await moneyState(ctx.db, itn.id);
  const net: Money = { amount: paid - refunded, currency: hospital.currency };
  const dueAfter = after.priced.hospitalCurrency.dueNow;
  const balance = dueAfter.amount - net.amount;
  const tb = totalsOf(before.priced);
  const ta = totalsOf(after.priced);
  const addedResolved = next.added ? (after.resolved.find((r) => r.id === next.added!.id) ?? null) : null;
  const stock = await inventoryCheck(ctx.db, itn, addedResolved, next.old?.id ?? null);
  const moved = datesMoved(before.timeline, after.timeline);
  const raises =
    ta.hospitalCurrency.grandTotal.amount > tb.hospitalCurrency.grandTotal.amount ||
    ta.hospitalCurrency.dueNow.amount > tb.hospitalCurrency.dueNow.amount;
  return {
    itineraryId: itn.id,
    version: itn.version,
    status: itn.status,
    change: {
      kind: next.added && next.old ? ("replace" as const) : next.added ? ("add" as const) : ("remove" as const),
      componentId: next.old?.id ?? null,
      type: (next.added ?? next.old)!.params.type,
    },
    before: { totals: tb, issues: before.timeline.issues },
    after: { totals: ta, issues: after.timeline.issues },
    difference: {
      hospitalCurrency: diff(ta.hospitalCurrency.grandTotal, tb.hospitalCurrency.grandTotal),
      patientCurrency: diff(ta.patientCurrency.grandTotal, tb.patientCurrency.grandTotal),
      dueNow: {
        hospitalCurrency: diff(ta.hospitalCurrency.dueNow, tb.hospitalCurrency.dueNow),
        patientCurrency: diff(ta.patientCurrency.dueNow, tb.patientCurrency.dueNow),
      },
    },
    balance: {
      paid: net,
      dueNow: dueAfter,
      amountDue: { amount: Math.max(0, balance), currency: hospital.currency },
      refund: { amount: Math.max(0, -balance), currency: hospital.currency },
    },
    inventory: { available: stock.every((s) => s.ok), needs: stock },
    issues: issueDelta(before.timeline.issues, after.timeline.issues),
    datesMoved: moved,
    // The shared contract: a confirmed trip's change that raises what is owed or moves a date is the patient's call.
    offerRequired: itn.status === "confirmed" && (raises || moved),
  };
}
export type ChangePreview = Awaited<ReturnType<typeof previewChange>>;
