import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { roleFirst } from "../../http/role-first";
import { requireQuoteRole } from "../../services/quotes/policy";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { authErrorResponses, errorResponses } from "../../http/responses";
import { json, serviceContext } from "../../http/route-helpers";
import { getQuote } from "../../services/quotes";
import { IdParam } from "../common-schemas";
import { QuoteSchema } from "./schemas";

export const getQuoteRoute = createRoute({
  method: "get",
  path: "/v1/quotes/{id}",
  operationId: "getQuote",
  tags: ["Quotes"],
  summary: "Get a quote",
  description:
    "Its medical lines at exactly the domestic price of each line's code, department and class in the tariff " +
    "version in force on the service date, totals in the hospital's and the patient's currency, validity, and the " +
    "signed parity affirmation. Re-priced (new revision, re-signed) when a new tariff version covers its dates.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireQuoteRole(ctx, "read")),
  request: { params: IdParam("quo") },
  responses: { 200: json(QuoteSchema, "The quote."), ...errorResponses, ...authErrorResponses },
});

const handler: AppRouteHandler<typeof getQuoteRoute> = async (c) =>
  c.json(await getQuote({ ctx: serviceContext(c), input: c.req.valid("param") }), 200);

export const registerGetQuote = (app: OpenAPIHono<AppEnv>) => app.openapi(getQuoteRoute, handler);
