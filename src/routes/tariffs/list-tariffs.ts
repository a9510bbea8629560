import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses, publicAuthErrorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { listTariffVersions } from "../../services/tariffs/index";
import { IdParam, IsoDate } from "../common-schemas";
import { TariffVersionListSchema } from "./schemas";

export const listTariffsRoute = createRoute({
  method: "get",
  path: "/v1/hospitals/{id}/tariffs",
  operationId: "listTariffs",
  tags: ["Tariffs"],
  summary: "List the domestic tariff's versions and the one in force on a date",
  description:
    "Every published version of the hospital's domestic tariff (scheduled, in force, superseded) with its " +
    "effective date and item count, newest first, and which version is in force on `date` (hospital-local; default " +
    "today there). Public: anyone can check the prices foreign patients are charged.",
  security: publicSecurity,
  request: { params: IdParam("hsp"), query: z.object({ date: IsoDate.optional() }) },
  responses: {
    200: json(TariffVersionListSchema, "Versions, newest first."),
    ...errorResponses,
    ...publicAuthErrorResponses,
  },
});

const handler: AppRouteHandler<typeof listTariffsRoute> = async (c) =>
  c.json(
    await listTariffVersions({
      ctx: serviceContext(c),
      input: { hospitalId: c.req.valid("param").id, ...c.req.valid("query") },
    }),
    200,
  );

export const registerListTariffs = (app: OpenAPIHono<AppEnv>) => app.openapi(listTariffsRoute, handler);
