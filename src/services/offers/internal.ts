/** What the offer verbs share: loading an offer the caller may see, and the answers for one no longer open. */
import { findOffer } from "../../data/offers-repo";
import type { ChangeOfferRow } from "../../data/schema";
import type { ServiceContext } from "../context";
import { conflict, notFound, preconditionFailed, preconditionRequired } from "../errors";
import { loadWithHospital } from "../itineraries/load";
import { expireOffer } from "./expire";

/** The itinerary (404 unless the caller may read it) and its offer (404 unless it is the itinerary's). */
export async function loadOffer(ctx: ServiceContext, id: string, offerId: string) {
  const loaded = await loadWithHospital(ctx, id);
  let offer = await findOffer(ctx.db, loaded.itn.id, offerId);
  if (!offer) throw notFound("change offer", offerId);
  if (offer.status === "open" && offer.valid_until <= ctx.clock.now().toISOString()) {
    await expireOffer(ctx, loaded.itn.id, offer.id);
    offer = (await findOffer(ctx.db, loaded.itn.id, offerId))!;
  }
  return { ...loaded, offer };
}

/** The 409 an offer no longer open answers, naming why. */
export function closedOffer(offer: Pick<ChangeOfferRow, "id" | "status">) {
  switch (offer.status) {
    case "expired":
      return conflict(`Change offer ${offer.id} has expired: ask your agent for a new one.`, "offer-expired");
    case "superseded":
      return conflict(`Change offer ${offer.id} was replaced by a newer offer.`, "offer-superseded");
    default:
      return conflict(`Change offer ${offer.id} was already ${offer.status}.`, "offer-closed");
  }
}

/** `If-Match` names the itinerary version the offer was made on: 428 without it, 412 for another. */
export function checkOfferVersion(offer: ChangeOfferRow, ifMatch: number | undefined) {
  if (ifMatch === undefined)
    throw preconditionRequired('Send `If-Match: "<version>"` with the itinerary version the offer was made on.');
  if (ifMatch !== offer.base_version)
    throw preconditionFailed(`Change offer ${offer.id} was made on version ${offer.base_version}, not ${ifMatch}.`);
}
