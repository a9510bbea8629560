import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { roleFirst } from "../../http/role-first";
import { requireConsultationRole } from "../../services/consultations/policy";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { authErrorResponses, errorResponses, bodyErrorResponses } from "../../http/responses";
import { json, jsonBody, serviceContext } from "../../http/route-helpers";
import { requestConsultation } from "../../services/consultations";
import { ConsultationSchema, RequestConsultationSchema } from "./schemas";

export const createConsultationRoute = createRoute({
  method: "post",
  path: "/v1/consultations",
  operationId: "createConsultation",
  tags: ["Consultations"],
  summary: "Request a free consultation",
  description:
    "A patient for themselves, an agent for a patient of their agency (`patientId`), or an admin. Always free: " +
    "there is no price field and none is accepted. The consultation starts `requested`; a clinician or agent then " +
    "schedules it into a slot, and the clinician records a recommendation that a quote can be made from.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireConsultationRole(ctx, "request")),
  request: {
    body: jsonBody(RequestConsultationSchema, {
      hospitalId: "hsp_xjph",
      department: "cardiac_surgery",
      mode: "video",
      complaint: "Chest pain on exertion for six months; angiography at home showed three-vessel disease.",
      language: "ru",
      preferredTimes: [{ from: "2026-12-10T09:00:00+06:00", to: "2026-12-10T13:00:00+06:00" }],
      records: [
        {
          name: "Coronary angiography 2026-11.pdf",
          kind: "imaging",
          mediaType: "application/pdf",
          sizeBytes: 2480000,
          takenOn: "2026-11-20",
        },
      ],
    }),
  },
  responses: {
    201: json(ConsultationSchema, "The consultation, requested."),
    ...errorResponses,
    ...bodyErrorResponses,
    ...authErrorResponses,
  },
});

const handler: AppRouteHandler<typeof createConsultationRoute> = async (c) =>
  c.json(await requestConsultation({ ctx: serviceContext(c), input: c.req.valid("json") }), 201);

export const registerCreateConsultation = (app: OpenAPIHono<AppEnv>) => app.openapi(createConsultationRoute, handler);
