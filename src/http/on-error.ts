import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { PricingError } from "../domain/pricing/money";
import { TimelineInputError } from "../domain/timeline/index";
import type { Logger } from "../ports/logger";
import { busy } from "../services/errors";
import type { AppEnv } from "./context";
import { problemResponse } from "./problem";
import { serviceErrorProblem } from "./service-errors";

/** The body media types one route declares, so a 415 can name the ones it accepts. */
export interface BodyTypes {
  method: string;
  pattern: RegExp;
  types: string[];
}

/** The app's one error mapper: service and domain refusals, contention, HTTP errors, else a logged 500. */
export function errorHandler(deps: { logger: Logger }, bodyTypes: BodyTypes[]) {
  return (err: Error, c: Context<AppEnv>) => {
    const refusal = serviceErrorProblem(err);
    if (refusal) return problemResponse(c, refusal);
    // Pure-domain refusals that reached the edge: the input could not be priced or placed in time.
    if (err instanceof PricingError || err instanceof TimelineInputError) {
      return problemResponse(c, {
        status: 422,
        code: (err as { code: string }).code,
        title: "Business rule violated",
        detail: err.message,
      });
    }
    // Contention the client can simply retry: a PostgreSQL deadlock, lock or statement timeout,
    // serialization failure, or a busy SQLite file. Holds lock inventory in one fixed order, so
    // these are rare; when they happen the transaction was rolled back whole.
    const dbCode = (err as { code?: unknown }).code;
    if (
      typeof dbCode === "string" &&
      ["40P01", "40001", "55P03", "57014", "SQLITE_BUSY", "SQLITE_LOCKED"].includes(dbCode)
    ) {
      deps.logger.warn("database contention", { requestId: c.get("requestId"), code: dbCode });
      return problemResponse(c, serviceErrorProblem(busy())!);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      // @hono/zod-openapi refuses a body of a media type the route does not declare.
      if (status === 415) {
        const types = bodyTypes.find((r) => r.method === c.req.method && r.pattern.test(c.req.path))?.types ?? [
          "application/json",
        ];
        const expected = `expected ${types.join(" or ")}`;
        return problemResponse(c, {
          status,
          code: "unsupported_media_type",
          title: "Unsupported media type",
          detail: `Unsupported media type: ${expected}.`,
          errors: [{ path: "header.content-type", message: expected }],
        });
      }
      const malformed = status === 400;
      return problemResponse(c, {
        status,
        code: malformed ? "malformed_request" : `http_${status}`,
        title: malformed ? "Malformed request" : "Request failed",
        detail: err.message || "The request could not be processed.",
      });
    }
    deps.logger.error("unhandled error", {
      requestId: c.get("requestId"),
      path: c.req.path,
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      stack: err instanceof Error ? err.stack?.split("\n").slice(0, 6).join(" | ") : undefined,
    });
    return problemResponse(c, {
      status: 500,
      code: "internal",
      title: "Internal server error",
      detail: "Something went wrong on our side. Quote the request id when you report it.",
    });
  };
}
