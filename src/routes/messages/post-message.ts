import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { roleFirst } from "../../http/role-first";
import { authErrorResponses, bodyErrorResponses, errorResponses } from "../../http/responses";
import { json, jsonBody, serviceContext } from "../../http/route-helpers";
import { postMessage, requireMessagesActor } from "../../services/messages";
import { PostMessageBodySchema } from "../../services/messages/schemas";
import { IdParam } from "../common-schemas";
import { IdempotencyHeader } from "../itineraries/schemas";
import { MessageSchema } from "./schemas";

export const postMessageRoute = createRoute({
  method: "post",
  path: "/v1/itineraries/{id}/messages",
  operationId: "postItineraryMessage",
  tags: ["Messages"],
  summary: "Post a message to the trip's conversation; the others are emailed in their language",
  description:
    "Plain text (1–4000 characters) and up to 5 attachments' metadata (the files are not uploaded here). In the " +
    "same transaction an email goes to the outbox for each other participant, in their language: the patient, " +
    "every agent of the trip's agency, and hospital staff or admins who have posted in this conversation. The " +
    "email names the author and the trip, not the text. Participants only (404 otherwise); accepts " +
    "`Idempotency-Key`.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireMessagesActor(ctx)),
  request: {
    params: IdParam("itn"),
    headers: IdempotencyHeader,
    body: jsonBody(PostMessageBodySchema, {
      body: "The doctor would like you to stay two more days; shall I move the return flight?",
      attachments: [{ name: "discharge-plan.pdf", mediaType: "application/pdf", sizeBytes: 482133 }],
    }),
  },
  responses: {
    201: json(MessageSchema, "The message as stored."),
    ...errorResponses,
    ...bodyErrorResponses,
    ...authErrorResponses,
  },
});

const handler: AppRouteHandler<typeof postMessageRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const made = await postMessage({ ctx: serviceContext(c), input: { ...c.req.valid("json"), itineraryId: id } });
  return c.json(made, 201);
};

export const registerPostMessage = (app: OpenAPIHono<AppEnv>) => app.openapi(postMessageRoute, handler);
