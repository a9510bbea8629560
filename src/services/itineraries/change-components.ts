import { newId } from "../../data/ids";
import * as inventory from "../../data/inventory-repo";
import * as repo from "../../data/itineraries-repo";
import type { HospitalInfo, LoadedItinerary } from "../../data/itineraries-repo";
import { insertPayment } from "../../data/payments-repo";
import type { ComponentRow } from "../../data/schema";
import { withTransaction } from "../../data/unit-of-work";
import type { ServiceContext } from "../context";
import { conflict, notFound, preconditionFailed, validationError } from "../errors";
import { processRefunds } from "../refunds/process";
import { requireActor } from "../scope";
import { buildParams, paramsJson, refOf } from "./component-input";
import { takeAll } from "./hold";
import { changedState, checkVersion, loadOutstanding, loadWithHospital, snapshot } from "./load";
import { assertCanWrite, requireVerbRole } from "./policy";
import { refundMethodOf } from "./pricing";
import { parseTravelers, resolveOne } from "./resolve";
import type { ComponentParams, Db, Uow } from "./types";
import { viewAfterWrite } from "./view";
import type {
  AddComponentInput,
  ApplyChangeInput,
  ComponentChange,
  RemoveComponentInput,
  ReplaceComponentInput,
} from "./schemas";
import { assertDirectChange } from "./change-plan";

type Change = (uow: Uow, itn: LoadedItinerary, hospital: HospitalInfo, now: Date) => Promise<string>;

/** Runs a change: version check, the change, inventory when held/confirmed, history, notification — one transaction. */
async function change(
  ctx: ServiceContext,
  input: { id: string; ifMatch?: number; reason?: string },
  action: string,
  fn: Change,
  proposed?: ComponentChange,
) {
  const { id, ifMatch } = input;
  const reason = input.reason?.trim() || undefined;
  const actor = requireActor(ctx);
  requireVerbRole(actor, "write");
  const { itn, hospital, feePolicy } = await loadWithHospital(ctx, id);
  assertCanWrite(actor, itn);
  checkVersion(itn, ifMatch);
  if (proposed) await assertDirectChange(ctx, actor, itn, { hospital, feePolicy }, proposed);
  const now = ctx.clock.now();
  await withTransaction(ctx, async (uow) => {
    const before = await snapshot(uow, uow.db, itn);
    if (!(await repo.bumpVersion(uow.db, itn.id, itn.version, { updated_at: now.toISOString() })))
      throw preconditionFailed("The itinerary changed meanwhile: reload it and retry.");
    const summary = await fn(uow, itn, hospital, now);
    const notify = itn.status === "draft" ? null : "itinerary_changed";
    const after = await changedState(uow, uow.db, itn.id);
    await repo.recordChange(uow.db, {
      itn,
      ...after,
      actor: uow.actor,
      at: uow.clock.now(),
      action,
      summary,
      before,
      notify,
      reason,
    });
    if (itn.status === "confirmed") await refundOverpayment(uow, itn.id, now);
  });
  await processRefunds(ctx, id);
  return viewAfterWrite(ctx, id);
}

/** A change that lowers what is due on a paid itinerary refunds the difference, through the way it was paid. */
export async function refundOverpayment(uow: Uow, itineraryId: string, now: Date) {
  const trx = uow.db;
  const itn = (await repo.findItinerary(trx, itineraryId))!;
  const due = await loadOutstanding(uow, trx, itn);
  if (due.amount >= 0) return;
  await insertPayment(trx, {
    itineraryId: itn.id,
    kind: "refund",
    ...refundMethodOf(due.rows),
    amount: -due.amount,
    currency: due.currency,
    reference: "adjustment",
    createdBy: uow.actor?.userId ?? null,
    now,
  });
}

/** On a held or confirmed itinerary a new component takes its inventory at once (held or booked). */
async function inventoryFor(
  uow: Uow,
  itn: LoadedItinerary,
  hospital: HospitalInfo,
  componentId: string,
  p: ComponentParams,
  now: Date,
) {
  if (itn.status !== "held" && itn.status !== "confirmed") return;
  const resolved = await resolveOne(uow.db, hospital, componentId, 0, p);
  if (itn.status === "held" && resolved.holdLimit && resolved.holdLimit <= now.toISOString()) {
    throw conflict(`Component ${componentId} starts before the hold could end.`, "hold_window_passed");
  }
  await takeAll(
    uow,
    itn.id,
    resolved.needs.map((need) => ({ componentId, need })),
    itn.status === "held" ? "held" : "booked",
    itn.status === "held" ? itn.hold_expires_at : null,
    now,
  );
}

