import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity, requireRole } from "../../http/auth";
import { authErrorResponses, errorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { getPatient } from "../../services/access/patients";
import { IdParam } from "../common-schemas";
import { PatientSchema } from "./schemas";

export const getPatientRoute = createRoute({
  method: "get",
  path: "/v1/patients/{id}",
  operationId: "getPatient",
  tags: ["Patients"],
  summary: "Get a patient",
  description:
    "The patient sees their own record in full; their agency's agents and admins see passport and birth date " +
    "masked. Anyone else gets 404.",
  security: bearerSecurity,
  middleware: [requireRole("patient", "agent", "admin")] as const,
  request: { params: IdParam("pat") },
  responses: { 200: json(PatientSchema, "The patient."), ...errorResponses, ...authErrorResponses },
});

const handler: AppRouteHandler<typeof getPatientRoute> = async (c) =>
  c.json(await getPatient({ ctx: serviceContext(c), input: c.req.valid("param") }), 200);

export const registerGetPatient = (app: OpenAPIHono<AppEnv>) => app.openapi(getPatientRoute, handler);
