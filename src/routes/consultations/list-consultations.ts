import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { roleFirst } from "../../http/role-first";
import { requireConsultationRole } from "../../services/consultations/policy";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { authErrorResponses, errorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { listConsultations } from "../../services/consultations";
import { ListConsultationsInputSchema } from "../../services/consultations/schemas";
import { ConsultationPageSchema } from "./schemas";

export const listConsultationsRoute = createRoute({
  method: "get",
  path: "/v1/consultations",
  operationId: "listConsultations",
  tags: ["Consultations"],
  summary: "List consultations you may see",
  description:
    "A patient sees their own; an agent their agency's patients'; a clinician their hospital's; an admin all. " +
    "Newest first.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireConsultationRole(ctx, "read")),
  request: {
    query: ListConsultationsInputSchema,
  },
  responses: {
    200: json(ConsultationPageSchema, "A page of consultations."),
    ...errorResponses,
    ...authErrorResponses,
  },
});

const handler: AppRouteHandler<typeof listConsultationsRoute> = async (c) =>
  c.json(await listConsultations({ ctx: serviceContext(c), input: c.req.valid("query") }), 200);

export const registerListConsultations = (app: OpenAPIHono<AppEnv>) => app.openapi(listConsultationsRoute, handler);
