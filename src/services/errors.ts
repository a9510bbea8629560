/**
 * Typed errors with a stable code and no transport in them. Services throw them; each transport
 * maps the class to its own response (HTTP: RFC 9457 problem+json, see src/http/service-errors.ts).
 */
export interface FieldError {
  path: string;
  message: string;
}

export abstract class ServiceError extends Error {
  constructor(
    /** Stable, machine-readable. */
    readonly code: string,
    /** A short human summary of the kind of refusal. */
    readonly title: string,
    detail: string,
    /** Field paths the refusal is about, when there are any. */
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

/** The input is malformed or incomplete. */
export class ValidationError extends ServiceError {}
/** No (valid) identity where one is required. */
export class UnauthorizedError extends ServiceError {}
/** The caller's role or scope may not do this. */
export class ForbiddenError extends ServiceError {}
/** Unknown, or not yours: the two are indistinguishable on purpose. */
export class NotFoundError extends ServiceError {}
/** The state of the thing forbids the change (or something else took it first). */
export class ConflictError extends ServiceError {}
/** The input is well-formed but a business rule refuses it. */
export class BusinessRuleError extends ServiceError {}
/** The caller's version is stale. */
export class PreconditionFailedError extends ServiceError {}
/** The caller must say which version it read. */
export class PreconditionRequiredError extends ServiceError {}
/** Contention the caller can simply retry. */
export class BusyError extends ServiceError {}
/** A capability this deployment has not configured. */
export class UnavailableError extends ServiceError {}
/** An outside provider failed; nothing was done twice. */
export class UpstreamError extends ServiceError {}

export const validationError = (detail: string, errors: FieldError[]) =>
  new ValidationError("validation", "Invalid request", detail, errors);
export const unauthorized = (detail = "A valid bearer token is required.") =>
  new UnauthorizedError("unauthorized", "Unauthorized", detail);
export const forbidden = (detail = "Your role may not do this.") =>
  new ForbiddenError("forbidden", "Forbidden", detail);
/** Unknown, or not yours: the two are indistinguishable on purpose. */
export const notFound = (what: string, id?: string) =>
  new NotFoundError("not_found", "Not found", id ? `No ${what} '${id}'.` : `No such ${what}.`);
export const conflict = (detail: string, code = "conflict", errors?: FieldError[]) =>
  new ConflictError(code, "Conflict", detail, errors);
export const businessRule = (code: string, detail: string, errors?: FieldError[]) =>
  new BusinessRuleError(code, "Business rule violated", detail, errors);
export const preconditionFailed = (detail: string) =>
  new PreconditionFailedError("precondition_failed", "Precondition failed", detail);
export const preconditionRequired = (detail: string) =>
  new PreconditionRequiredError("if_match_required", "Precondition required", detail);
export const busy = (detail = "The database was busy and nothing was changed; retry shortly.") =>
  new BusyError("busy_retry", "Busy", detail);
