import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses, publicAuthErrorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { listTreatments } from "../../services/catalog/catalog";
import { IdParam, IsoDate, PageQuery } from "../common-schemas";
import { TreatmentPageSchema } from "./schemas";

export const listTreatmentsRoute = createRoute({
  method: "get",
  path: "/v1/hospitals/{id}/treatments",
  operationId: "listTreatments",
  tags: ["Catalog"],
  summary: "List a hospital's treatments with the domestic tariff in force on a date",
  description:
    "Items of the domestic tariff version in force at the hospital on `date` (hospital-local; default today " +
    "there). These are the prices every patient pays, domestic or foreign.",
  security: publicSecurity,
  request: {
    params: IdParam("hsp"),
    query: z.object({
      date: IsoDate.optional(),
      department: z.string().min(1).max(64).optional(),
      kind: z.string().min(1).max(64).optional().openapi({ example: "procedure" }),
      serviceClass: z.string().min(1).max(64).optional().openapi({ example: "standard" }),
      ...PageQuery,
    }),
  },
  responses: {
    200: json(TreatmentPageSchema, "Tariff items in force on the date."),
    ...errorResponses,
    ...publicAuthErrorResponses,
  },
});

const handler: AppRouteHandler<typeof listTreatmentsRoute> = async (c) =>
  c.json(
    await listTreatments({
      ctx: serviceContext(c),
      input: { hospitalId: c.req.valid("param").id, ...c.req.valid("query") },
    }),
    200,
  );

export const registerListTreatments = (app: OpenAPIHono<AppEnv>) => app.openapi(listTreatmentsRoute, handler);
