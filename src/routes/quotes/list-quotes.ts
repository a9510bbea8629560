import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { roleFirst } from "../../http/role-first";
import { requireQuoteRole } from "../../services/quotes/policy";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { authErrorResponses, errorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { listQuotes } from "../../services/quotes";
import { ListQuotesInputSchema } from "../../services/quotes/schemas";
import { QuotePageSchema } from "./schemas";

export const listQuotesRoute = createRoute({
  method: "get",
  path: "/v1/quotes",
  operationId: "listQuotes",
  tags: ["Quotes"],
  summary: "List quotes you may see",
  description:
    "Newest first, filterable by status, hospital and patient. Patients see their own quotes, agents their " +
    "agency's, clinicians and billing their hospital's, admins all. A quote past its `validUntil` shows as " +
    "`expired`.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireQuoteRole(ctx, "read")),
  request: {
    query: ListQuotesInputSchema,
  },
  responses: {
    200: json(QuotePageSchema, "A page of quotes, newest first."),
    ...errorResponses,
    ...authErrorResponses,
  },
});

const handler: AppRouteHandler<typeof listQuotesRoute> = async (c) =>
  c.json(await listQuotes({ ctx: serviceContext(c), input: c.req.valid("query") }), 200);

export const registerListQuotes = (app: OpenAPIHono<AppEnv>) => app.openapi(listQuotesRoute, handler);
