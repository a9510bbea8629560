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
  security: publicSecurity,
  responses: { 200: json(AirportListSchema, "Every airport served."), ...errorResponses, ...publicAuthErrorResponses },
});

const handler: AppRouteHandler<typeof listAirportsRoute> = async (c) =>
  c.json(await listAirports({ ctx: serviceContext(c) }), 200);

export const registerListAirports = (app: OpenAPIHono<AppEnv>) => app.openapi(listAirportsRoute, handler);
