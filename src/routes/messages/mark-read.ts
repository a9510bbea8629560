import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { roleFirst } from "../../http/role-first";
import { authErrorResponses, bodyErrorResponses, errorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { markRead, requireMessagesActor } from "../../services/messages";
import { MarkReadBodySchema } from "../../services/messages/schemas";
import { IdParam } from "../common-schemas";
import { ReadMarkerSchema } from "./schemas";

export const markReadRoute = createRoute({
  method: "post",
  path: "/v1/itineraries/{id}/messages/read",
  operationId: "markItineraryMessagesRead",
  tags: ["Messages"],
  summary: "Mark the trip's conversation read (up to the newest message, or up to a given one)",
  description:
    "Moves your read marker forward (never back): to `upToMessageId` when given, else to the newest message. " +
    "The body is optional. Participants only (404 otherwise).",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireMessagesActor(ctx)),
  request: {
    params: IdParam("itn"),
    body: {
      required: false,
      description: "Optional: without it, everything up to the newest message is read.",
      content: { "application/json": { schema: MarkReadBodySchema, example: { upToMessageId: "msg_01JEXAMPLE" } } },
    },
  },
  responses: {
    200: json(ReadMarkerSchema, "Your read marker and what is left unread."),
    ...errorResponses,
    ...bodyErrorResponses,
    ...authErrorResponses,
  },
});

const handler: AppRouteHandler<typeof markReadRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const body = c.req.valid("json") ?? {};
  return c.json(await markRead({ ctx: serviceContext(c), input: { ...body, itineraryId: id } }), 200);
};

export const registerMarkRead = (app: OpenAPIHono<AppEnv>) => app.openapi(markReadRoute, handler);
