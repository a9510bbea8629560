import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses, publicAuthErrorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { listHospitals } from "../../services/catalog/catalog";
import { LanguageCode, PageQuery } from "../common-schemas";
import { HospitalPageSchema } from "./schemas";

export const listHospitalsRoute = createRoute({
  method: "get",
  path: "/v1/hospitals",
  operationId: "listHospitals",
  tags: ["Catalog"],
  summary: "Search hospitals",
  description:
    "Hospitals receiving international patients, filterable by city, country, language spoken and department.",
  security: publicSecurity,
  request: {
    query: z.object({
      city: z.string().min(1).max(80).optional().openapi({ example: "Urumqi" }),
      country: z
        .string()
        .regex(/^[A-Za-z]{2}$/, "expected an ISO 3166 alpha-2 code")
        .optional(),
      language: LanguageCode.optional(),
      department: z.string().min(1).max(64).optional().openapi({ example: "cardiac_surgery" }),
      ...PageQuery,
    }),
  },
  responses: { 200: json(HospitalPageSchema, "A page of hospitals."), ...errorResponses, ...publicAuthErrorResponses },
});

const handler: AppRouteHandler<typeof listHospitalsRoute> = async (c) =>
  c.json(await listHospitals({ ctx: serviceContext(c), input: c.req.valid("query") }), 200);

export const registerListHospitals = (app: OpenAPIHono<AppEnv>) => app.openapi(listHospitalsRoute, handler);
