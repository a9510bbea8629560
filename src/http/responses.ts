import { ProblemSchema } from "./problem";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** Spread into every route's `responses`. */
export const errorResponses = {
  400: problem("Malformed or invalid input; `errors[]` names each field."),
  404: problem("Unknown, or not yours."),
  413: problem("Request body too large."),
  429: problem("Too many requests."),
  500: problem("Unexpected server error; the detail says little, the log has the cause."),
} as const;

/** Spread into routes that need a bearer token. */
export const authErrorResponses = {
  401: problem("Missing or invalid bearer token."),
  403: problem("Your role may not do this."),
} as const;

/** Spread into public `/v1` routes: no token is needed, but one that is sent is checked. */
export const publicAuthErrorResponses = {
  401: problem("A bearer token was sent and it is malformed, unknown or revoked. This route needs none; send none or a valid one."),
} as const;

/** Spread into routes that take a request body. */
export const bodyErrorResponses = {
  415: problem("The body's Content-Type is not one this operation accepts; `errors[0].message` names the accepted types."),
} as const;

export const conflictResponse = { 409: problem("Conflict with the current state.") } as const;
export const businessRuleResponse = { 422: problem("A business rule was broken.") } as const;
export const preconditionResponse = {
  412: problem("Stale If-Match version: reload and retry."),
  428: problem("If-Match is required on this write: send the ETag you read."),
} as const;
