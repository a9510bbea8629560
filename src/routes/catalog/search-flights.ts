import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses, publicAuthErrorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { searchFlights } from "../../services/catalog/catalog";
import { IsoDate, PageQuery } from "../common-schemas";
import { FlightPageSchema } from "./schemas";

const Iata = z
  .string()
  .regex(/^[A-Za-z]{3}$/, "expected a 3-letter IATA airport code")
  .transform((s) => s.toUpperCase());

export const searchFlightsRoute = createRoute({
  method: "get",
  path: "/v1/flights",
  operationId: "searchFlights",
  tags: ["Catalog"],
  summary: "Search flights",
  description: "Flights departing on `date` (local date at the origin) with at least `passengers` seats left.",
  security: publicSecurity,
  request: {
    query: z.object({
      origin: Iata.openapi({ example: "ALA", type: "string" }),
      destination: Iata.openapi({ example: "URC", type: "string" }),
      date: IsoDate,
      passengers: z.coerce.number().int().min(1).max(9).default(1).openapi({ type: "integer" }),
      ...PageQuery,
    }),
  },
  responses: {
    200: json(FlightPageSchema, "A page of flights, earliest first."),
    ...errorResponses,
    ...publicAuthErrorResponses,
  },
});

const handler: AppRouteHandler<typeof searchFlightsRoute> = async (c) =>
  c.json(await searchFlights({ ctx: serviceContext(c), input: c.req.valid("query") }), 200);

export const registerSearchFlights = (app: OpenAPIHono<AppEnv>) => app.openapi(searchFlightsRoute, handler);
