import type { Context } from "hono";
import type { AppEnv } from "../../http/context";
import type { ItineraryView } from "../../services/itineraries";
import type { Itinerary } from "./schemas";

/** Itinerary responses carry their version as a strong ETag. */
export function withEtag<S extends 200 | 201>(c: Context<AppEnv>, view: ItineraryView, status: S) {
  c.header("ETag", `"${view.version}"`);
  // The view must be what the contract says (components' details are checked per type by the route tests).
  const checked: Omit<Itinerary, "components"> & Pick<ItineraryView, "components"> = view;
  return c.json(checked, status);
}
