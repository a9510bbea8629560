import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses, publicAuthErrorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { listAgencies } from "../../services/catalog/catalog";
import { AgencyListSchema } from "./schemas";

export const listAgenciesRoute = createRoute({
  method: "get",
  path: "/v1/agencies",
  operationId: "listAgencies",
  tags: ["Catalog"],
  summary: "List concierge agencies and their fee policies",
  description:
    "A patient may choose one at sign-up. Concierge fees are their own lines, never folded into medical fees.",
  security: publicSecurity,
  responses: { 200: json(AgencyListSchema, "Every agency."), ...errorResponses, ...publicAuthErrorResponses },
});

const handler: AppRouteHandler<typeof listAgenciesRoute> = async (c) =>
  c.json(await listAgencies({ ctx: serviceContext(c) }), 200);

export const registerListAgencies = (app: OpenAPIHono<AppEnv>) => app.openapi(listAgenciesRoute, handler);
