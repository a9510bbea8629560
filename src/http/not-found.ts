import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "./context";
import { problemResponse } from "./problem";

/** Method and path pattern of every route the app serves. */
export function routeTable(app: OpenAPIHono<AppEnv>) {
  return app.routes
    .filter((r) => r.method !== "ALL")
    .map((r) => ({
      method: r.method.toUpperCase(),
      pattern: new RegExp(`^${r.path.replace(/:[^/]+/g, "[^/]+").replace(/\*/g, ".*")}$`),
    }));
}

/**
 * The answer to an address no route serves: a browser's HTML page when `htmlPage` offers one, a
 * 308 to the path without its trailing slash for a read, 405 naming the methods the path allows, else 404.
 */
export function notFoundHandler(
  routes: ReturnType<typeof routeTable>,
  htmlPage?: (c: Context<AppEnv>) => (() => Response | Promise<Response>) | undefined,
) {
  return (c: Context<AppEnv>) => {
    // A page address nobody serves, asked for by a browser: the web app's own 404 page, in the
    // visitor's language. A program (no text/html in Accept) gets problem+json like the API.
    const page = htmlPage?.(c);
    if (page && /\btext\/html\b/.test(c.req.header("accept") ?? "")) return page();
    // A trailing slash names no resource: a read is sent to the path without it, anything else is 404.
    const bare = c.req.path.replace(/\/+$/, "");
    if (bare !== c.req.path && bare !== "" && !bare.startsWith("//")) {
      if (
        (c.req.method === "GET" || c.req.method === "HEAD") &&
        routes.some((r) => r.method === "GET" && r.pattern.test(bare))
      ) {
        return c.redirect(`${bare}${new URL(c.req.url).search}`, 308);
      }
      return problemResponse(c, {
        status: 404,
        code: "not_found",
        title: "Not found",
        detail: `No route for ${c.req.method} ${c.req.path}; paths take no trailing slash.`,
      });
    }
    const allowed = Array.from(new Set(routes.filter((r) => r.pattern.test(c.req.path)).map((r) => r.method)));
    if (allowed.length > 0) {
      if (allowed.includes("GET")) allowed.push("HEAD");
      return problemResponse(c, {
        status: 405,
        code: "method_not_allowed",
        title: "Method not allowed",
        detail: `${c.req.method} is not allowed on ${c.req.path}; allowed: ${allowed.join(", ")}.`,
        headers: { Allow: allowed.join(", ") },
      });
    }
    return problemResponse(c, {
      status: 404,
      code: "not_found",
      title: "Not found",
      detail: `No route for ${c.req.method} ${c.req.path}.`,
    });
  };
}
