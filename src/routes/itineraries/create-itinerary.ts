import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { roleFirst } from "../../http/role-first";
import { requireVerb } from "../../services/itineraries/policy";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import {
  authErrorResponses,
  businessRuleResponse,
  conflictResponse,
  errorResponses,
  bodyErrorResponses,
} from "../../http/responses";
import { json, jsonBody, serviceContext } from "../../http/route-helpers";
import { createItinerary } from "../../services/itineraries";
import { CreateItinerarySchema, IdempotencyHeader, ItinerarySchema } from "./schemas";
import { withEtag } from "./respond";

export const createItineraryRoute = createRoute({
  method: "post",
  path: "/v1/itineraries",
  operationId: "createItinerary",
  tags: ["Itineraries"],
  summary: "Create a draft itinerary: travelers, hospital, quote and components",
  description:
    "Travelers get ids t1, t2, … in the order given; components name them. Nothing is reserved until the " +
    "itinerary is held.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireVerb(ctx, "create")),
  request: {
    headers: IdempotencyHeader,
    body: jsonBody(CreateItinerarySchema, {
      hospitalId: "hsp_xjph",
      quoteId: "quo_01JEXAMPLE",
      currency: "KZT",
      travelers: [
        { fullName: "Anar Seitkali", role: "patient", languages: ["ru", "kk"], wheelchair: true },
        { fullName: "Aigerim Seitkali", role: "companion", languages: ["ru"] },
      ],
      components: [
        { type: "flight", flightId: "flt_kc871_20261213", travelerIds: ["t1", "t2"] },
        {
          type: "transfer",
          productId: "trp_urc_xjph_wheelchair_van",
          pickupAt: "2026-12-13T10:15:00+06:00",
          direction: "arrival",
          travelerIds: ["t1", "t2"],
        },
        { type: "treatment", quoteId: "quo_01JEXAMPLE", admissionDate: "2026-12-14", inpatientNights: 7 },
        {
          type: "lodging",
          roomTypeId: "rmt_urc_hoitak_acc",
          checkIn: "2026-12-13",
          checkOut: "2026-12-28",
          travelerIds: ["t2"],
        },
      ],
    }),
  },
  responses: {
    201: json(ItinerarySchema, "The draft, with its timeline, totals and issues."),
    ...errorResponses,
    ...bodyErrorResponses,
    ...authErrorResponses,
    ...conflictResponse,
    ...businessRuleResponse,
  },
});

const handler: AppRouteHandler<typeof createItineraryRoute> = async (c) =>
  withEtag(c, await createItinerary({ ctx: serviceContext(c), input: c.req.valid("json") }), 201);

export const registerCreateItinerary = (app: OpenAPIHono<AppEnv>) => app.openapi(createItineraryRoute, handler);
