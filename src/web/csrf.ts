import { getCookie, setCookie } from "hono/cookie";
import { hashToken, newToken } from "../ports/crypto";
import type { WebContext } from "./env";
import { isHttps, sessionToken } from "./session";

/** A visitor's (not signed in) random secret the CSRF token is derived from. */
export const CSRF_COOKIE = "caravan_csrf";
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "X-CSRF-Token";

/**
 * The CSRF token of this browser: a hash of a secret only the browser's HttpOnly cookie holds —
 * the session token when signed in (so it changes at every sign-in), else a visitor secret, set
 * here when missing. A page on another site can neither read nor compute it.
 */
export function csrfTokenFor(c: WebContext): string {
  const base = sessionToken(c) ?? visitorSecret(c);
  return hashToken(`caravan csrf v1:${base}`);
}

function visitorSecret(c: WebContext): string {
  const existing = getCookie(c, CSRF_COOKIE);
  if (existing && existing.length >= 20 && existing.length <= 200) return existing;
  const fresh = newToken();
  setCookie(c, CSRF_COOKIE, fresh, { path: "/", httpOnly: true, sameSite: "Lax", secure: isHttps(c) });
  return fresh;
}

export function isUnsafeMethod(method: string): boolean {
  return method !== "GET" && method !== "HEAD" && method !== "OPTIONS";
}

/** The token a request sent: the form's hidden field, or htmx's header. */
export async function submittedCsrfToken(c: WebContext): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  const type = c.req.header("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return undefined;
  const body = await c.req.parseBody();
  const value = body[CSRF_FIELD];
  return typeof value === "string" ? value : undefined;
}

/** Compares without an early exit, so timing says nothing about how much matched. */
export function sameToken(a: string | undefined, b: string): boolean {
  if (a === undefined || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
