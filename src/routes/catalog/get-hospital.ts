import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses, publicAuthErrorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { getHospital } from "../../services/catalog/catalog";
import { IdParam } from "../common-schemas";
import { HospitalSchema } from "./schemas";

export const getHospitalRoute = createRoute({
  method: "get",
  path: "/v1/hospitals/{id}",
  operationId: "getHospital",
  tags: ["Catalog"],
  summary: "Get a hospital",
  description:
    "One hospital with its city, IANA zone (Urumqi hospitals may keep Beijing time), currency, languages spoken, " +
    "international beds and departments; a department marked `servesForeignPatients` is priced exactly like the " +
    "standard-class domestic department (see the fee-parity rules).",
  security: publicSecurity,
  request: { params: IdParam("hsp") },
  responses: { 200: json(HospitalSchema, "The hospital."), ...errorResponses, ...publicAuthErrorResponses },
});

const handler: AppRouteHandler<typeof getHospitalRoute> = async (c) =>
  c.json(await getHospital({ ctx: serviceContext(c), input: c.req.valid("param") }), 200);

export const registerGetHospital = (app: OpenAPIHono<AppEnv>) => app.openapi(getHospitalRoute, handler);
