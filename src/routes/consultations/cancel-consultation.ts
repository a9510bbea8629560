import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { roleFirst } from "../../http/role-first";
import { requireConsultationRole } from "../../services/consultations/policy";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { authErrorResponses, conflictResponse, errorResponses, bodyErrorResponses } from "../../http/responses";
import { json, jsonBody, serviceContext } from "../../http/route-helpers";
import { cancelConsultation } from "../../services/consultations";
import { CancelConsultationInputSchema } from "../../services/consultations/schemas";
import { IdParam } from "../common-schemas";
import { ConsultationSchema } from "./schemas";

export const cancelConsultationRoute = createRoute({
  method: "post",
  path: "/v1/consultations/{id}/cancel",
  operationId: "cancelConsultation",
  tags: ["Consultations"],
  summary: "Cancel a requested or scheduled consultation (frees its slot)",
  description:
    "A requested or scheduled consultation may be cancelled by its patient, their agent, a clinician of the " +
    "hospital or an admin, with an optional reason; a scheduled one gives its slot back in the same transaction. " +
    "A completed or already cancelled consultation is a 409.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireConsultationRole(ctx, "cancel")),
  request: {
    params: IdParam("con"),
    body: jsonBody(CancelConsultationInputSchema.openapi("CancelConsultationRequest"), {
      reason: "Treated at home after all.",
    }),
  },
  responses: {
    200: json(ConsultationSchema, "Cancelled."),
    ...errorResponses,
    ...bodyErrorResponses,
    ...authErrorResponses,
    ...conflictResponse,
  },
});

const handler: AppRouteHandler<typeof cancelConsultationRoute> = async (c) =>
  c.json(
    await cancelConsultation({ ctx: serviceContext(c), input: { ...c.req.valid("param"), ...c.req.valid("json") } }),
    200,
  );

export const registerCancelConsultation = (app: OpenAPIHono<AppEnv>) => app.openapi(cancelConsultationRoute, handler);
