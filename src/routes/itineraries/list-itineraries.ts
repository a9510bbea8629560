import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { authErrorResponses, errorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { listItineraries } from "../../services/itineraries/read";
import { ListItinerariesInputSchema } from "../../services/itineraries/schemas";
import { ItineraryPageSchema } from "./schemas";

export const listItinerariesRoute = createRoute({
  method: "get",
  path: "/v1/itineraries",
  operationId: "listItineraries",
  tags: ["Itineraries"],
  summary: "List itineraries you may see (agents: their agency's, filterable)",
  description:
    "Summaries, newest first, filterable by status, patient and hospital: patients see their own, agents their " +
    "agency's, clinicians and billing their hospital's, admins all. `GET /v1/itineraries/{id}` gives the full " +
    "view.",
  security: bearerSecurity,
  request: {
    query: ListItinerariesInputSchema,
  },
  responses: { 200: json(ItineraryPageSchema, "Newest first."), ...errorResponses, ...authErrorResponses },
});

const handler: AppRouteHandler<typeof listItinerariesRoute> = async (c) =>
  c.json(await listItineraries({ ctx: serviceContext(c), input: c.req.valid("query") }), 200);

export const registerListItineraries = (app: OpenAPIHono<AppEnv>) => app.openapi(listItinerariesRoute, handler);
