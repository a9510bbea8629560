import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses, publicAuthErrorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { getTariffVersion } from "../../services/tariffs/index";
import { TariffVersionSchema } from "./schemas";

export const getTariffRoute = createRoute({
  method: "get",
  path: "/v1/hospitals/{id}/tariffs/{version}",
  operationId: "getTariff",
  tags: ["Tariffs"],
  summary: "One version of the domestic tariff with all its items",
  description:
    "A version is immutable once published: its effective date, every item (code, department, service class, kind, " +
    "unit, price in minor units of the hospital currency) and the premium classes declared as bought by domestic " +
    "patients at these prices.",
  security: publicSecurity,
  request: {
    params: z.object({
      id: z
        .string()
        .min(3)
        .max(64)
        .openapi({ param: { name: "id", in: "path" } }),
      version: z.coerce
        .number()
        .int()
        .min(1)
        .openapi({ param: { name: "version", in: "path" }, type: "integer" }),
    }),
  },
  responses: { 200: json(TariffVersionSchema, "The version."), ...errorResponses, ...publicAuthErrorResponses },
});

const handler: AppRouteHandler<typeof getTariffRoute> = async (c) => {
  const { id, version } = c.req.valid("param");
  return c.json(await getTariffVersion({ ctx: serviceContext(c), input: { hospitalId: id, version } }), 200);
};

export const registerGetTariff = (app: OpenAPIHono<AppEnv>) => app.openapi(getTariffRoute, handler);
