import type { Hono } from "hono";
import type { WebEnv } from "../env";
import { addAction, holdAction, payAction, removeAction, replaceAction } from "./actions";
import { cancelAction, cancelPage } from "./cancel";
import { calendarFile, historyPage, tripsListPage } from "./history";
import { createTripAction, newTripPage } from "./new";
import { tripPage } from "./trip-page";

export { checkoutFormAction } from "./csp";
export { TripsSection } from "./history";

/** The patient's trips: build from a quote, timeline, hold, pay by card, history, calendar, cancel. */
export function registerTripPages(web: Hono<WebEnv>) {
  web.get("/trips", tripsListPage);
  web.get("/trips/new", newTripPage);
  web.post("/trips/new", createTripAction);
  web.get("/trips/:id", (c) => tripPage(c, c.req.param("id")));
  web.post("/trips/:id/components", addAction);
  web.post("/trips/:id/components/:componentId/remove", removeAction);
  web.post("/trips/:id/components/:componentId/replace", replaceAction);
  web.post("/trips/:id/hold", holdAction);
  web.post("/trips/:id/pay", payAction);
  web.get("/trips/:id/cancel", (c) => cancelPage(c));
  web.post("/trips/:id/cancel", cancelAction);
  web.get("/trips/:id/history", historyPage);
  web.get("/trips/:id/calendar.ics", calendarFile);
}
