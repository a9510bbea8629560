import type { Hono, MiddlewareHandler } from "hono";
import { setCookie } from "hono/cookie";
import type { AppDeps } from "../../http/context";
import { createRateLimits } from "../../http/rate-limit";
import { setAccountLanguage } from "../../services/sessions/index";
import { type WebEnv, webServiceContext } from "../env";
import { errorPage } from "../errors";
import { isLocale } from "../i18n/index";
import { isHttps, LOCALE_COOKIE } from "../session";
import { safeNext } from "./forms";
import { registerSignIn } from "./sign-in";
import { registerSignUp } from "./sign-up";

// One limiter per deps' stores: the API's strict sign-in/sign-up budget per client address.
const limiters = new WeakMap<object, MiddlewareHandler>();

/**
 * Sign-up and sign-in attempts take from the same strict per-address budget as POST /v1/patients;
 * a refusal is a page (429, Retry-After kept) instead of problem+json.
 */
const authBudget: MiddlewareHandler<WebEnv> = async (c, next) => {
  const rl = (c.var.deps as AppDeps).rateLimiting;
  if (!rl) return next();
  let limiter = limiters.get(rl);
  if (!limiter) {
    limiter = createRateLimits(rl, c.var.deps.logger).authAttempts() as unknown as MiddlewareHandler;
    limiters.set(rl, limiter);
  }
  const res = await limiter(c, next);
  if (res instanceof Response && res.status === 429) {
    const page = await errorPage(c, 429, "auth.rateLimited.title", c.var.web.t("auth.rateLimited.body"));
    const retry = res.headers.get("retry-after");
    if (retry) page.headers.set("Retry-After", retry);
    return page;
  }
  return res;
};

/** Sign-up, sign-in (link, code, demo), sign-out and the language switcher. */
export function registerAuthPages(web: Hono<WebEnv>) {
  for (const path of ["/sign-up", "/sign-in", "/sign-in/code", "/sign-in/link/:token", "/sign-in/demo"]) {
    web.post(path, authBudget);
  }
  registerSignUp(web);
  registerSignIn(web);

  // The header's language switcher: a cookie for everyone, and the account's language when signed in.
  web.post("/language", async (c) => {
    const body = await c.req.parseBody();
    const locale = body.locale;
    if (isLocale(locale)) {
      setCookie(c, LOCALE_COOKIE, locale, {
        path: "/",
        sameSite: "Lax",
        secure: isHttps(c),
        httpOnly: true,
        maxAge: 365 * 24 * 3600,
      });
      if (c.var.actor) await setAccountLanguage({ ctx: webServiceContext(c), input: { language: locale } });
    }
    return c.redirect(safeNext(typeof body.next === "string" ? body.next : undefined, "/"), 303);
  });
}
