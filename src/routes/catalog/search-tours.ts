import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses, publicAuthErrorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { searchTours } from "../../services/catalog/catalog";
import { IsoDate, LanguageCode, PageQuery } from "../common-schemas";
import { TourPageSchema } from "./schemas";

export const searchToursRoute = createRoute({
  method: "get",
  path: "/v1/tours",
  operationId: "searchTours",
  tags: ["Catalog"],
  summary: "Search city tour departures",
  description: "Departures on `date` (local date in the tour's city), or upcoming ones, with places left.",
  security: publicSecurity,
  request: {
    query: z.object({
      city: z.string().min(1).max(80).optional().openapi({ example: "Urumqi" }),
      date: IsoDate.optional(),
      language: LanguageCode.optional(),
      intensity: z.enum(["low", "moderate", "high"]).optional(),
      participants: z.coerce.number().int().min(1).max(20).default(1).openapi({ type: "integer" }),
      ...PageQuery,
    }),
  },
  responses: {
    200: json(TourPageSchema, "Tour departures, earliest first."),
    ...errorResponses,
    ...publicAuthErrorResponses,
  },
});

const handler: AppRouteHandler<typeof searchToursRoute> = async (c) =>
  c.json(await searchTours({ ctx: serviceContext(c), input: c.req.valid("query") }), 200);

export const registerSearchTours = (app: OpenAPIHono<AppEnv>) => app.openapi(searchToursRoute, handler);
