import type { Hono } from "hono";
import type { WebEnv } from "../env";
import { acceptAction, declineAction, sendOfferAction } from "./actions";
import { offerPage } from "./page";

export { OpenOfferBanner } from "./banner";

/** Change offers: the agent sends one from the change preview; the patient reads and decides it. */
export function registerOfferPages(web: Hono<WebEnv>) {
  web.post("/agent/trips/:id/offers", sendOfferAction);
  web.get("/trips/:id/offers/:offerId", (c) => offerPage(c));
  web.post("/trips/:id/offers/:offerId/accept", acceptAction);
  web.post("/trips/:id/offers/:offerId/decline", declineAction);
}
