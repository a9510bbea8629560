import { closeOffer, expiredOpenOffers, findOffer } from "../../data/offers-repo";
import { withTransaction } from "../../data/unit-of-work";
import type { ServiceContext } from "../context";
import { offerHistory, releaseOffer } from "./records";
import { summaryOf } from "../../domain/itineraries/history-summary";

/** An open offer whose time ran out closes as expired and gives its inventory back, in one transaction. */
export async function expireOffer(ctx: ServiceContext, itineraryId: string, offerId: string): Promise<boolean> {
  const now = ctx.clock.now();
  return withTransaction(ctx, async (uow) => {
    const offer = await findOffer(uow.db, itineraryId, offerId);
    if (!offer || offer.status !== "open") return false;
    if (!(await closeOffer(uow.db, offer.id, "expired", null, now, "ran-out"))) return false;
    await releaseOffer(uow.db, itineraryId, offer.id, now);
    await offerHistory(uow, itineraryId, {
      action: "offer_expired",
      summary: summaryOf.offerExpired(offer.id, offer.valid_until),
      offer: { ...offer, status: "expired" },
      now,
      system: true,
    });
    return true;
  });
}

/**
 * Expires every open offer whose time ran out (the sibling of `sweepExpiredHolds`; the entries run
 * both periodically, tests call it with an injected clock).
 */
export async function sweepExpiredOffers(ctx: ServiceContext): Promise<number> {
  let n = 0;
  for (;;) {
    const due = await expiredOpenOffers(ctx.db, ctx.clock.now().toISOString());
    if (due.length === 0) return n;
    for (const o of due) if (await expireOffer(ctx, o.itinerary_id, o.id)) n++;
    if (due.length < 100) return n;
  }
}
