// The change-offer verbs, as the transports (REST routes, web pages) import them. Keep names stable.
export { createChangeOffer, offerPath } from "./create";
export { acceptChangeOffer, declineChangeOffer } from "./decide";
export { expireOffer, sweepExpiredOffers } from "./expire";
export { getChangeOffer, listChangeOffers } from "./read";
export type * from "./schemas";
export { OFFER_MINUTES } from "./schemas";
export type { OfferSummary } from "./summary";
export { type OfferView, offerView } from "./view";
