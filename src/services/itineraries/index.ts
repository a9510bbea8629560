// The itinerary verbs, as the transports (REST routes, web pages) import them. Keep names stable.
export * from "./itineraries";
export { buildItineraryIcs, itineraryCalendar } from "./calendar";
export { type ItineraryView, itineraryView } from "./view";
