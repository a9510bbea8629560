import { ProblemSchema } from "./problem";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** The 429 every operation declares, registered once as `components.responses.TooManyRequests` (see createApp). */
export const tooManyRequestsResponse = {
  description:
    "Too many requests: a rate limit's budget is spent (per address, per token, or the strict one for sign-up, " +
    "sign-in and failed authentication); retry after `Retry-After` seconds. Responses counted against a budget " +
    "carry the `RateLimit-*` headers too (IETF draft-ietf-httpapi-ratelimit-headers-06).",
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
  headers: {
    "Retry-After": {
      description: "Seconds until the budget refills.",
      schema: { type: "integer" as const, minimum: 0 },
    },
    "RateLimit-Policy": {
      description: "The budget: `<limit>;w=<window seconds>`.",
      schema: { type: "string" as const, example: "10;w=900" },
    },
    "RateLimit-Limit": { description: "Requests allowed in the window.", schema: { type: "integer" as const } },
    "RateLimit-Remaining": {
      description: "Requests left in the window (0 on a 429).",
      schema: { type: "integer" as const },
    },
    "RateLimit-Reset": { description: "Seconds until the window ends.", schema: { type: "integer" as const } },
  },
};

/** Spread into every route's `responses`. */
export const errorResponses = {
  400: problem("Malformed or invalid input; `errors[]` names each field."),
  404: problem("Unknown, or not yours."),
  413: problem("Request body too large."),
  429: { $ref: "#/components/responses/TooManyRequests" },
  500: problem("Unexpected server error; the detail says little, the log has the cause."),
} as const;

/** Spread into routes that need a bearer token. */
export const authErrorResponses = {
  401: problem("Missing or invalid bearer token."),
  403: problem("Your role may not do this."),
} as const;

/** Spread into public `/v1` routes: no token is needed, but one that is sent is checked. */
export const publicAuthErrorResponses = {
  401: problem(
    "A bearer token was sent and it is malformed, unknown or revoked. This route needs none; send none or a valid one.",
  ),
} as const;

/** Spread into routes that take a request body. */
export const bodyErrorResponses = {
  415: problem(
    "The body's Content-Type is not one this operation accepts; `errors[0].message` names the accepted types.",
  ),
} as const;

export const conflictResponse = { 409: problem("Conflict with the current state.") } as const;
export const businessRuleResponse = { 422: problem("A business rule was broken.") } as const;
/** A write bound to what the caller saw (e.g. a preview's key) that no longer matches it. */
export const staleKeyResponse = { 412: problem("The request no longer matches what it was bound to.") } as const;
export const preconditionResponse = {
  412: problem("Stale If-Match version: reload and retry."),
  428: problem("If-Match is required on this write: send the ETag you read."),
} as const;
