import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { roleFirst } from "../../http/role-first";
import { requireConsultationRole } from "../../services/consultations/policy";
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
import { recordRecommendation } from "../../services/consultations";
import { IdParam } from "../common-schemas";
import { ConsultationSchema, RecommendationSchema } from "./schemas";

export const recordRecommendationRoute = createRoute({
  method: "post",
  path: "/v1/consultations/{id}/recommendation",
  operationId: "recordRecommendation",
  tags: ["Consultations"],
  summary: "Record the doctor's recommendation (clinician)",
  description:
    "Treatment codes from the hospital's domestic tariff with quantities, inpatient nights, fit-to-fly days, " +
    "activity restrictions and notes. Completes the consultation.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireConsultationRole(ctx, "recommend")),
  request: {
    params: IdParam("con"),
    body: jsonBody(RecommendationSchema, {
      items: [
        { code: "CARD-CABG", quantity: 1, department: "cardiac_surgery" },
        { code: "CARD-POSTOP-MED", quantity: 1, department: "cardiac_surgery" },
      ],
      admissionDate: "2026-12-14",
      inpatientNights: 7,
      fitToFlyDays: 10,
      activityRestrictions: [{ activity: "strenuous", days: 42, note: "No lifting over 5 kg." }],
      notes: "Bypass surgery recommended; bring the original angiography films.",
    }),
  },
  responses: {
    200: json(ConsultationSchema, "Completed with its recommendation."),
    ...errorResponses,
    ...bodyErrorResponses,
    ...authErrorResponses,
    ...conflictResponse,
    ...businessRuleResponse,
  },
});

const handler: AppRouteHandler<typeof recordRecommendationRoute> = async (c) =>
  c.json(
    await recordRecommendation({ ctx: serviceContext(c), input: { ...c.req.valid("param"), ...c.req.valid("json") } }),
    200,
  );

export const registerRecordRecommendation = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(recordRecommendationRoute, handler);
