import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { publicSecurity } from "../../http/auth";
import { errorResponses, bodyErrorResponses, publicAuthErrorResponses } from "../../http/responses";
import { json, jsonBody, serviceContext } from "../../http/route-helpers";
import { parityKeys, verifyAffirmation } from "../../services/parity/index";
import { ParityKeysSchema, VerifyInputSchema, VerifyResultSchema } from "./schemas";

export const parityKeysRoute = createRoute({
  method: "get",
  path: "/v1/parity/keys",
  operationId: "getParityKeys",
  tags: ["Parity"],
  summary: "Public keys that sign parity affirmations (JWK Set)",
  description:
    "Verify a quote's `parityAffirmation.signature` over the exact `payload` bytes with any Ed25519 library, offline.",
  security: publicSecurity,
  responses: { 200: json(ParityKeysSchema, "The keys."), ...errorResponses, ...publicAuthErrorResponses },
});

export const verifyRoute = createRoute({
  method: "post",
  path: "/v1/parity/verify",
  operationId: "verifyParity",
  tags: ["Parity"],
  summary: "Verify a parity affirmation (signature and prices)",
  description:
    "Post a quote's `parityAffirmation` as it is. The signature is checked over the exact `payload` bytes against " +
    "the published key, and each line's unit price is re-checked against the tariff version it names. `valid` is " +
    "true only when both hold; `reasons` says what failed. Needs no token.",
  security: publicSecurity,
  request: {
    body: jsonBody(VerifyInputSchema, {
      algorithm: "Ed25519",
      keyId: "caravan-parity-1",
      payload:
        '{"hospitalId":"hsp_xjph","lines":[{"code":"CARD-CABG","lineNo":1,"unitPrice":9800000,"tariffVersion":1}]}',
      signature: "mC3m4Q2b9pX8c5rJ0xQe7kV1sN6yT2uW4zA8dF3gH5jK7lP9oR1tY3vB5nM7cE9qS2wD4fG6hJ8kL0zX1cV3bN5A",
    }),
  },
  responses: {
    200: json(VerifyResultSchema, "The verdict; `valid` only when the signature and every price hold."),
    ...errorResponses,
    ...publicAuthErrorResponses,
    ...bodyErrorResponses,
  },
});

const keysHandler: AppRouteHandler<typeof parityKeysRoute> = async (c) => {
  c.header("Cache-Control", "public, max-age=300");
  return c.json(parityKeys({ ctx: serviceContext(c) }), 200);
};

const verifyHandler: AppRouteHandler<typeof verifyRoute> = async (c) =>
  c.json(await verifyAffirmation({ ctx: serviceContext(c), input: c.req.valid("json") }), 200);

export function registerParityKeys(app: OpenAPIHono<AppEnv>) {
  app.openapi(parityKeysRoute, keysHandler);
  app.openapi(verifyRoute, verifyHandler);
}
