import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity, requireRole } from "../../http/auth";
import { authErrorResponses, errorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { whoAmI } from "../../services/access/patients";
import { MeSchema } from "./schemas";

export const getMeRoute = createRoute({
  method: "get",
  path: "/v1/me",
  operationId: "getMe",
  tags: ["Patients"],
  summary: "Who the bearer token belongs to",
  description:
    "The identity behind the bearer token: user id, role, display name, and the scope the role is bound to (the " +
    "agency of an agent, the hospital of clinicians and billing, the patient record of a patient). Useful to " +
    "check a token and to find your own `patientId`.",
  security: bearerSecurity,
  middleware: [requireRole("patient", "agent", "clinician", "billing", "admin")] as const,
  responses: { 200: json(MeSchema, "The caller's identity and scope."), ...errorResponses, ...authErrorResponses },
});

const handler: AppRouteHandler<typeof getMeRoute> = async (c) => c.json(whoAmI({ ctx: serviceContext(c) }), 200);

export const registerGetMe = (app: OpenAPIHono<AppEnv>) => app.openapi(getMeRoute, handler);
