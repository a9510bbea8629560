import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { authErrorResponses, errorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { getItinerary } from "../../services/itineraries";
import { IdParam } from "../common-schemas";
import { ItinerarySchema } from "./schemas";
import { withEtag } from "./respond";

export const getItineraryRoute = createRoute({
  method: "get",
  path: "/v1/itineraries/{id}",
  operationId: "getItinerary",
  tags: ["Itineraries"],
  summary: "Get an itinerary: timeline in local times, priced lines, totals, issues, cancellation timelines",
  description:
    "The whole trip: travelers, each component with typed `details`, price, inventory state and cancellation " +
    "timeline; the timeline in each place's own zone; issues (errors block a hold); medical, travel and fee lines " +
    "with totals in both currencies; the balance and payments. The `ETag` header is the version to send as " +
    "`If-Match` on writes.",
  security: bearerSecurity,
  request: { params: IdParam("itn") },
  responses: {
    200: json(ItinerarySchema, "The itinerary; ETag is its version."),
    ...errorResponses,
    ...authErrorResponses,
  },
});

const handler: AppRouteHandler<typeof getItineraryRoute> = async (c) =>
  withEtag(c, await getItinerary({ ctx: serviceContext(c), input: c.req.valid("param") }), 200);

export const registerGetItinerary = (app: OpenAPIHono<AppEnv>) => app.openapi(getItineraryRoute, handler);
