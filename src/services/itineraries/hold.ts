import * as inventory from "../../data/inventory-repo";
import * as repo from "../../data/itineraries-repo";
import type { HospitalInfo, LoadedItinerary } from "../../data/itineraries-repo";
import { withTransaction } from "../../data/unit-of-work";
import type { ServiceContext } from "../context";
import { businessRule, conflict, preconditionFailed } from "../errors";
import { requireActor } from "../scope";
import { checkVersion, loadWithHospital, priceResolved, quotesOf, resolveStored, snapshotOf, timelineOf } from "./load";
import { assertCanHold, isOwner, requireVerbRole } from "./policy";
import type { ResolvedComponent, Uow } from "./types";
import { itineraryView } from "./view";
import type { HoldInput } from "./schemas";
import { summaryOf } from "../../domain/itineraries/history-summary";

const soldOut = (componentId: string, need: inventory.Need) =>
  conflict(
    `Not enough ${need.resource.replace("_", " ")} left for component ${componentId} (${need.key}).`,
    "sold_out",
    [{ path: `components.${componentId}`, message: `${need.resource} ${need.key} sold out` }],
  );

/**
 * Takes every need, all or nothing with the caller's transaction, in one fixed order (resource,
 * then key) so that concurrent holds lock counters alike. The nights of one stay go in one
 * `takeSeries`; the reservations in one INSERT.
 */
export async function takeAll(
  uow: Uow,
  itineraryId: string,
  items: { componentId: string; need: inventory.Need }[],
  status: "held" | "booked",
  expiresAt: string | null,
  now: Date,
) {
  const sorted = [...items].sort((a, b) => (a.need.resource + a.need.key).localeCompare(b.need.resource + b.need.key));
  for (let i = 0; i < sorted.length; ) {
    const head = sorted[i]!;
    let j = i + 1;
    while (
      j < sorted.length &&
      sorted[j]!.componentId === head.componentId &&
      inventory.sameSeries(head.need, sorted[j]!.need) &&
      sorted[j]!.need.key !== sorted[j - 1]!.need.key
    )
      j++;
    const short = await inventory.takeSeries(
      uow.db,
      sorted.slice(i, j).map((x) => x.need),
      { lockInOrder: uow.dialect === "postgres" },
    );
    if (short) throw soldOut(head.componentId, short);
    i = j;
  }
  await inventory.insertReservations(
    uow.db,
    sorted.map(({ componentId, need }) => ({ itineraryId, componentId, need, status, expiresAt, now })),
  );
}

/** The timeline of what would be held; its errors refuse the hold. */
function checkedTimeline(hospital: HospitalInfo, itn: LoadedItinerary, resolved: ResolvedComponent[]) {
  const timeline = timelineOf(hospital, itn, resolved);
  const errors = timeline.issues.filter((i) => i.severity === "error");
  if (errors.length) {
    throw businessRule(
      "timeline_invalid",
      `The timeline has ${errors.length} error(s): fix them before holding.`,
      errors.map((e) => ({ path: `components.${e.componentIds.join(",")}`, message: `${e.code}: ${e.message}` })),
    );
  }
  return timeline;
}

/** When the hold ends: after HOLD_MINUTES, or sooner when a component starts or a quote expires sooner. */
async function holdExpiry(ctx: ServiceContext, resolved: ResolvedComponent[], now: Date): Promise<string> {
  const limits = [
    now.getTime() + ctx.config.holdMinutes * 60_000,
    ...resolved.flatMap((r) => (r.holdLimit ? [Date.parse(r.holdLimit)] : [])),
  ];
  for (const q of await quotesOf(ctx.db, resolved)) {
    if (!q || q.status !== "open" || q.valid_until <= now.toISOString()) {
      throw conflict(
        `Quote ${q?.id ?? "?"} has expired or was withdrawn: ask for a fresh quote; ` +
          "prices are never silently honoured or changed.",
        "quote_expired",
      );
    }
    limits.push(Date.parse(q.valid_until));
  }
  const expiresAt = new Date(Math.min(...limits)).toISOString();
  if (expiresAt <= now.toISOString()) throw conflict("A component starts too soon to be held.", "hold_window_passed");
  return expiresAt;
}

/**
 * Holds every component's inventory at once, or none. The hold lasts HOLD_MINUTES, or less when
 * a component starts sooner or the quote expires sooner. An itinerary with timeline errors is not held.
 */
export async function holdItinerary({ ctx, input }: { ctx: ServiceContext; input: HoldInput }) {
  const actor = requireActor(ctx);
  requireVerbRole(actor, "hold");
  const { itn, hospital, feePolicy } = await loadWithHospital(ctx, input.id);
  assertCanHold(actor, itn);
  checkVersion(itn, input.ifMatch);
  if (itn.status !== "draft") throw conflict(`A ${itn.status} itinerary cannot be held.`, "invalid_state");
  const resolved = await resolveStored(ctx.db, itn, hospital);
  if (resolved.length === 0) throw businessRule("empty_itinerary", "Add components before holding.");
  const timeline = checkedTimeline(hospital, itn, resolved);
  const now = ctx.clock.now();
  const expiresAt = await holdExpiry(ctx, resolved, now);
  // A hold moves neither components nor prices: one resolution and one pricing serve the history's
  // "before" and "after" and the response. The version bump below fails if anything changed since
  // they were read (every change to components bumps the version).
  const priced = await priceResolved(ctx, ctx.db, itn, { hospital, resolved, feePolicy });
  const set = { status: "held" as const, hold_expires_at: expiresAt, updated_at: now.toISOString() };
  const held: LoadedItinerary = { ...itn, ...set, version: itn.version + 1 };
  await withTransaction(ctx, async (uow) => {
    if (!(await repo.bumpVersion(uow.db, itn.id, itn.version, set)))
      throw preconditionFailed("The itinerary changed meanwhile: reload it and retry.");
    const needs = resolved.flatMap((r) => r.needs.map((need) => ({ componentId: r.id, need })));
    await takeAll(uow, itn.id, needs, "held", expiresAt, now);
    await repo.recordChange(uow.db, {
      itn: held,
      version: held.version,
      after: snapshotOf(held.status, resolved, priced),
      actor: uow.actor,
      at: uow.clock.now(),
      action: "held",
      summary: summaryOf.held(expiresAt),
      before: snapshotOf(itn.status, resolved, priced),
      notify: "itinerary_held",
      extra: { expiresAt },
    });
  });
  return itineraryView(ctx, ctx.db, held, { owner: isOwner(actor, held) }, { hospital, resolved, timeline, priced });
}
