import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { roleFirst } from "../../http/role-first";
import { requireQuoteRole } from "../../services/quotes/policy";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import {
  authErrorResponses,
  businessRuleResponse,
  conflictResponse,
  errorResponses,
  bodyErrorResponses,
} from "../../http/responses";
import { json, jsonBody, serviceContext } from "../../http/route-helpers";
import { createQuote } from "../../services/quotes";
import { CreateQuoteSchema, QuoteSchema } from "./schemas";

export const createQuoteRoute = createRoute({
  method: "post",
  path: "/v1/quotes",
  operationId: "createQuote",
  tags: ["Quotes"],
  summary: "Quote a treatment at exactly the domestic tariff",
  description:
    "From a consultation's recommendation, or from a hospital and items. Every line is priced from the domestic " +
    "tariff in force on its service date; a price, another currency, a class or department domestic patients " +
    "cannot buy, or an unknown code is a 422 naming the line. The quote carries a signed parity affirmation.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireQuoteRole(ctx, "create")),
  request: {
    body: jsonBody(CreateQuoteSchema, {
      hospitalId: "hsp_xjph",
      serviceDate: "2026-12-14",
      items: [
        { code: "CARD-CABG", quantity: 1, department: "cardiac_surgery" },
        { code: "CARD-POSTOP-MED", quantity: 1, department: "cardiac_surgery" },
      ],
      currency: "KZT",
    }),
  },
  responses: {
    201: json(QuoteSchema, "The quote."),
    ...errorResponses,
    ...bodyErrorResponses,
    ...authErrorResponses,
    ...conflictResponse,
    ...businessRuleResponse,
  },
});

const handler: AppRouteHandler<typeof createQuoteRoute> = async (c) =>
  c.json(await createQuote({ ctx: serviceContext(c), input: c.req.valid("json") }), 201);

export const registerCreateQuote = (app: OpenAPIHono<AppEnv>) => app.openapi(createQuoteRoute, handler);
