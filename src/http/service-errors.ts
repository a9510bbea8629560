import { InvalidCursorError } from "../data/pagination";
import {
  BusinessRuleError,
  BusyError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  type ServiceError,
  UnauthorizedError,
  UnavailableError,
  UpstreamError,
  ValidationError,
  validationError,
} from "../services/errors";
import type { ProblemInput } from "./problem";

/** The one place a service error class becomes an HTTP status (and the headers that status calls for). */
const STATUS: [new (...args: never[]) => ServiceError, number, Record<string, string>?][] = [
  [ValidationError, 400],
  [UnauthorizedError, 401, { "WWW-Authenticate": 'Bearer realm="caravan"' }],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [PreconditionFailedError, 412],
  [BusinessRuleError, 422],
  [PreconditionRequiredError, 428],
  [UpstreamError, 502],
  [UnavailableError, 503],
  [BusyError, 503, { "Retry-After": "1" }],
];

/** A service (or data-layer) refusal as problem+json input; null when `err` is not one. */
export function serviceErrorProblem(err: unknown): ProblemInput | null {
  if (err instanceof InvalidCursorError) {
    return serviceErrorProblem(validationError(err.message, [{ path: "query.cursor", message: "invalid cursor" }]));
  }
  for (const [cls, status, headers] of STATUS) {
    if (err instanceof cls) {
      return {
        status,
        code: err.code,
        title: err.title,
        detail: err.message,
        errors: err.errors,
        ...(headers ? { headers } : {}),
      };
    }
  }
  return null;
}
