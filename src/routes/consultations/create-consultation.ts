import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity, requireRole } from "../../http/auth";
import { authErrorResponses, errorResponses, bodyErrorResponses } from "../../http/responses";
import { json, jsonBody, serviceContext } from "../../http/route-helpers";
import { requestConsultation } from "../../services/consultations/consultations";
import { ConsultationSchema, RequestConsultationSchema } from "./schemas";

export const createConsultationRoute = createRoute({
  method: "post",
  path: "/v1/consultations",
  operationId: "createConsultation",
  tags: ["Consultations"],
  summary: "Request a free consultation",
  security: bearerSecurity,
  middleware: [requireRole("patient", "agent", "admin")] as const,
  request: { body: jsonBody(RequestConsultationSchema) },
  responses: { 201: json(ConsultationSchema, "The consultation, requested."), ...errorResponses, ...bodyErrorResponses, ...authErrorResponses },
});

const handler: AppRouteHandler<typeof createConsultationRoute> = async (c) =>
  c.json(await requestConsultation({ ctx: serviceContext(c), input: c.req.valid("json") }), 201);

export const registerCreateConsultation = (app: OpenAPIHono<AppEnv>) => app.openapi(createConsultationRoute, handler);
