import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
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
import { addComponent, removeComponent, replaceComponent } from "../../services/itineraries";
import { ChangeReason } from "../../services/itineraries/schemas";
import { ComponentInputSchema, IdempotencyHeader, IfMatchHeader, ItinerarySchema } from "./schemas";
import { withEtag } from "./respond";

const writeResponses = {
  200: json(ItinerarySchema, "The itinerary after the change (new ETag)."),
  ...errorResponses,
  ...authErrorResponses,
  ...conflictResponse,
  ...preconditionResponse,
  ...businessRuleResponse,
};

/** `?reason=`: the agent's reason, kept in the history entry (the body stays the component itself). */
const ReasonQuery = z.object({ reason: ChangeReason });

const ComponentParams = z.object({
  id: z
    .string()
    .min(3)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
  componentId: z
    .string()
    .min(3)
    .max(64)
    .openapi({ param: { name: "componentId", in: "path" } }),
});

export const addComponentRoute = createRoute({
  method: "post",
  path: "/v1/itineraries/{id}/components",
  operationId: "addItineraryComponent",
  tags: ["Itineraries"],
  summary: "Add a component (re-holds inventory at once on a held or confirmed itinerary)",
  description:
    "Patients change their own drafts; agents any itinerary of their agency but a completed one. Recorded in the " +
    "history; the patient is told.",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireVerb(ctx, "write")),
  request: {
    params: z.object({ id: z.string().min(3).max(64) }),
    headers: IfMatchHeader.merge(IdempotencyHeader),
    query: ReasonQuery,
    body: jsonBody(ComponentInputSchema, {
      type: "tour",
      departureId: "tod_urc_bazaar_ru_20261220_1000",
      travelerIds: ["t2"],
    }),
  },
  responses: { ...writeResponses, ...bodyErrorResponses },
});

export const replaceComponentRoute = createRoute({
  method: "put",
  path: "/v1/itineraries/{id}/components/{componentId}",
  operationId: "replaceItineraryComponent",
  tags: ["Itineraries"],
  summary: "Change a component (e.g. move a flight): new inventory taken and old released atomically",
  description:
    "Replaces one component with another of any type (e.g. a later return flight). On a held or confirmed " +
    "itinerary the new inventory is taken and the old released in one transaction, all or nothing; the change is " +
    "recorded in the history and the patient is told. Needs `If-Match` (428 without it, 412 when stale).",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireVerb(ctx, "write")),
  request: {
    params: ComponentParams,
    headers: IfMatchHeader,
    query: ReasonQuery,
    body: jsonBody(ComponentInputSchema, { type: "flight", flightId: "flt_kc872_20261228", travelerIds: ["t1", "t2"] }),
  },
  responses: { ...writeResponses, ...bodyErrorResponses },
});

export const removeComponentRoute = createRoute({
  method: "delete",
  path: "/v1/itineraries/{id}/components/{componentId}",
  operationId: "removeItineraryComponent",
  tags: ["Itineraries"],
  summary: "Remove a component (releases its inventory)",
  description:
    "Removes one component; on a held or confirmed itinerary its inventory is released in the same transaction. " +
    "Recorded in the history; the patient is told. Needs `If-Match` (428 without it, 412 when stale).",
  security: bearerSecurity,
  middleware: roleFirst((ctx) => requireVerb(ctx, "write")),
  request: { params: ComponentParams, headers: IfMatchHeader, query: ReasonQuery },
  responses: writeResponses,
});

const addHandler: AppRouteHandler<typeof addComponentRoute> = async (c) =>
  withEtag(
    c,
    await addComponent({
      ctx: serviceContext(c),
      input: {
        id: c.req.valid("param").id,
        ifMatch: parseIfMatch(c.req.valid("header")["if-match"]),
        component: c.req.valid("json"),
        reason: c.req.valid("query").reason,
      },
    }),
    200,
  );

const replaceHandler: AppRouteHandler<typeof replaceComponentRoute> = async (c) => {
  const { id, componentId } = c.req.valid("param");
  return withEtag(
    c,
    await replaceComponent({
      ctx: serviceContext(c),
      input: {
        id,
        componentId,
        ifMatch: parseIfMatch(c.req.valid("header")["if-match"]),
        component: c.req.valid("json"),
        reason: c.req.valid("query").reason,
      },
    }),
    200,
  );
};

const removeHandler: AppRouteHandler<typeof removeComponentRoute> = async (c) => {
  const { id, componentId } = c.req.valid("param");
  return withEtag(
    c,
    await removeComponent({
      ctx: serviceContext(c),
      input: {
        id,
        componentId,
        ifMatch: parseIfMatch(c.req.valid("header")["if-match"]),
        reason: c.req.valid("query").reason,
      },
    }),
    200,
  );
};

export function registerComponentChanges(app: OpenAPIHono<AppEnv>) {
  app.openapi(addComponentRoute, addHandler);
  app.openapi(replaceComponentRoute, replaceHandler);
  app.openapi(removeComponentRoute, removeHandler);
}
