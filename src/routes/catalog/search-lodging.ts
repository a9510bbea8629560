import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses, publicAuthErrorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { searchLodging } from "../../services/catalog/catalog";
import { dateRange, IsoDate, MAX_STAY_NIGHTS, PageQuery, QueryBool } from "../common-schemas";
import { LodgingPageSchema } from "./schemas";

export const searchLodgingRoute = createRoute({
  method: "get",
  path: "/v1/lodging",
  operationId: "searchLodging",
  tags: ["Catalog"],
  summary: "Search lodging near a hospital",
  description: "Hotels near the hospital, nearest first, with room types that fit and rooms left on every night.",
  security: publicSecurity,
  request: {
    query: z
      .object({
        hospitalId: z.string().min(3).max(64),
        checkIn: IsoDate.openapi({ description: "First night, hotel-local, YYYY-MM-DD (1900-01-01 to 2100-12-31)." }),
        checkOut: IsoDate.openapi({
          description:
            `Departure day: after \`checkIn\` and at most ${MAX_STAY_NIGHTS} nights after it; a longer stay is ` +
            `refused with 400 naming \`query.checkOut\`.`,
        }),
        guests: z.coerce.number().int().min(1).max(8).default(1).openapi({ type: "integer" }),
        accessible: QueryBool.optional(),
        ...PageQuery,
      })
      .superRefine(dateRange({ from: "checkIn", to: "checkOut", maxDays: MAX_STAY_NIGHTS, unit: "nights" })),
  },
  responses: { 200: json(LodgingPageSchema, "Lodging offers."), ...errorResponses, ...publicAuthErrorResponses },
});

const handler: AppRouteHandler<typeof searchLodgingRoute> = async (c) =>
  c.json(await searchLodging({ ctx: serviceContext(c), input: c.req.valid("query") }), 200);

export const registerSearchLodging = (app: OpenAPIHono<AppEnv>) => app.openapi(searchLodgingRoute, handler);
