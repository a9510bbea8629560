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
import { scheduleConsultation } from "../../services/consultations";
import { ScheduleConsultationInputSchema } from "../../services/consultations/schemas";
import { IdParam } from "../common-schemas";
import { ConsultationSchema } from "./schemas";

export const scheduleConsultationRoute = createRoute({
  method: "post",
  path: "/v1/consultations/{id}/schedule",
  operationId: "scheduleConsultation",
  tags: ["Consultations"],
  summary: "Schedule (or move) a consultation into a slot",
  description:
    "A clinician of the hospital, an agent of the patient's agency, or an admin. A slot holds one consultation: a " +
    "slot just taken is a 409.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireConsultationRole(ctx, "schedule")),
  request: {
    params: IdParam("con"),
    body: jsonBody(ScheduleConsultationInputSchema.openapi("ScheduleRequest"), {
      slotId: "slt_xjph_cardiac_surgery_20261210_1000",
    }),
  },
  responses: {
    200: json(ConsultationSchema, "Scheduled."),
    ...errorResponses,
    ...bodyErrorResponses,
    ...authErrorResponses,
    ...conflictResponse,
    ...businessRuleResponse,
  },
});

const handler: AppRouteHandler<typeof scheduleConsultationRoute> = async (c) =>
  c.json(
    await scheduleConsultation({ ctx: serviceContext(c), input: { ...c.req.valid("param"), ...c.req.valid("json") } }),
    200,
  );

export const registerScheduleConsultation = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(scheduleConsultationRoute, handler);
