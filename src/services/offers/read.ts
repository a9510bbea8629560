import { offersOf } from "../../data/offers-repo";
import type { ServiceContext } from "../context";
import { loadWithHospital } from "../itineraries/load";
import { expireOffer } from "./expire";
import { loadOffer } from "./internal";
import type { ListOffersInput, OfferIdInput } from "./schemas";
import { offerView } from "./view";

/** One offer, for anyone who may read its itinerary (its time checked first: a lapsed one shows expired). */
export async function getChangeOffer({ ctx, input }: { ctx: ServiceContext; input: OfferIdInput }) {
  return offerView((await loadOffer(ctx, input.id, input.offerId)).offer);
}

/** An itinerary's offers, newest first (at most 100), a lapsed open one expired first. */
export async function listChangeOffers({ ctx, input }: { ctx: ServiceContext; input: ListOffersInput }) {
  const { itn } = await loadWithHospital(ctx, input.id);
  let rows = await offersOf(ctx.db, itn.id);
  const nowIso = ctx.clock.now().toISOString();
  const lapsed = rows.filter((r) => r.status === "open" && r.valid_until <= nowIso);
  if (lapsed.length) {
    for (const r of lapsed) await expireOffer(ctx, itn.id, r.id);
    rows = await offersOf(ctx.db, itn.id);
  }
  return { itineraryId: itn.id, data: rows.map(offerView) };
}
