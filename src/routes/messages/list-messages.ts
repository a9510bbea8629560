import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { roleFirst } from "../../http/role-first";
import { authErrorResponses, errorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { listMessages, requireMessagesActor } from "../../services/messages";
import { ListMessagesQuerySchema } from "../../services/messages/schemas";
import { IdParam } from "../common-schemas";
import { MessagePageSchema } from "./schemas";

export const listMessagesRoute = createRoute({
  method: "get",
  path: "/v1/itineraries/{id}/messages",
  operationId: "listItineraryMessages",
  tags: ["Messages"],
  summary: "The trip's conversation, newest page first (participants only)",
  description:
    "The patient, the agents of the trip's agency, the staff of its hospital and admins take part; anyone else " +
    "gets 404. The first page holds the newest `limit` messages, each page oldest first; `nextCursor` leads to " +
    "older messages. Also your read marker and how many of the others' messages you have not read.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireMessagesActor(ctx)),
  request: { params: IdParam("itn"), query: ListMessagesQuerySchema },
  responses: { 200: json(MessagePageSchema, "A page of messages."), ...errorResponses, ...authErrorResponses },
});

const handler: AppRouteHandler<typeof listMessagesRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const page = await listMessages({ ctx: serviceContext(c), input: { ...c.req.valid("query"), itineraryId: id } });
  return c.json(page, 200);
};

export const registerListMessages = (app: OpenAPIHono<AppEnv>) => app.openapi(listMessagesRoute, handler);
