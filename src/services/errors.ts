/**
 * Typed errors with a stable code. Services throw them; each transport maps
 * them to its own response (HTTP: RFC 9457 problem+json in app.onError).
 */
export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = "AppError";
  }
}

export const validationError = (detail: string, errors: FieldError[]) =>
  new AppError(400, "validation", "Invalid request", detail, errors);
export const unauthorized = (detail = "A valid bearer token is required.") =>
  new AppError(401, "unauthorized", "Unauthorized", detail, undefined, {
    "WWW-Authenticate": 'Bearer realm="caravan"',
  });
export const forbidden = (detail = "Your role may not do this.") =>
  new AppError(403, "forbidden", "Forbidden", detail);
/** Unknown, or not yours: the two are indistinguishable on purpose. */
export const notFound = (what: string, id?: string) =>
  new AppError(404, "not_found", "Not found", id ? `No ${what} '${id}'.` : `No such ${what}.`);
export const conflict = (detail: string, code = "conflict") => new AppError(409, code, "Conflict", detail);
export const businessRule = (code: string, detail: string, errors?: FieldError[]) =>
  new AppError(422, code, "Business rule violated", detail, errors);
export const preconditionFailed = (detail: string) =>
  new AppError(412, "precondition_failed", "Precondition failed", detail);
