import * as cancellationQuotes from "../../data/cancellation-quotes-repo";
import { newId } from "../../data/ids";
import * as inventory from "../../data/inventory-repo";
import { closeOffer, openOfferOf } from "../../data/offers-repo";
import * as repo from "../../data/itineraries-repo";
import type { LoadedItinerary } from "../../data/itineraries-repo";
import { insertPayment } from "../../data/payments-repo";
import { withTransaction } from "../../data/unit-of-work";
import { cancellationRefund } from "../../domain/cancellation/refund";
import { PricingError } from "../../domain/pricing/money";
import type { ServiceContext } from "../context";
import { businessRule, conflict, ForbiddenError, preconditionFailed, validationError } from "../errors";
import { processRefunds } from "../refunds/process";
import { requireActor } from "../scope";
import { changedState, checkVersion, loadItinerary, loadOutstanding, snapshot } from "./load";
import { assertCanCancel, requireVerbRole } from "./policy";
import { moneyState, refundMethodOf } from "./pricing";
import type { Uow } from "./types";
import { viewAfterWrite } from "./view";
import type { CancelInput, ItineraryIdInput } from "./schemas";
import { summaryOf } from "../../domain/itineraries/history-summary";

export const CANCELLATION_QUOTE_MINUTES = 10;

/** The refund of cancelling now, per component, in the hospital's currency. */
async function refundNow(ctx: ServiceContext, itn: LoadedItinerary, now: Date) {
  const { hospital, resolved, priced, net } = await loadOutstanding(ctx, ctx.db, itn);
  const cur = hospital.currency;
  try {
    const quote = cancellationRefund({
      components: resolved.map((r) => ({
        componentId: r.id,
        type: r.type,
        price: r.travel ? r.travel.total : { amount: 0, currency: cur },
        policy: r.policy,
      })),
      now: now.toISOString(),
      currency: cur,
      net,
      travelTotal: priced.hospitalCurrency.travel.amount,
      fees: priced.hospitalCurrency.fees.amount,
      rates: priced.fx.conversions,
    });
    return { ...quote, net, currency: cur };
  } catch (err) {
    if (err instanceof PricingError) throw businessRule(err.code, err.message);
    throw err;
  }
}

/** The refund per component if cancelled now, valid a few minutes. Nothing changes yet. */
export async function quoteCancellation({ ctx, input }: { ctx: ServiceContext; input: ItineraryIdInput }) {
  const actor = requireActor(ctx);
  requireVerbRole(actor, "cancel");
  const itn = await loadItinerary(ctx, input.id);
  assertCanCancel(actor, itn, false);
  const now = ctx.clock.now();
  const { lines, feeRefund, total, net, currency: cur } = await refundNow(ctx, itn, now);
  const id = newId("cxq", now);
  const expiresAt = new Date(now.getTime() + CANCELLATION_QUOTE_MINUTES * 60_000).toISOString();
  await cancellationQuotes.insertCancellationQuote(ctx.db, {
    id,
    itinerary_id: itn.id,
    itinerary_version: itn.version,
    status: "open",
    refunds: JSON.stringify({ lines, feeRefund }),
    total_refund: total,
    currency: cur,
    created_at: now.toISOString(),
    expires_at: expiresAt,
  });
  return {
    id,
    itineraryId: itn.id,
    itineraryVersion: itn.version,
    expiresAt,
    paid: { amount: net, currency: cur },
    components: lines,
    fees: { amount: feeRefund, currency: cur },
    totalRefund: { amount: total, currency: cur },
  };
}

/** An open, unexpired quote of this itinerary at its current version. */
async function usableQuote(ctx: ServiceContext, itn: LoadedItinerary, quoteId: string) {
  const cq = await cancellationQuotes.findCancellationQuote(ctx.db, quoteId);
  if (!cq || cq.itinerary_id !== itn.id)
    throw validationError("Unknown cancellation quote.", [
      { path: "body.cancellationQuoteId", message: "no such quote for this itinerary" },
    ]);
  if (cq.status !== "open") throw conflict("That cancellation quote was already used.", "cancellation_quote_used");
  if (cq.expires_at <= ctx.clock.now().toISOString())
    throw conflict("That cancellation quote has expired: ask for a new one.", "cancellation_quote_expired");
  if (cq.itinerary_version !== itn.version)
    throw conflict("The itinerary changed since the quote: ask for a new one.", "cancellation_quote_stale");
  return cq;
}
type UsableQuote = Awaited<ReturnType<typeof usableQuote>>;

/** Inside the unit of work: uses the quote, releases everything, cancels, records exactly the quoted refund. */
async function cancelInside(uow: Uow, itn: LoadedItinerary, cq: UsableQuote, now: Date) {
  const trx = uow.db;
  const before = await snapshot(uow, trx, itn);
  if (!(await cancellationQuotes.useCancellationQuote(trx, cq.id)))
    throw conflict("That cancellation quote was already used.", "cancellation_quote_used");
  await inventory.releaseReservations(trx, await inventory.activeReservations(trx, itn.id), now);
  // An open change offer dies with the trip: its seats were released just above, with the trip's.
  const offer = await openOfferOf(trx, itn.id);
  if (offer) await closeOffer(trx, offer.id, "superseded", uow.actor?.userId ?? null, now);
  const set = { status: "cancelled" as const, hold_expires_at: null, updated_at: now.toISOString() };
  if (!(await repo.bumpVersion(trx, itn.id, itn.version, set)))
    throw preconditionFailed("The itinerary changed meanwhile.");
  if (cq.total_refund > 0) {
    await insertPayment(trx, {
      itineraryId: itn.id,
      kind: "refund",
      ...refundMethodOf((await moneyState(trx, itn.id)).rows),
      amount: cq.total_refund,
      currency: cq.currency,
      reference: null,
      cancellationQuoteId: cq.id,
      createdBy: uow.actor?.userId ?? null,
      now,
    });
  }
  await repo.recordChange(trx, {
    itn,
    ...(await changedState(uow, trx, itn.id)),
    actor: uow.actor,
    at: uow.clock.now(),
    action: "cancelled",
    summary: summaryOf.cancelled(cq.total_refund, cq.currency),
    before,
    notify: "itinerary_cancelled",
    extra: { refund: { amount: cq.total_refund, currency: cq.currency } },
  });
}

/** Confirms a cancellation quote: releases all inventory and records exactly the quoted refund. */
export async function confirmCancellation({ ctx, input }: { ctx: ServiceContext; input: CancelInput }) {
  const actor = requireActor(ctx);
  requireVerbRole(actor, "cancel");
  const itn = await loadItinerary(ctx, input.id);
  assertCanCancel(actor, itn, true);
  checkVersion(itn, input.ifMatch);
  const cq = await usableQuote(ctx, itn, input.cancellationQuoteId);
  const now = ctx.clock.now();
  await withTransaction(ctx, (uow) => cancelInside(uow, itn, cq, now));
  await processRefunds(ctx, itn.id);
  return viewAfterWrite(ctx, itn.id);
}

/**
 * Whether the caller may confirm this itinerary's cancellation themselves (policy.ts decides): a page
 * asks before offering the button, so a patient of a confirmed trip is told their agent confirms it.
 */
export async function mayConfirmCancellation({ ctx, input }: { ctx: ServiceContext; input: ItineraryIdInput }) {
  const actor = requireActor(ctx);
  const itn = await loadItinerary(ctx, input.id);
  try {
    requireVerbRole(actor, "cancel");
    assertCanCancel(actor, itn, true);
    return true;
  } catch (err) {
    if (err instanceof ForbiddenError) return false;
    throw err;
  }
}
