import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { roleFirst } from "../../http/role-first";
import { requireUserAdmin } from "../../services/access/policy";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { authErrorResponses, conflictResponse, errorResponses, bodyErrorResponses } from "../../http/responses";
import { json, jsonBody, serviceContext } from "../../http/route-helpers";
import { createStaffUser } from "../../services/access/users";
import { StaffInputSchema as StaffUserInputSchema } from "../../services/access/schemas";

const StaffInputSchema = StaffUserInputSchema.openapi("StaffUserInput");

const StaffResultSchema = z
  .object({
    user: z.object({
      id: z.string(),
      role: z.string(),
      displayName: z.string(),
      email: z.string(),
      language: z.string(),
      agencyId: z.string().nullable(),
      hospitalId: z.string().nullable(),
      createdAt: z.string(),
    }),
    token: z.string().openapi({ description: "Bearer token, shown once." }),
  })
  .openapi("StaffUserCreated");

export const createUserRoute = createRoute({
  method: "post",
  path: "/v1/users",
  operationId: "createUser",
  tags: ["Admin"],
  summary: "Create a staff account (admin)",
  description:
    "Admins create agents, clinicians, billing staff and other admins. Agents need `agencyId`; clinicians and " +
    "billing need `hospitalId`. The account's bearer token is in the response once and stored only as a hash; an " +
    "e-mail already in use is a 409.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireUserAdmin(ctx)),
  request: {
    body: jsonBody(StaffInputSchema, {
      role: "clinician",
      displayName: "Dr. Li Wei",
      email: "li.wei@xjph.example.cn",
      language: "zh",
      hospitalId: "hsp_xjph",
    }),
  },
  responses: {
    201: json(StaffResultSchema, "The account and its token."),
    ...errorResponses,
    ...bodyErrorResponses,
    ...authErrorResponses,
    ...conflictResponse,
  },
});

const handler: AppRouteHandler<typeof createUserRoute> = async (c) =>
  c.json(await createStaffUser({ ctx: serviceContext(c), input: c.req.valid("json") }), 201);

export const registerCreateUser = (app: OpenAPIHono<AppEnv>) => app.openapi(createUserRoute, handler);
