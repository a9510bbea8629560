import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { problemResponse, ProblemSchema } from "../../http/problem";
import { errorResponses } from "../../http/responses";
import { json } from "../../http/route-helpers";
import { checkDatabase } from "../../services/meta/health";

const HealthSchema = z
  .object({
    status: z.literal("ok"),
    database: z.literal("ok"),
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
  description:
    "For load balancers and monitors: 200 when the process is up and a trivial query reaches the database, 503 " +
    "(problem+json, code `database_unreachable`) when it does not. Needs no token and does no other work.",
  security: publicSecurity,
  responses: {
    200: json(HealthSchema, "Up, database reachable."),
    503: {
      description: "Up, but the database is unreachable (code `database_unreachable`).",
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
    ...errorResponses,
  },
});

const handler: AppRouteHandler<typeof healthRoute> = async (c) => {
  const { db, dialect, clock, logger } = c.get("deps");
  const time = clock.now().toISOString();
  try {
    await checkDatabase({ ctx: { db } });
    return c.json({ status: "ok" as const, database: "ok" as const, dialect, time }, 200);
  } catch (err) {
    logger.error("health: database unreachable", { error: err instanceof Error ? err.name : "unknown" });
    return problemResponse(c, {
      status: 503,
      code: "database_unreachable",
      title: "Service unavailable",
      detail: `The service is up but its ${dialect} database is unreachable.`,
    });
  }
};

export const registerHealth = (app: OpenAPIHono<AppEnv>) => app.openapi(healthRoute, handler);
