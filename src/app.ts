import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { authenticate } from "./http/auth";
import { idempotency } from "./http/idempotency";
import { notFoundHandler, routeTable } from "./http/not-found";
import { type BodyTypes, errorHandler } from "./http/on-error";
import type { AppDeps, AppEnv } from "./http/context";
import { problemResponse, zodIssuesToErrors } from "./http/problem";
import { createRateLimits } from "./http/rate-limit";
import { tooManyRequestsResponse } from "./http/responses";
import { registerNotificationAdmin } from "./routes/admin/notifications";
import { registerCatalog } from "./routes/catalog/index";
import { registerConsultations } from "./routes/consultations/index";
import { registerItineraries } from "./routes/itineraries/index";
import { registerMessages } from "./routes/messages/index";
import { registerChangeOffers } from "./routes/offers/index";
import { registerParity } from "./routes/parity/index";
import { registerPayments } from "./routes/payments/index";
import { registerQuotes } from "./routes/quotes/index";
import { registerTariffs } from "./routes/tariffs/index";
import { registerDocs } from "./routes/meta/docs";
import { registerHealth } from "./routes/meta/health";
import { registerPatients } from "./routes/patients/index";
import { registerCreateUser } from "./routes/users/create-user";
import { isApiPath, registerWeb } from "./web/app";
import { notFoundPage } from "./web/errors";
import type { WebContext } from "./web/env";

export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "Caravan API",
    version: "0.1.0",
    description:
      "Medical-tourism concierge booking engine: free tele-consultations, treatment quotes at exactly the domestic " +
      "tariff, and the trip around them. Errors are RFC 9457 problem+json; money is integer minor units; instants " +
      "are ISO-8601 with offset, with local times in each place's IANA zone.\n\n" +
      "Inputs: dates are `YYYY-MM-DD` from 1900-01-01 to 2100-12-31; instants are ISO 8601 extended format " +
      "`YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z` or `±HH:MM` (within ±14:00). Every range is bounded (each field " +
      "says its bound) and refused with 400 naming the field. A request the HTTP parser itself refuses is " +
      "answered with problem+json too: 431 when the request line and headers exceed 16 KiB; 400 for a missing " +
      "Host, conflicting Content-Length/Transfer-Encoding or invalid characters. Paths take no trailing slash: " +
      "GET and HEAD are redirected (308) to the path without it, other methods get 404.",
  },
  servers: [{ url: "/" }],
  tags: [
    { name: "Meta", description: "Health and documentation." },
    { name: "Catalog", description: "Public reads: hospitals, tariffs, flights, transfers, lodging, tours." },
    { name: "Patients", description: "Sign-up and patient records." },
    { name: "Consultations", description: "Free tele-consultations and the doctor's recommendation." },
    { name: "Tariffs", description: "Each hospital's domestic tariff, versioned, and its public price file." },
    {
      name: "Quotes",
      description: "Treatment quotes at exactly the domestic tariff, with a signed parity affirmation.",
    },
    { name: "Parity", description: "Fee-parity report, invoice checks, and affirmation keys and verification." },
    {
      name: "Itineraries",
      description: "The trip bundled: timeline, holds that never oversell, adjustments, cancellation, calendar.",
    },
    { name: "Messages", description: "One conversation per trip among its patient, agency and hospital staff." },
    {
      name: "Change offers",
      description: "A priced change of a confirmed trip, holding its inventory, that the patient accepts or declines.",
    },
    { name: "Payments", description: "Card payments through Stripe and its signed webhook; refunds." },
    { name: "Admin", description: "Staff accounts." },
  ],
};

/** Request id and log line, rate limits, body limit, authentication and idempotency, in that order. */
function useEdgeMiddleware(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.use("*", requestId({ headerName: "X-Request-Id" }));
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    const started = performance.now();
    await next();
    deps.logger.info("request", {
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  // Budgets are taken before any other work; the strict one is counted around `authenticate`.
  const limits = deps.rateLimiting ? createRateLimits(deps.rateLimiting, deps.logger) : null;
  if (limits) {
    app.use("*", limits.perIp);
    app.use("/v1/*", limits.failedAuth);
    // Sign-up: POST /v1/patients without a token (an agent's token creates patients under the per-token budget).
    const signUp = limits.authAttempts();
    app.use("/v1/patients", (c, next) =>
      c.req.method === "POST" && c.req.header("authorization") === undefined ? signUp(c, next) : next(),
    );
  }
  const limitBody = bodyLimit({
    maxSize: deps.config.bodyLimitBytes,
    onError: (c) =>
      problemResponse(c, {
        status: 413,
        code: "payload_too_large",
        title: "Payload too large",
        detail: `The request body exceeds ${deps.config.bodyLimitBytes} bytes.`,
      }),
  });
  // Reads never carry a body worth limiting; skipping them spares building a full Request per GET.
  app.use("*", (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    // A web form over the limit: its body is dropped unread and the web page answers 413 (a page, not JSON).
    const declared = Number(c.req.header("content-length") ?? Number.NaN);
    if (!isApiPath(c.req.path) && declared > deps.config.bodyLimitBytes) {
      c.set("bodyTooLarge", true);
      c.req.raw = new Request(c.req.url, { method: c.req.method, headers: emptyFormHeaders(c.req.raw.headers) });
      return next();
    }
    return limitBody(c, next);
  });
  app.use("/v1/*", authenticate);
  if (limits) app.use("/v1/*", limits.perToken);
  app.use("/v1/*", idempotency);
}

/** The request's headers for its body dropped: an empty form (cookies and the rest kept). */
function emptyFormHeaders(headers: Headers) {
  const out = new Headers(headers);
  out.delete("content-length");
  out.set("content-type", "application/x-www-form-urlencoded");
  return out;
}

/** Builds the app. No I/O here or at import: deps are built by entries and tests. */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const errors = zodIssuesToErrors(result.target, result.error.issues);
        return problemResponse(c, {
          status: 400,
          code: "validation",
          title: "Invalid request",
          detail: `Invalid input: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}.`,
          errors,
        });
      }
    },
  });

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "`Authorization: Bearer <token>`; tokens are issued at sign-up or by an admin and stored hashed.",
  });

  app.openAPIRegistry.registerComponent("responses", "TooManyRequests", tooManyRequestsResponse);

  useEdgeMiddleware(app, deps);

  registerHealth(app);
  registerDocs(app);
  registerCatalog(app);
  registerPatients(app);
  registerCreateUser(app);
  registerConsultations(app);
  registerTariffs(app);
  registerQuotes(app);
  registerParity(app);
  registerItineraries(app);
  registerMessages(app);
  registerChangeOffers(app);
  registerPayments(app);
  registerNotificationAdmin(app);

  app.doc31("/openapi.json", OPENAPI_INFO);
  registerWeb(app);

  const routes = routeTable(app);

  app.notFound(
    notFoundHandler(routes, (c) => {
      const web = c as unknown as WebContext;
      return web.var.web ? () => notFoundPage(web) : undefined;
    }),
  );

  // The body media types each route declares, so a 415 can name the ones it accepts.
  const bodyTypes: BodyTypes[] = app.openAPIRegistry.definitions.flatMap((d) =>
    d.type === "route" && d.route.request?.body
      ? [
          {
            method: d.route.method.toUpperCase(),
            pattern: new RegExp(`^${d.route.path.replace(/\{[^}]+\}/g, "[^/]+")}/?$`),
            types: Object.keys(d.route.request.body.content),
          },
        ]
      : [],
  );

  app.onError(errorHandler(deps, bodyTypes));

  return app;
}

export type App = ReturnType<typeof createApp>;
