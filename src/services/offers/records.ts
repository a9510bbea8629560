/** What an offer's life writes besides the offer itself: its history entries and giving back its inventory. */
import * as inventory from "../../data/inventory-repo";
import * as repo from "../../data/itineraries-repo";
import { offerReservations } from "../../data/offers-repo";
import type { ChangeOfferRow } from "../../data/schema";
import type { Db, Uow } from "../itineraries/types";

/** Gives back what an offer holds (each reservation once). */
export async function releaseOffer(trx: Db, itineraryId: string, offerId: string, now: Date) {
  await inventory.releaseReservations(trx, await offerReservations(trx, itineraryId, offerId), now);
}

/**
 * A history entry for an offer's life that leaves the itinerary as it is (created, declined,
 * expired, superseded): at the itinerary's current version.
 */
export async function offerHistory(
  uow: Pick<Uow, "db" | "actor">,
  itineraryId: string,
  entry: { action: string; summary: string; offer: ChangeOfferRow | { id: string }; now: Date; system?: boolean },
) {
  const itn = (await repo.findItinerary(uow.db, itineraryId))!;
  const actor = entry.system || !uow.actor ? { userId: null, role: "system" } : uow.actor;
  await repo.insertHistory(uow.db, {
    itineraryId,
    version: itn.version,
    action: entry.action,
    actorUserId: actor.userId,
    actorRole: actor.role,
    at: entry.now,
    summary: entry.summary,
    before: null,
    after: { offerId: entry.offer.id, ...("status" in entry.offer ? { status: entry.offer.status } : {}) },
  });
}
