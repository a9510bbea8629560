import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { roleFirst } from "../../http/role-first";
import { requireVerb } from "../../services/itineraries/policy";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import {
  authErrorResponses,
  businessRuleResponse,
  conflictResponse,
  errorResponses,
  preconditionResponse,
  bodyErrorResponses,
} from "../../http/responses";
import { json, jsonBody, serviceContext } from "../../http/route-helpers";
import { parseIfMatch } from "../../http/if-match";
import { confirmCancellation, quoteCancellation } from "../../services/itineraries/cancel";
import { recordBankTransfer } from "../../services/itineraries/confirm";
import { holdItinerary } from "../../services/itineraries/hold";
import { IdParam } from "../common-schemas";
import {
  BankTransferBody,
  CancelBody,
  CancellationQuoteSchema,
  IdempotencyHeader,
  IfMatchHeader,
  ItinerarySchema,
} from "./schemas";
import { withEtag } from "./respond";

const writeResponses = {
  200: json(ItinerarySchema, "The itinerary after the change (new ETag)."),
  ...errorResponses,
  ...authErrorResponses,
  ...conflictResponse,
  ...preconditionResponse,
  ...businessRuleResponse,
};

export const holdRoute = createRoute({
  method: "post",
  path: "/v1/itineraries/{id}/hold",
  operationId: "holdItinerary",
  tags: ["Itineraries"],
  summary: "Hold every component's inventory at once, or none",
  description:
    "Seats, vehicles, rooms, tour places and hospital bed-nights are taken in one transaction by conditional " +
    "updates the database decides: never oversold. The hold lasts HOLD_MINUTES (default 20), less if a component " +
    "starts or the quote expires sooner; expired holds are released. An itinerary with timeline errors is not " +
    "held (422).",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireVerb(ctx, "hold")),
  request: { params: IdParam("itn"), headers: IfMatchHeader.merge(IdempotencyHeader) },
  responses: writeResponses,
});

export const bankTransferRoute = createRoute({
  method: "post",
  path: "/v1/itineraries/{id}/bank-transfers",
  operationId: "recordBankTransfer",
  tags: ["Itineraries"],
  summary: "Record a bank transfer for what is due now and confirm the held itinerary (agent)",
  description:
    "An agent records a bank transfer received for a held itinerary. The amount must be exactly what is due now, " +
    "in the hospital's currency; the itinerary is then confirmed and its inventory booked. Needs `If-Match`; " +
    "accepts `Idempotency-Key`.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireVerb(ctx, "bankTransfer")),
  request: {
    params: IdParam("itn"),
    headers: IfMatchHeader.merge(IdempotencyHeader),
    body: jsonBody(BankTransferBody, {
      reference: "HALYK-2026-12-0042",
      amount: { amount: 1894500, currency: "CNY" },
    }),
  },
  responses: { ...writeResponses, ...bodyErrorResponses },
});

export const cancellationQuoteRoute = createRoute({
  method: "post",
  path: "/v1/itineraries/{id}/cancellation-quotes",
  operationId: "quoteCancellation",
  tags: ["Itineraries"],
  summary: "Quote a cancellation: the refund per component now, valid 10 minutes",
  description:
    "What cancelling now would refund, per component by its policy (flights 80% until 14 days, 50% until 3 days; " +
    "lodging free until 48 h, then the first night is kept; transfers free until 24 h; tours free until 48 h, 50% " +
    "until 24 h; concierge fees pro rata). Nothing paid, nothing refunded. Valid 10 minutes; confirm with `POST " +
    "…/cancel`.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireVerb(ctx, "cancel")),
  request: { params: IdParam("itn"), headers: IdempotencyHeader },
  responses: {
    201: json(CancellationQuoteSchema, "The quote."),
    ...errorResponses,
    ...authErrorResponses,
    ...conflictResponse,
  },
});

export const cancelRoute = createRoute({
  method: "post",
  path: "/v1/itineraries/{id}/cancel",
  operationId: "cancelItinerary",
  tags: ["Itineraries"],
  summary: "Confirm a cancellation quote: releases everything and refunds exactly the quote",
  description:
    "Confirms an unexpired cancellation quote made at the itinerary's current version: every reservation is " +
    "released and exactly the quoted amount refunded, in one transaction. Needs `If-Match`; accepts " +
    "`Idempotency-Key`.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireVerb(ctx, "cancel")),
  request: {
    params: IdParam("itn"),
    headers: IfMatchHeader.merge(IdempotencyHeader),
    body: jsonBody(CancelBody, { cancellationQuoteId: "cnq_01JEXAMPLE" }),
  },
  responses: { ...writeResponses, ...bodyErrorResponses },
});

const holdHandler: AppRouteHandler<typeof holdRoute> = async (c) =>
  withEtag(
    c,
    await holdItinerary({
      ctx: serviceContext(c),
      input: { id: c.req.valid("param").id, ifMatch: parseIfMatch(c.req.valid("header")["if-match"]) },
    }),
    200,
  );

const bankHandler: AppRouteHandler<typeof bankTransferRoute> = async (c) =>
  withEtag(
    c,
    await recordBankTransfer({
      ctx: serviceContext(c),
      input: {
        id: c.req.valid("param").id,
        ifMatch: parseIfMatch(c.req.valid("header")["if-match"]),
        ...c.req.valid("json"),
      },
    }),
    200,
  );

const cqHandler: AppRouteHandler<typeof cancellationQuoteRoute> = async (c) =>
  c.json(await quoteCancellation({ ctx: serviceContext(c), input: c.req.valid("param") }), 201);

const cancelHandler: AppRouteHandler<typeof cancelRoute> = async (c) =>
  withEtag(
    c,
    await confirmCancellation({
      ctx: serviceContext(c),
      input: {
        id: c.req.valid("param").id,
        ifMatch: parseIfMatch(c.req.valid("header")["if-match"]),
        ...c.req.valid("json"),
      },
    }),
    200,
  );

export function registerLifecycle(app: OpenAPIHono<AppEnv>) {
  app.openapi(holdRoute, holdHandler);
  app.openapi(bankTransferRoute, bankHandler);
  app.openapi(cancellationQuoteRoute, cqHandler);
  app.openapi(cancelRoute, cancelHandler);
}
