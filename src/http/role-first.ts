import type { MiddlewareHandler } from "hono";
import type { AppEnv, ServiceContext } from "./context";
import { serviceContext } from "./route-helpers";

/**
 * A route's middleware that asks the service's own role rule (its area's policy.ts) before the request is
 * validated: a role that may not use the verb is told 403 before anything about its body (400), as the API
 * always answered. The rule is not repeated here; the verb asks it again when it runs.
 */
export const roleFirst =
  (rule: (ctx: ServiceContext) => unknown): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    rule(serviceContext(c));
    await next();
  };
