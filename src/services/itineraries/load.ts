import { getHospital } from "../../data/catalog-repo";
import { findQuote } from "../../data/quotes-repo";
import * as repo from "../../data/itineraries-repo";
import type { HospitalInfo, LoadedItinerary } from "../../data/itineraries-repo";
import type { FeePolicy } from "../../domain/pricing/fees";
import type { PricedItinerary } from "../../domain/pricing/totals";
import { buildTimeline } from "../../domain/timeline/index";
import type { ServiceContext } from "../context";
import { notFound, preconditionFailed, preconditionRequired } from "../errors";
import { requireActor } from "../scope";
import { expireHold } from "./expire";
import { labelOf } from "./snapshot-label";
import { canRead } from "./policy";
import { feePolicyFrom, moneyState, priceOf } from "./pricing";
import { parseTravelers, resolveComponents, timelineInput } from "./resolve";
import type { Db, ResolvedComponent } from "./types";

/** What a view needs besides the itinerary row when that was read with `findItineraryWithHospital`. */
export interface ItineraryContext {
  hospital: HospitalInfo;
  feePolicy: FeePolicy | null;
}

/** An itinerary's components resolved against the catalog and priced, once. */
export interface PricedParts {
  hospital: HospitalInfo;
  resolved: ResolvedComponent[];
  priced: PricedItinerary;
}

/** The fields of an itinerary that resolving and pricing read. */
type Priceable = { id: string; hospital_id: string; agency_id: string | null; patient_currency: string };

/** Loads an itinerary the caller may see (404 otherwise), releasing its hold first if it ran out. */
export async function loadItinerary(ctx: ServiceContext, id: string): Promise<LoadedItinerary> {
  return (await loadWithHospital(ctx, id)).itn;
}

/** `loadItinerary` with the itinerary's hospital and its agency's fee policy, read in the same query. */
export async function loadWithHospital(
  ctx: ServiceContext,
  id: string,
): Promise<{ itn: LoadedItinerary } & ItineraryContext> {
  const actor = requireActor(ctx);
  let found = await repo.findItineraryWithHospital(ctx.db, id);
  if (!found || !canRead(actor, found.itn)) throw notFound("itinerary", id);
  const { itn } = found;
  if (itn.status === "held" && itn.hold_expires_at && itn.hold_expires_at <= ctx.clock.now().toISOString()) {
    await expireHold(ctx, id);
    found = (await repo.findItineraryWithHospital(ctx.db, id))!;
  }
  return { itn: found.itn, hospital: found.hospital, feePolicy: feePolicyFrom(found.agency) };
}

/** An itinerary's stored components, resolved against the catalog. */
export async function resolveStored(db: Db, itn: { id: string }, hospital: HospitalInfo) {
  return resolveComponents(db, hospital, await repo.componentParamsOf(db, itn.id));
}

/** The timeline of resolved components, with its issues. */
export function timelineOf(hospital: HospitalInfo, itn: { travelers: string }, resolved: ResolvedComponent[]) {
  return buildTimeline(timelineInput(hospital, parseTravelers(itn), resolved));
}

/** The quotes of the treatment components (undefined for one that no longer exists). */
export async function quotesOf(db: Db, resolved: ResolvedComponent[]) {
  const ids = resolved.flatMap((r) => (r.params.type === "treatment" ? [r.params.quoteId] : []));
  return Promise.all(ids.map((id) => findQuote(db, id)));
}

/** Prices components already resolved; `known.feePolicy` when read with the itinerary. */
export async function priceResolved(
  ctx: Pick<ServiceContext, "clock">,
  db: Db,
  itn: Priceable,
  parts: { hospital: HospitalInfo; resolved: ResolvedComponent[]; feePolicy?: FeePolicy | null },
) {
  return priceOf(ctx, db, itn, parts.hospital, parts.resolved, parts.feePolicy);
}

/**
 * Resolves and prices an itinerary's stored components through `db` (a unit of work's handle inside one).
 * `known`: the hospital and fee policy when already read with the itinerary.
 */
export async function loadPriced(
  ctx: Pick<ServiceContext, "clock">,
  db: Db,
  itn: Priceable,
  known?: Partial<ItineraryContext>,
): Promise<PricedParts> {
  const hospital = known?.hospital ?? (await getHospital(db, itn.hospital_id))!;
  const resolved = await resolveStored(db, itn, hospital);
  const priced = await priceOf(ctx, db, itn, hospital, resolved, known?.feePolicy);
  return { hospital, resolved, priced };
}

/** What is due now and not yet paid, in the hospital currency, with what it was computed from. */
export async function loadOutstanding(ctx: Pick<ServiceContext, "clock">, db: Db, itn: Priceable) {
  const parts = await loadPriced(ctx, db, itn);
  const money = await moneyState(db, itn.id);
  const net = money.paid - money.refunded;
  const amount = parts.priced.hospitalCurrency.dueNow.amount - net;
  return { ...parts, ...money, net, amount, currency: parts.hospital.currency };
}

/** Every write names the version it read (`If-Match`): 428 without it, 412 when stale. */
export function checkVersion(itn: { version: number }, ifMatch: number | undefined) {
  if (ifMatch === undefined)
    throw preconditionRequired('Send `If-Match: "<version>"` with the version you read (the ETag).');
  if (ifMatch !== itn.version)
    throw preconditionFailed(`The itinerary is at version ${itn.version}, not ${ifMatch}: reload it and retry.`);
}

/** A compact picture of an itinerary for history: status, components and totals. */
export function snapshotOf(status: string, resolved: ResolvedComponent[], priced: PricedItinerary) {
  return {
    status,
    components: resolved.map((r) => ({ id: r.id, type: r.type, ...(r.params as object), label: labelOf(r) })),
    totals: {
      dueNow: priced.hospitalCurrency.dueNow,
      grandTotal: priced.hospitalCurrency.grandTotal,
      medical: priced.hospitalCurrency.medical,
    },
  };
}
export type Snapshot = ReturnType<typeof snapshotOf>;

/** The version and snapshot an itinerary is at as stored; inside a unit of work, as its change leaves it. */
export async function changedState(ctx: Pick<ServiceContext, "clock">, db: Db, id: string) {
  const fresh = (await repo.findItinerary(db, id))!;
  return { version: fresh.version, after: await snapshot(ctx, db, fresh) };
}

/** `snapshotOf` the itinerary as stored, read through `db`. */
export async function snapshot(ctx: Pick<ServiceContext, "clock">, db: Db, itn: Priceable & { status: string }) {
  const { resolved, priced } = await loadPriced(ctx, db, itn);
  return snapshotOf(itn.status, resolved, priced);
}
