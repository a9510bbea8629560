import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity, requireRole } from "../../http/auth";
import { authErrorResponses, errorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { listPatients } from "../../services/access/patients";
import { PageQuery } from "../common-schemas";
import { PatientPageSchema } from "./schemas";

export const listPatientsRoute = createRoute({
  method: "get",
  path: "/v1/patients",
  operationId: "listPatients",
  tags: ["Patients"],
  summary: "List patients (an agent: their agency's; an admin: all)",
  description:
    "Newest first. An agent sees the patients of their own agency, an admin everyone. Passport numbers and birth " +
    "dates are always masked here (`*****5678`, `****-**-**`); only the patient sees their own in full.",
  security: bearerSecurity,
  middleware: [requireRole("agent", "admin")] as const,
  request: { query: z.object({ ...PageQuery }) },
  responses: {
    200: json(PatientPageSchema, "A page of patients, personal data masked."),
    ...errorResponses,
    ...authErrorResponses,
  },
});

const handler: AppRouteHandler<typeof listPatientsRoute> = async (c) =>
  c.json(await listPatients({ ctx: serviceContext(c), input: c.req.valid("query") }), 200);

export const registerListPatients = (app: OpenAPIHono<AppEnv>) => app.openapi(listPatientsRoute, handler);
