import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/context";
import { registerComponentChanges } from "./change-components";
import { registerCreateItinerary } from "./create-itinerary";
import { registerGetItinerary } from "./get-itinerary";
import { registerHistoryCalendar } from "./history-calendar";
import { registerLifecycle } from "./lifecycle";
import { registerListItineraries } from "./list-itineraries";

export function registerItineraries(app: OpenAPIHono<AppEnv>) {
  registerCreateItinerary(app);
  registerListItineraries(app);
  registerGetItinerary(app);
  registerComponentChanges(app);
  registerLifecycle(app);
  registerHistoryCalendar(app);
}
