import { Hono } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../http/context";
import type { WebContext, WebEnv } from "./env";
import { registerAssets, webAssets } from "./assets";
import { csrfTokenFor, isUnsafeMethod, sameToken, submittedCsrfToken } from "./csrf";
import { errorPage, webErrorResponse } from "./errors";
import { clearSessionCookie, LOCALE_COOKIE, sessionToken, setSessionCookie } from "./session";
import { sessionActor } from "../services/sessions/index";
import { setSecurityHeaders } from "./security";
import { formatters } from "./i18n/format";
import { fromAcceptLanguage, isLocale, translator } from "./i18n/index";
import { registerPublicPages } from "./public/index";
import { registerAuthPages } from "./auth/index";
import { registerAccountPages } from "./account/index";
import { registerCarePages } from "./care/index";
import { checkoutFormAction, registerTripPages } from "./trips/index";
import { registerMessagePages } from "./messages/index";
import { registerParityPages } from "./hospital/parity/index";
import { registerConsultationConsole } from "./hospital/consultations/index";
import { registerOfferPages } from "./offers/index";
import { registerAgentPages } from "./agent/index";
import { registerHospitalConsole } from "./hospital/index";
import { registerTariffPages } from "./hospital/tariffs/index";
import { answersTooLargeItself, registerConsoleAccess, tooLargeMessage } from "./hospital/access";

/** Paths that belong to the REST API and its docs, never to the web app. */
export function isApiPath(path: string): boolean {
  return /^\/(v1|docs|openapi\.json|health)(\/|$)/.test(path);
}

export { LOCALE_COOKIE };

/**
 * The web app: server-rendered pages over the same service verbs as the REST routes, mounted at
 * "/" beside /v1 and /docs. Never calls the API over HTTP.
 */
export function registerWeb(app: OpenAPIHono<AppEnv>) {
  const web = new Hono<WebEnv>();
  registerAssets(web);
  web.use("*", async (c, next) => {
    if (isApiPath(c.req.path)) return next();
    await setWebRequest(c);
    if (c.var.bodyTooLarge && !answersTooLargeItself(c.req.path)) {
      // Over the body limit (src/app.ts dropped the body): the API's 413 as a page.
      c.res = await errorPage(c, 413, "console.tooLarge.title", tooLargeMessage(c));
    } else if (c.var.bodyTooLarge) {
      // An upload form answers itself with the message beside its file field; nothing of the body was read.
      await next();
    } else if (isUnsafeMethod(c.req.method) && !sameToken(await submittedCsrfToken(c), c.var.web.csrfToken)) {
      c.res = await errorPage(c, 403, "auth.csrf.title", c.var.web.t("auth.csrf.body"));
    } else {
      await next();
    }
    setSecurityHeaders(c);
  });
  web.onError((err, c) => webErrorResponse(err, c));
  registerPublicPages(web);
  registerAuthPages(web);
  registerAccountPages(web);
  registerCarePages(web);
  registerTripPages(web);
  registerMessagePages(web);
  registerConsoleAccess(web);
  registerParityPages(web);
  registerConsultationConsole(web);
  registerOfferPages(web);
  registerAgentPages(web);
  registerHospitalConsole(web);
  registerTariffPages(web);
  app.route("/", web as unknown as Hono<AppEnv>);
}

/**
 * Who is asking (the session cookie's actor: the same `Actor` the API builds from a bearer token),
 * in which language (the visitor's choice, the account's, the browser's), with which CSRF token.
 */
async function setWebRequest(c: WebContext) {
  const deps = c.var.deps;
  const assets = await webAssets(deps.assets);
  const token = sessionToken(c);
  const found = token ? await sessionActor({ ctx: { ...deps, actor: null }, input: { token } }) : null;
  if (token && !found) clearSessionCookie(c);
  // Sliding expiry: when the server extends the session, the browser's cookie lives as long again.
  if (token && found?.renewed) setSessionCookie(c, token);
  c.set("actor", found?.actor ?? null);
  const chosen = getCookie(c, LOCALE_COOKIE);
  const account = found?.language;
  const locale = isLocale(chosen)
    ? chosen
    : isLocale(account)
      ? account
      : (fromAcceptLanguage(c.req.header("accept-language")) ?? "en");
  c.set("web", {
    locale,
    t: translator(locale),
    fmt: formatters(locale),
    csrfToken: csrfTokenFor(c),
    session: found ? { id: found.session.id } : null,
    asset: (name) => assets.url(name),
    // Card payment posts on to the hosted checkout page: its origin joins the CSP form-action.
    formActions: checkoutFormAction(deps),
  });
}
