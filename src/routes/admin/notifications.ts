import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity, requireRole } from "../../http/auth";
import { authErrorResponses, conflictResponse, errorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { listDeadNotifications, retryDeadNotification } from "../../services/notifications/admin";

export const listDeadRoute = createRoute({
  method: "get",
  path: "/v1/notifications/dead",
  operationId: "listDeadNotifications",
  tags: ["Admin"],
  summary: "Notifications that failed every delivery attempt (admin)",
  description:
    "E-mail notifications the outbox dispatcher gave up on after `DISPATCH_MAX_ATTEMPTS` tries, oldest first, " +
    "with the last error. Retry one with `POST /v1/notifications/{id}/retry`.",
  security: bearerSecurity,
  middleware: [requireRole("admin")] as const,
  responses: {
    200: json(
      z
        .object({
          data: z.array(
            z.object({
              id: z.string(),
              kind: z.string(),
              userId: z.string(),
              attempts: z.number().int(),
              lastError: z.string().nullable(),
              createdAt: z.string(),
            }),
          ),
        })
        .openapi("DeadNotifications"),
      "Oldest first.",
    ),
    ...errorResponses,
    ...authErrorResponses,
  },
});

export const retryDeadRoute = createRoute({
  method: "post",
  path: "/v1/notifications/{id}/retry",
  operationId: "retryNotification",
  tags: ["Admin"],
  summary: "Put a dead-lettered notification back in the queue (admin)",
  description:
    "Puts a dead-lettered notification back in the outbox as pending with its attempts reset, so the dispatcher " +
    "sends it again. A notification that is not dead is a 409.",
  security: bearerSecurity,
  middleware: [requireRole("admin")] as const,
  request: { params: z.object({ id: z.string().min(3).max(64) }) },
  responses: {
    200: json(
      z.object({ id: z.string(), status: z.literal("pending") }).openapi("NotificationRequeued"),
      "Queued again.",
    ),
    ...errorResponses,
    ...authErrorResponses,
    ...conflictResponse,
  },
});

const listHandler: AppRouteHandler<typeof listDeadRoute> = async (c) =>
  c.json(await listDeadNotifications({ ctx: serviceContext(c) }), 200);
const retryHandler: AppRouteHandler<typeof retryDeadRoute> = async (c) =>
  c.json(await retryDeadNotification({ ctx: serviceContext(c), input: c.req.valid("param") }), 200);

export function registerNotificationAdmin(app: OpenAPIHono<AppEnv>) {
  app.openapi(listDeadRoute, listHandler);
  app.openapi(retryDeadRoute, retryHandler);
}
