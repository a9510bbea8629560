import { newId } from "../../data/ids";
import * as repo from "../../data/itineraries-repo";
import type { HospitalInfo, LoadedItinerary } from "../../data/itineraries-repo";
import type { ComponentRow } from "../../data/schema";
import { movesDates, offerRequired, raisesOwed } from "../../domain/offers/rule";
import type { FeePolicy } from "../../domain/pricing/fees";
import type { PricedItinerary } from "../../domain/pricing/totals";
import type { Timeline } from "../../domain/timeline/index";
import type { Actor, ServiceContext } from "../context";
import { businessRule, notFound, validationError } from "../errors";
import { buildParams } from "./component-input";
import { priceResolved, resolveStored, timelineOf } from "./load";
import { parseTravelers, resolveOne } from "./resolve";
import type { ComponentChange } from "./schemas";
import type { ComponentParams, Db, ResolvedComponent } from "./types";

/** An itinerary's components resolved, priced and laid out on a timeline. */
export interface PlanSide {
  resolved: ResolvedComponent[];
  priced: PricedItinerary;
  timeline: Timeline;
}

/** A change worked out without making it: what it touches and the itinerary before and after. */
export interface ChangePlan {
  action: ComponentChange["action"];
  /** The component changed or removed, or the id an added one gets. */
  componentId: string;
  position: number;
  /** The new component's params (null for a removal) and it resolved, with the inventory it needs. */
  params: ComponentParams | null;
  added: ResolvedComponent | null;
  old: ComponentRow | null;
  before: PlanSide;
  after: PlanSide;
}

type Ctx = Pick<ServiceContext, "clock">;
type Parts = { hospital: HospitalInfo; feePolicy: FeePolicy | null };

async function side(ctx: Ctx, db: Db, itn: LoadedItinerary, parts: Parts, resolved: ResolvedComponent[]) {
  const priced = await priceResolved(ctx, db, itn, { ...parts, resolved });
  return { resolved, priced, timeline: timelineOf(parts.hospital, itn, resolved) };
}

function oldOf(rows: ComponentRow[], change: ComponentChange): ComponentRow | null {
  if (change.action === "add") return null;
  const row = rows.find((r) => r.id === change.componentId);
  if (!row) throw notFound("component", change.componentId);
  if (change.action === "replace" && row.type !== change.component.type)
    throw validationError("A component keeps its type; remove it and add another.", [
      { path: "change.component.type", message: `must be ${row.type}` },
    ]);
  return row;
}

/** Works a change out against the itinerary as stored (through `db`), pricing both sides alike. */
export async function planChange(
  ctx: Ctx,
  db: Db,
  itn: LoadedItinerary,
  parts: Parts,
  change: ComponentChange,
): Promise<ChangePlan> {
  const rows = await repo.componentsOf(db, itn.id);
  const old = oldOf(rows, change);
  const componentId = old?.id ?? newId("cmp", ctx.clock.now());
  const position = old?.position ?? Math.max(0, ...rows.map((r) => r.position)) + 1;
  const params =
    change.action === "remove"
      ? null
      : await buildParams({ db }, itn, parseTravelers(itn), change.component, "change.component");
  const added = params ? await resolveOne(db, parts.hospital, componentId, position, params) : null;
  const beforeResolved = await resolveStored(db, itn, parts.hospital);
  const afterResolved =
    change.action === "add"
      ? [...beforeResolved, added!]
      : change.action === "replace"
        ? beforeResolved.map((r) => (r.id === componentId ? added! : r))
        : beforeResolved.filter((r) => r.id !== componentId);
  return {
    action: change.action,
    componentId,
    position,
    params,
    added,
    old,
    before: await side(ctx, db, itn, parts, beforeResolved),
    after: await side(ctx, db, itn, parts, afterResolved),
  };
}

const owed = (p: PricedItinerary) => ({
  dueNow: p.hospitalCurrency.dueNow.amount,
  grandTotal: p.hospitalCurrency.grandTotal.amount,
});

/** Whether the plan must go to the patient as an offer when `actor` makes it (the domain rule). */
export function planNeedsOffer(actor: Pick<Actor, "role">, itn: { status: string }, plan: ChangePlan): boolean {
  return offerRequired({
    role: actor.role,
    status: itn.status,
    raises: raisesOwed(owed(plan.before.priced), owed(plan.after.priced)),
    movesDates:
      plan.action === "replace" &&
      movesDates(plan.before.timeline.events, plan.after.timeline.events, plan.componentId),
  });
}

/** Refuses an agent's direct change of a confirmed itinerary that raises the price or moves a date (422). */
export async function assertDirectChange(
  ctx: Ctx & Pick<ServiceContext, "db">,
  actor: Actor,
  itn: LoadedItinerary,
  parts: Parts,
  change: ComponentChange,
) {
  if (actor.role !== "agent" || itn.status !== "confirmed") return;
  const plan = await planChange(ctx, ctx.db, itn, parts, change);
  if (planNeedsOffer(actor, itn, plan))
    throw businessRule(
      "change-offer-required",
      "This change raises what the patient owes or moves a date of a confirmed trip: send it as a change offer.",
    );
}
