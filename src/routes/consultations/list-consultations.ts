import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity, requireRole } from "../../http/auth";
import { authErrorResponses, errorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { listConsultations } from "../../services/consultations/consultations";
import { PageQuery } from "../common-schemas";
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
  middleware: [requireRole("patient", "agent", "clinician", "admin")] as const,
  request: {
    query: z.object({
      status: z.enum(["requested", "scheduled", "completed", "cancelled"]).optional(),
      hospitalId: z.string().min(3).max(64).optional(),
      ...PageQuery,
    }),
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
