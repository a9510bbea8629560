import type { Context } from "hono";
import type { AppEnv } from "../../http/context";
import type { ItineraryView } from "../../services/itineraries/view";

/** Itinerary responses carry their version as a strong ETag. */
export function withEtag<S extends 200 | 201>(c: Context<AppEnv>, view: ItineraryView, status: S) {
  c.header("ETag", `"${view.version}"`);
  return c.json(view, status);
}
