import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import { parseIfMatch } from "../../http/if-match";
import {
  authErrorResponses,
  bodyErrorResponses,
  businessRuleResponse,
  conflictResponse,
  errorResponses,
  preconditionResponse,
} from "../../http/responses";
import { json, jsonBody, serviceContext } from "../../http/route-helpers";
import {
  acceptChangeOffer,
  createChangeOffer,
  declineChangeOffer,
  getChangeOffer,
  listChangeOffers,
} from "../../services/offers";
import { IdParam } from "../common-schemas";
import { IdempotencyHeader, IfMatchHeader } from "../itineraries/schemas";
import { AcceptedOfferSchema, ChangeOfferListSchema, ChangeOfferSchema, CreateOfferBody } from "./schemas";

const OfferParams = IdParam("itn").extend({
  offerId: z
    .string()
    .min(3)
    .max(64)
    .openapi({ param: { name: "offerId", in: "path" }, example: "cof_01" }),
});
const headers = IfMatchHeader.merge(IdempotencyHeader);
const writeErrors = { ...errorResponses, ...authErrorResponses, ...conflictResponse, ...preconditionResponse };
const tags = ["Change offers"];

export const createOfferRoute = createRoute({
  method: "post",
  path: "/v1/itineraries/{id}/change-offers",
  operationId: "createChangeOffer",
  tags,
  summary: "Offer the patient a priced change of their confirmed trip (holds the new inventory)",
  description:
    "Agents (of the trip's agency) and admins. Prices the change as the component verbs do and holds what it " +
    "needs until `validUntil`; an open offer on the same trip is superseded (its inventory released). " +
    "`If-Match`: the trip version read. The patient is emailed a link to the offer.",
  security: bearerSecurity,
  request: {
    params: IdParam("itn"),
    headers,
    body: jsonBody(CreateOfferBody, {
      change: {
        action: "replace",
        componentId: "cmp_01",
        component: { type: "flight", flightId: "flt_kc872_20261225" },
      },
      reason: "The doctor extends the stay by a day.",
      validMinutes: 1440,
    }),
  },
  responses: {
    201: json(ChangeOfferSchema, "The open offer."),
    ...writeErrors,
    ...businessRuleResponse,
    ...bodyErrorResponses,
  },
});

export const listOffersRoute = createRoute({
  method: "get",
  path: "/v1/itineraries/{id}/change-offers",
  operationId: "listChangeOffers",
  tags,
  summary: "A trip's change offers, newest first",
  description: "Every participant of the trip reads them (its patient, agency, admins, the hospital's staff).",
  security: bearerSecurity,
  request: { params: IdParam("itn") },
  responses: {
    200: json(ChangeOfferListSchema, "Newest first, at most 100."),
    ...errorResponses,
    ...authErrorResponses,
  },
});

export const getOfferRoute = createRoute({
  method: "get",
  path: "/v1/itineraries/{id}/change-offers/{offerId}",
  operationId: "getChangeOffer",
  tags,
  summary: "One change offer: the priced difference, before → after, the new timeline",
  description:
    "Read by the trip's participants; 404 for anyone else. An open offer past `validUntil` is expired (its " +
    "inventory released) before it is shown.",
  security: bearerSecurity,
  request: { params: OfferParams },
  responses: { 200: json(ChangeOfferSchema, "The offer."), ...errorResponses, ...authErrorResponses },
});

export const acceptOfferRoute = createRoute({
  method: "post",
  path: "/v1/itineraries/{id}/change-offers/{offerId}/accept",
  operationId: "acceptChangeOffer",
  tags,
  summary: "The patient accepts: the change is made atomically; pay what is left with the card payment",
  description:
    "`If-Match`: the trip version the offer was made on (412 otherwise); a trip changed since → 409 " +
    "`offer-stale`; lapsed → 409 `offer-expired`; superseded → 409 `offer-superseded`; what it held gone → 409 " +
    "`offer-inventory-gone`. Nothing is half-applied.",
  security: bearerSecurity,
  request: { params: OfferParams, headers },
  responses: { 200: json(AcceptedOfferSchema, "The accepted offer and what is left to pay."), ...writeErrors },
});

export const declineOfferRoute = createRoute({
  method: "post",
  path: "/v1/itineraries/{id}/change-offers/{offerId}/decline",
  operationId: "declineChangeOffer",
  tags,
  summary: "The patient declines: what the offer held is released, the trip stays as it was",
  description:
    "The patient only. `If-Match`: the trip version the offer was made on (412 otherwise); an offer no longer " +
    "open → 409 (`offer-expired`, `offer-superseded`, `offer-closed`).",
  security: bearerSecurity,
  request: { params: OfferParams, headers },
  responses: { 200: json(ChangeOfferSchema, "The declined offer."), ...writeErrors },
});

const createHandler: AppRouteHandler<typeof createOfferRoute> = async (c) => {
  const input = {
    ...c.req.valid("json"),
    id: c.req.valid("param").id,
    ifMatch: parseIfMatch(c.req.valid("header")["if-match"]),
  };
  return c.json(await createChangeOffer({ ctx: serviceContext(c), input }), 201);
};

const listHandler: AppRouteHandler<typeof listOffersRoute> = async (c) =>
  c.json(await listChangeOffers({ ctx: serviceContext(c), input: c.req.valid("param") }), 200);

const getHandler: AppRouteHandler<typeof getOfferRoute> = async (c) =>
  c.json(await getChangeOffer({ ctx: serviceContext(c), input: c.req.valid("param") }), 200);

const acceptHandler: AppRouteHandler<typeof acceptOfferRoute> = async (c) => {
  const input = { ...c.req.valid("param"), ifMatch: parseIfMatch(c.req.valid("header")["if-match"]) };
  const accepted = await acceptChangeOffer({ ctx: serviceContext(c), input });
  c.header("ETag", `"${accepted.itineraryVersion}"`);
  return c.json(accepted, 200);
};

const declineHandler: AppRouteHandler<typeof declineOfferRoute> = async (c) => {
  const input = { ...c.req.valid("param"), ifMatch: parseIfMatch(c.req.valid("header")["if-match"]) };
  return c.json(await declineChangeOffer({ ctx: serviceContext(c), input }), 200);
};

export function registerChangeOffers(app: OpenAPIHono<AppEnv>) {
  app.openapi(createOfferRoute, createHandler);
  app.openapi(listOffersRoute, listHandler);
  app.openapi(getOfferRoute, getHandler);
  app.openapi(acceptOfferRoute, acceptHandler);
  app.openapi(declineOfferRoute, declineHandler);
}
