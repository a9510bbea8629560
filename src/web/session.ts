import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { SESSION_IDLE_MS } from "../services/sessions/index";
import type { WebContext } from "./env";

/** The cookie a signed-in browser carries: a random token, stored server-side only as its hash. */
export const SESSION_COOKIE = "caravan_session";

/** The language cookie a visitor's choice is kept in (a signed-in person's is also on the account). */
export const LOCALE_COOKIE = "caravan_lang";

/** HTTPS as the browser sees it: the URL's scheme, or the proxy's X-Forwarded-Proto in front of us. */
export function isHttps(c: WebContext): boolean {
  const forwarded = c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  return new URL(c.req.url).protocol === "https:";
}

export function sessionToken(c: WebContext): string | undefined {
  const v = getCookie(c, SESSION_COOKIE);
  return v && v.length <= 200 ? v : undefined;
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure behind HTTPS, for as long as the session may live. */
export function setSessionCookie(c: WebContext, token: string) {
  setCookie(c, SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: isHttps(c),
    maxAge: Math.floor(SESSION_IDLE_MS / 1000),
  });
}

export function clearSessionCookie(c: WebContext) {
  deleteCookie(c, SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "Lax", secure: isHttps(c) });
}
