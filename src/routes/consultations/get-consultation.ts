import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { roleFirst } from "../../http/role-first";
import { requireConsultationRole } from "../../services/consultations/policy";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { authErrorResponses, errorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { getConsultation } from "../../services/consultations";
import { IdParam } from "../common-schemas";
import { ConsultationSchema } from "./schemas";

export const getConsultationRoute = createRoute({
  method: "get",
  path: "/v1/consultations/{id}",
  operationId: "getConsultation",
  tags: ["Consultations"],
  summary: "Get a consultation (slot in both the hospital's and the patient's local time)",
  description:
    "The consultation's state, complaint, records' metadata, the slot in both the hospital's and the patient's " +
    "local time, and the doctor's recommendation once recorded. Patients see their own, agents their agency's, " +
    "clinicians their hospital's; anyone else gets 404.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireConsultationRole(ctx, "read")),
  request: { params: IdParam("con") },
  responses: { 200: json(ConsultationSchema, "The consultation."), ...errorResponses, ...authErrorResponses },
});

const handler: AppRouteHandler<typeof getConsultationRoute> = async (c) =>
  c.json(await getConsultation({ ctx: serviceContext(c), input: c.req.valid("param") }), 200);

export const registerGetConsultation = (app: OpenAPIHono<AppEnv>) => app.openapi(getConsultationRoute, handler);
