import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { listLatestRates } from "../../data/fx-repo";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses, publicAuthErrorResponses } from "../../http/responses";
import { json } from "../../http/route-helpers";

const FxRateListSchema = z
  .object({
    data: z.array(z.object({ base: z.string(), quote: z.string(), rate: z.string(), source: z.string(), asOf: z.string() })),
  })
  .openapi("FxRateList");

export const listFxRatesRoute = createRoute({
  method: "get",
  path: "/v1/fx-rates",
  operationId: "listFxRates",
  tags: ["Catalog"],
  summary: "Exchange rates used to show totals in the patient's currency (rate, source, date)",
  description: "Conversions round half-even in minor units. Medical fees are always priced and paid in the hospital's currency.",
  security: publicSecurity,
  responses: { 200: json(FxRateListSchema, "Every stored rate, newest first per pair."), ...errorResponses, ...publicAuthErrorResponses },
});

const handler: AppRouteHandler<typeof listFxRatesRoute> = async (c) => {
  const rows = await listLatestRates(c.get("deps").db);
  return c.json({ data: rows.map((r) => ({ base: r.base, quote: r.quote, rate: r.rate, source: r.source, asOf: r.as_of })) }, 200);
};

export const registerListFxRates = (app: OpenAPIHono<AppEnv>) => app.openapi(listFxRatesRoute, handler);
