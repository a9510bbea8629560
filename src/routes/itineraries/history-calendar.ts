import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { authErrorResponses, errorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { itineraryCalendar } from "../../services/itineraries/calendar";
import { itineraryHistory } from "../../services/itineraries";
import { IdParam } from "../common-schemas";
import { HistorySchema } from "./schemas";

export const historyRoute = createRoute({
  method: "get",
  path: "/v1/itineraries/{id}/history",
  operationId: "getItineraryHistory",
  tags: ["Itineraries"],
  summary: "Every change: who, when, what, before → after",
  description:
    "One entry per version: the action, who (user and role, or `system` for expiry and re-pricing), when, a " +
    "summary, and snapshots before and after. Oldest first.",
  security: bearerSecurity,
  request: { params: IdParam("itn") },
  responses: { 200: json(HistorySchema, "Oldest first."), ...errorResponses, ...authErrorResponses },
});

export const calendarRoute = createRoute({
  method: "get",
  path: "/v1/itineraries/{id}/calendar.ics",
  operationId: "getItineraryCalendar",
  tags: ["Itineraries"],
  summary: "The timeline as an iCalendar file, with VTIMEZONE blocks for every place's zone",
  description:
    "An iCalendar (RFC 5545) file with every timeline event (flights, transfers, lodging, consultation, " +
    "admission, tours), each in its place's own zone with a VTIMEZONE block per zone, to import into any calendar.",
  security: bearerSecurity,
  request: { params: IdParam("itn") },
  responses: {
    200: { description: "text/calendar", content: { "text/calendar": { schema: z.string() } } },
    ...errorResponses,
    ...authErrorResponses,
  },
});

const historyHandler: AppRouteHandler<typeof historyRoute> = async (c) =>
  c.json(await itineraryHistory({ ctx: serviceContext(c), input: c.req.valid("param") }), 200);

const calendarHandler: AppRouteHandler<typeof calendarRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const ics = await itineraryCalendar({ ctx: serviceContext(c), input: { id } });
  return c.body(ics, 200, {
    "Content-Type": "text/calendar; charset=utf-8",
    "Content-Disposition": `attachment; filename="${id}.ics"`,
  });
};

export function registerHistoryCalendar(app: OpenAPIHono<AppEnv>) {
  app.openapi(historyRoute, historyHandler);
  app.openapi(calendarRoute, calendarHandler);
}