export async function addComponent({ ctx, input }: { ctx: ServiceContext; input: AddComponentInput }) {
  return change(
    ctx,
    input,
    "component_added",
    async (uow, itn, hospital, now) => {
      const trx = uow.db;
      const p = await buildParams(uow, itn, parseTravelers(itn), input.component, "body");
      await resolveOne(trx, hospital, "new", 0, p);
      const rows = await repo.componentsOf(trx, itn.id);
      const id = newId("cmp", now);
      await repo.insertComponent(trx, {
        id,
        itinerary_id: itn.id,
        type: p.type,
        ref: refOf(p),
        params: paramsJson(p),
        position: Math.max(0, ...rows.map((r) => r.position)) + 1,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
      await inventoryFor(uow, itn, hospital, id, p, now);
      return `Added ${p.type} ${refOf(p)}.`;
    },
    { action: "add", component: input.component },
  );
}

async function componentOf(trx: Db, itn: LoadedItinerary, componentId: string): Promise<ComponentRow> {
  const row = (await repo.componentsOf(trx, itn.id)).find((c) => c.id === componentId);
  if (!row) throw notFound("component", componentId);
  return row;
}

/** Releases the inventory one component holds or booked. */
async function releaseComponent(trx: Db, itineraryId: string, componentId: string, now: Date) {
  const mine = (await inventory.activeReservations(trx, itineraryId)).filter((r) => r.component_id === componentId);
  await inventory.releaseReservations(trx, mine, now);
}

export async function replaceComponent({ ctx, input }: { ctx: ServiceContext; input: ReplaceComponentInput }) {
  return change(
    ctx,
    input,
    "component_changed",
    async (uow, itn, hospital, now) => {
      const trx = uow.db;
      const old = await componentOf(trx, itn, input.componentId);
      if (old.type !== input.component.type)
        throw validationError("A component keeps its type; remove it and add another.", [
          { path: "body.type", message: `must be ${old.type}` },
        ]);
      const p = await buildParams(uow, itn, parseTravelers(itn), input.component, "body");
      await resolveOne(trx, hospital, old.id, old.position, p);
      await releaseComponent(trx, itn.id, old.id, now);
      await repo.updateComponent(trx, old.id, { ref: refOf(p), params: paramsJson(p), updated_at: now.toISOString() });
      await inventoryFor(uow, itn, hospital, old.id, p, now);
      return `Changed ${old.type} ${old.ref} → ${refOf(p)}.`;
    },
    { action: "replace", componentId: input.componentId, component: input.component },
  );
}

export async function removeComponent({ ctx, input }: { ctx: ServiceContext; input: RemoveComponentInput }) {
  return change(
    ctx,
    input,
    "component_removed",
    async ({ db: trx }, itn, _hospital, now) => {
      const old = await componentOf(trx, itn, input.componentId);
      await releaseComponent(trx, itn.id, old.id, now);
      await repo.deleteReleasedReservationsOf(trx, old.id);
      await repo.deleteComponent(trx, old.id);
      return `Removed ${old.type} ${old.ref}.`;
    },
    { action: "remove", componentId: input.componentId },
  );
}

/** One change as the agent console's preview and change offers carry it: an add, a replace or a removal. */
export async function applyComponentChange({ ctx, input }: { ctx: ServiceContext; input: ApplyChangeInput }) {
  const { id, ifMatch, reason, change: ch } = input;
  if (ch.action === "replace")
    return replaceComponent({
      ctx,
      input: { id, ifMatch, reason, componentId: ch.componentId, component: ch.component },
    });
  if (ch.action === "add") return addComponent({ ctx, input: { id, ifMatch, reason, component: ch.component } });
  return removeComponent({ ctx, input: { id, ifMatch, reason, componentId: ch.componentId } });
}
