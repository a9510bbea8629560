import * as inventory from "../../data/inventory-repo";
import * as repo from "../../data/itineraries-repo";
import type { HospitalInfo, LoadedItinerary } from "../../data/itineraries-repo";
import { closeOffer, findOffer, moveOfferReservations, offerReservations } from "../../data/offers-repo";
import type { ChangeOfferRow } from "../../data/schema";
import { withTransaction } from "../../data/unit-of-work";
import type { ServiceContext } from "../context";
import { conflict } from "../errors";
import { refundOverpayment } from "../itineraries/change-components";
import { paramsJson, refOf } from "../itineraries/component-input";
import { changedState, loadOutstanding, snapshot } from "../itineraries/load";
import { resolveOne } from "../itineraries/resolve";
import type { ComponentParams, Uow } from "../itineraries/types";
import { processRefunds } from "../refunds/process";
import { requireActor } from "../scope";
import { checkOfferVersion, closedOffer, loadOffer } from "./internal";
import { assertCanDecide } from "./policy";
import { offerHistory, releaseOffer } from "./records";
import type { DecideOfferInput } from "./schemas";
import { offerView } from "./view";
import { summaryOf } from "../../domain/itineraries/history-summary";

/** The patient's offer, open, on the version they name: the checks accept and decline share. */
async function openOffer(ctx: ServiceContext, input: DecideOfferInput) {
  const actor = requireActor(ctx);
  const loaded = await loadOffer(ctx, input.id, input.offerId);
  assertCanDecide(actor);
  checkOfferVersion(loaded.offer, input.ifMatch);
  if (loaded.offer.status !== "open") throw closedOffer(loaded.offer);
  return { actor, ...loaded };
}

/** Closes the offer in the unit of work, or answers why it could not (it was closed meanwhile). */
async function close(uow: Uow, offer: ChangeOfferRow, status: "accepted" | "declined", now: Date) {
  if (await closeOffer(uow.db, offer.id, status, uow.actor?.userId ?? null, now, "live")) return;
  const now2 = (await findOffer(uow.db, offer.itinerary_id, offer.id))!;
  throw now2.status === "open" ? closedOffer({ id: offer.id, status: "expired" }) : closedOffer(now2);
}

/** Makes the offered change: the component added, replaced or removed, the offer's inventory booked onto it. */
async function applyOffer(uow: Uow, itn: LoadedItinerary, hospital: HospitalInfo, offer: ChangeOfferRow, now: Date) {
  const trx = uow.db;
  const params = offer.params ? (JSON.parse(offer.params) as ComponentParams) : null;
  const needs = params ? (await resolveOne(trx, hospital, offer.component_id, 0, params)).needs : [];
  const holding = await offerReservations(trx, itn.id, offer.id);
  if (holding.length < needs.length)
    throw conflict(
      "What this offer held is no longer available: ask your agent for a new offer.",
      "offer-inventory-gone",
    );
  const rows = await repo.componentsOf(trx, itn.id);
  const old = rows.find((r) => r.id === offer.component_id);
  if (offer.action !== "add" && !old) throw conflict("The trip changed since the offer was made.", "offer-stale");
  if (old) {
    const mine = (await inventory.activeReservations(trx, itn.id)).filter((r) => r.component_id === old.id);
    await inventory.releaseReservations(trx, mine, now);
  }
  const at = now.toISOString();
  if (offer.action === "add" && params) {
    await repo.insertComponent(trx, {
      id: offer.component_id,
      itinerary_id: itn.id,
      type: params.type,
      ref: refOf(params),
      params: paramsJson(params),
      position: Math.max(0, ...rows.map((r) => r.position)) + 1,
      created_at: at,
      updated_at: at,
    });
  } else if (offer.action === "replace" && params) {
    await repo.updateComponent(trx, offer.component_id, {
      ref: refOf(params),
      params: paramsJson(params),
      updated_at: at,
    });
  } else {
    await repo.deleteReleasedReservationsOf(trx, offer.component_id);
    await repo.deleteComponent(trx, offer.component_id);
  }
  const held = itn.status === "held";
  await moveOfferReservations(trx, itn.id, offer.id, {
    componentId: offer.component_id,
    status: held ? "held" : "booked",
    expiresAt: held ? itn.hold_expires_at : null,
  });
}

/**
 * The patient accepts an offer: the change is made in one transaction (the offer's inventory moves
 * onto the trip, booked on a confirmed trip and held until the hold's end on a held one, what the old
 * component held is released, the version moves on, history and the patient's notification
 * written). What is left to pay is paid with the trip's card payment; on a confirmed trip an
 * overpayment is refunded as any change refunds it.
 */
export async function acceptChangeOffer({ ctx, input }: { ctx: ServiceContext; input: DecideOfferInput }) {
  const { itn, hospital, offer } = await openOffer(ctx, input);
  if (itn.status !== "confirmed" && itn.status !== "held")
    throw conflict(`The trip is ${itn.status} now.`, "invalid_state");
  if (itn.version !== offer.base_version)
    throw conflict("The trip changed since the offer was made: ask your agent for a new one.", "offer-stale");
  const now = ctx.clock.now();
  await withTransaction(ctx, async (uow) => {
    await close(uow, offer, "accepted", now);
    const before = await snapshot(uow, uow.db, itn);
    if (!(await repo.bumpVersion(uow.db, itn.id, offer.base_version, { updated_at: now.toISOString() })))
      throw conflict("The trip changed since the offer was made: ask your agent for a new one.", "offer-stale");
    await applyOffer(uow, itn, hospital, offer, now);
    await repo.recordChange(uow.db, {
      itn,
      ...(await changedState(uow, uow.db, itn.id)),
      actor: uow.actor,
      at: uow.clock.now(),
      action: "offer_accepted",
      summary: summaryOf.offerAccepted(offer.id, offer.reason),
      before,
      notify: "itinerary_changed",
      extra: { offerId: offer.id },
    });
    if (itn.status === "confirmed") await refundOverpayment(uow, itn.id, now);
  });
  await processRefunds(ctx, itn.id);
  const fresh = (await repo.findItinerary(ctx.db, itn.id))!;
  const due = await loadOutstanding(ctx, ctx.db, fresh);
  const row = (await findOffer(ctx.db, itn.id, offer.id))!;
  return {
    ...offerView(row),
    itineraryVersion: fresh.version,
    outstanding: { amount: Math.max(0, due.amount), currency: due.currency },
  };
}

/** The patient declines an offer: what it held is released and the trip stays as it was. */
export async function declineChangeOffer({ ctx, input }: { ctx: ServiceContext; input: DecideOfferInput }) {
  const { itn, offer } = await openOffer(ctx, input);
  const now = ctx.clock.now();
  await withTransaction(ctx, async (uow) => {
    await close(uow, offer, "declined", now);
    await releaseOffer(uow.db, itn.id, offer.id, now);
    await offerHistory(uow, itn.id, {
      action: "offer_declined",
      summary: summaryOf.offerDeclined(offer.id),
      offer: { ...offer, status: "declined" },
      now,
    });
  });
  return offerView((await findOffer(ctx.db, itn.id, offer.id))!);
}
