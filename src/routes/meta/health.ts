import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { ping } from "../../data/health-repo";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses } from "../../http/responses";
import { json } from "../../http/route-helpers";

const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    database: z.enum(["ok", "unreachable"]),
    dialect: z.enum(["sqlite", "postgres"]),
    time: z.string(),
  })
  .openapi("Health");

export const healthRoute = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  tags: ["Meta"],
  summary: "Liveness and database reachability",
  security: publicSecurity,
  responses: {
    200: json(HealthSchema, "Up, database reachable."),
    503: json(HealthSchema, "Up, database unreachable."),
    ...errorResponses,
  },
});

const handler: AppRouteHandler<typeof healthRoute> = async (c) => {
  const { db, dialect, clock, logger } = c.get("deps");
  const time = clock.now().toISOString();
  try {
    await ping(db);
    return c.json({ status: "ok" as const, database: "ok" as const, dialect, time }, 200);
  } catch (err) {
    logger.error("health: database unreachable", { error: err instanceof Error ? err.name : "unknown" });
    return c.json({ status: "degraded" as const, database: "unreachable" as const, dialect, time }, 503);
  }
};

export const registerHealth = (app: OpenAPIHono<AppEnv>) => app.openapi(healthRoute, handler);
