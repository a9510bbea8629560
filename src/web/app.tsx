import { Hono } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../http/context";
import type { WebContext, WebEnv } from "./env";
import { webErrorResponse } from "./errors";
import { formatters } from "./i18n/format";
import { fromAcceptLanguage, isLocale, translator } from "./i18n/index";
import { registerPublicPages } from "./public/index";
import { registerTripPages } from "./trips/index";

/** Paths that belong to the REST API and its docs, never to the web app. */
export function isApiPath(path: string): boolean {
  return /^\/(v1|docs|openapi\.json|health|__bench)(\/|$)/.test(path);
}

/** The language cookie a visitor's choice is kept in (a signed-in person's is also on the account). */
export const LOCALE_COOKIE = "caravan_lang";

/**
 * The web app: server-rendered pages over the same service verbs as the REST routes, mounted at
 * "/" beside /v1 and /docs. Never calls the API over HTTP.
 */
export function registerWeb(app: OpenAPIHono<AppEnv>) {
  const web = new Hono<WebEnv>();
  web.use("*", async (c, next) => {
    if (isApiPath(c.req.path)) return next();
    setWebRequest(c);
    await next();
  });
  web.onError((err, c) => webErrorResponse(err, c));
  registerPublicPages(web);
  registerTripPages(web);
  app.route("/", web as unknown as Hono<AppEnv>);
}

function setWebRequest(c: WebContext) {
  const chosen = getCookie(c, LOCALE_COOKIE);
  const locale = isLocale(chosen) ? chosen : (fromAcceptLanguage(c.req.header("accept-language")) ?? "en");
  c.set("actor", c.get("actor") ?? null);
  c.set("web", {
    locale,
    t: translator(locale),
    fmt: formatters(locale),
    csrfToken: "",
    session: null,
    asset: (name) => `/assets/${name}`,
  });
}
