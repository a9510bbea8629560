// The itinerary verbs, as the transports (REST routes, web pages) import them. Keep names stable.
export { buildItineraryIcs, itineraryCalendar } from "./calendar";
export { CANCELLATION_QUOTE_MINUTES, confirmCancellation, mayConfirmCancellation, quoteCancellation } from "./cancel";
export { addComponent, applyComponentChange, removeComponent, replaceComponent } from "./change-components";
export { assertDirectChange, type ChangePlan, planChange, planNeedsOffer } from "./change-plan";
export { confirmHeld, recordBankTransfer } from "./confirm";
export { createItinerary } from "./create";
export { expireHold, sweepExpiredHolds } from "./expire";
export { itineraryHistory } from "./history";
export { holdItinerary } from "./hold";
export { loadItinerary } from "./load";
export { getItinerary, listItineraries } from "./read";
export { repriceItineraries } from "./reprice";
export type * from "./schemas";
export { type ItineraryView, itineraryView } from "./view";
export { NEW_COMPONENT_ID, type ChangePreview, previewChange } from "./preview-change";
