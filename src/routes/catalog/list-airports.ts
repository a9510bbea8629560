import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses, publicAuthErrorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { listAirports } from "../../services/catalog/catalog";
import { AirportListSchema } from "./schemas";

export const listAirportsRoute = createRoute({
  method: "get",
  path: "/v1/airports",
  operationId: "listAirports",
  tags: ["Catalog"],
  summary: "List airports with their IANA zones",
  description:
    "Every airport flights, transfers and the timeline use, with its IATA code, city, country and IANA zone, so " +
    "clients can show local times without guessing the zone.",
  security: publicSecurity,
  responses: { 200: json(AirportListSchema, "Every airport served."), ...errorResponses, ...publicAuthErrorResponses },
});

const handler: AppRouteHandler<typeof listAirportsRoute> = async (c) =>
  c.json(await listAirports({ ctx: serviceContext(c) }), 200);

export const registerListAirports = (app: OpenAPIHono<AppEnv>) => app.openapi(listAirportsRoute, handler);
