import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses, publicAuthErrorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { listFxRates } from "../../services/catalog/catalog";

const FxRateListSchema = z
  .object({
    data: z.array(
      z.object({ base: z.string(), quote: z.string(), rate: z.string(), source: z.string(), asOf: z.string() }),
    ),
  })
  .openapi("FxRateList");

export const listFxRatesRoute = createRoute({
  method: "get",
  path: "/v1/fx-rates",
  operationId: "listFxRates",
  tags: ["Catalog"],
  summary: "Exchange rates used to show totals in the patient's currency (rate, source, date)",
  description:
    "Conversions round half-even in minor units. Medical fees are always priced and paid in the hospital's currency.",
  security: publicSecurity,
  responses: {
    200: json(FxRateListSchema, "Every stored rate, newest first per pair."),
    ...errorResponses,
    ...publicAuthErrorResponses,
  },
});

const handler: AppRouteHandler<typeof listFxRatesRoute> = async (c) =>
  c.json(await listFxRates({ ctx: serviceContext(c) }), 200);

export const registerListFxRates = (app: OpenAPIHono<AppEnv>) => app.openapi(listFxRatesRoute, handler);
