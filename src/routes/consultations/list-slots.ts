import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses, publicAuthErrorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { listSlots } from "../../services/consultations";
import { ListSlotsQuerySchema } from "../../services/consultations/schemas";
import { IdParam } from "../common-schemas";
import { SlotPageSchema } from "./schemas";

export const listSlotsRoute = createRoute({
  method: "get",
  path: "/v1/hospitals/{id}/consultation-slots",
  operationId: "listConsultationSlots",
  tags: ["Consultations"],
  summary: "Free consultation slots of a hospital",
  description:
    "Free slots in a window (default: from now, 60 days; at most 92 days), optionally for one department and " +
    "mode, earliest first, each in the hospital's zone. Slots are finite: scheduling a consultation takes one, " +
    "cancelling gives it back. Needs no token.",
  security: publicSecurity,
  request: {
    params: IdParam("hsp"),
    query: ListSlotsQuerySchema,
  },
  responses: {
    200: json(SlotPageSchema, "Free slots, earliest first, in the hospital's zone."),
    ...errorResponses,
    ...publicAuthErrorResponses,
  },
});

const handler: AppRouteHandler<typeof listSlotsRoute> = async (c) =>
  c.json(
    await listSlots({
      ctx: serviceContext(c),
      input: { hospitalId: c.req.valid("param").id, ...c.req.valid("query") },
    }),
    200,
  );

export const registerListSlots = (app: OpenAPIHono<AppEnv>) => app.openapi(listSlotsRoute, handler);
