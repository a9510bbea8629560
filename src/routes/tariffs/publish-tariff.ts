import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { roleFirst } from "../../http/role-first";
import { requireTariffPublisher } from "../../services/tariffs/policy";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import {
  authErrorResponses,
  businessRuleResponse,
  conflictResponse,
  errorResponses,
  bodyErrorResponses,
} from "../../http/responses";
import { json, jsonBody, serviceContext } from "../../http/route-helpers";
import { publishTariff } from "../../services/tariffs/index";
import { IdParam } from "../common-schemas";
import { PublishResultSchema, PublishTariffSchema } from "./schemas";

export const publishTariffRoute = createRoute({
  method: "post",
  path: "/v1/hospitals/{id}/tariffs",
  operationId: "publishTariff",
  tags: ["Tariffs"],
  summary: "Publish a new version of the domestic tariff (billing)",
  description:
    "Versions are immutable; a correction is a new version. Open quotes whose service dates the version covers are " +
    "re-priced at once, up or down, and their patients told.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireTariffPublisher(ctx)),
  request: {
    params: IdParam("hsp"),
    body: jsonBody(PublishTariffSchema, {
      effectiveFrom: "2027-01-01",
      note: "Annual revision",
      items: [
        {
          code: "CARD-CABG",
          name: { en: "Coronary artery bypass graft", zh: "冠状动脉旁路移植术" },
          department: "cardiac_surgery",
          serviceClass: "standard",
          kind: "procedure",
          unit: "per procedure",
          unitPrice: 10200000,
        },
        {
          code: "CARD-CABG",
          name: { en: "Coronary artery bypass graft", zh: "冠状动脉旁路移植术" },
          department: "international_medical_center",
          serviceClass: "standard",
          kind: "procedure",
          unit: "per procedure",
          unitPrice: 10200000,
        },
        {
          code: "CARD-CABG",
          name: { en: "Coronary artery bypass graft, single room", zh: "冠状动脉旁路移植术（单人间）" },
          department: "cardiac_surgery",
          serviceClass: "single_room",
          kind: "procedure",
          unit: "per procedure",
          unitPrice: 10800000,
        },
      ],
      premiumClasses: [{ serviceClass: "single_room", domesticallyAvailable: true }],
    }),
  },
  responses: {
    201: json(PublishResultSchema, "Published."),
    ...errorResponses,
    ...bodyErrorResponses,
    ...authErrorResponses,
    ...conflictResponse,
    ...businessRuleResponse,
  },
});

const handler: AppRouteHandler<typeof publishTariffRoute> = async (c) =>
  c.json(
    await publishTariff({
      ctx: serviceContext(c),
      input: { hospitalId: c.req.valid("param").id, ...c.req.valid("json") },
    }),
    201,
  );

export const registerPublishTariff = (app: OpenAPIHono<AppEnv>) => app.openapi(publishTariffRoute, handler);
