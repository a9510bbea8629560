import type { AppDeps } from "../../src/http/context";
import { startSession } from "../../src/services/sessions/index";
import { SESSION_COOKIE } from "../../src/web/session";
import { CSRF_COOKIE } from "../../src/web/csrf";

/** Anything with the app and its deps, e.g. the TestApp of test/helpers/test-app.ts. */
export interface WebTestApp {
  app: { request(path: string, init?: RequestInit): Response | Promise<Response> };
  deps: AppDeps;
}

/** Demo users (db/seed/demo-users.ts) by the names the API tests use. */
export const DEMO_USERS = {
  admin: "usr_demo_admin",
  anar: "usr_demo_anar",
  alexander: "usr_demo_alexander",
  agent: "usr_demo_agent_silkroad",
  clinician: "usr_demo_clinician_xjph",
  billing: "usr_demo_billing_xjph",
  billingYiwu: "usr_demo_billing_zju4",
} as const;

/**
 * Signs a user in without the email round trip (the same service verb the sign-in pages end in)
 * and returns the Cookie header to send: `caravan_session=…`.
 */
export async function signIn(t: WebTestApp, userId: string): Promise<string> {
  const { token } = await startSession({ ctx: { ...t.deps, actor: null }, input: { userId, userAgent: "vitest" } });
  return `${SESSION_COOKIE}=${token}`;
}

/** The CSRF token a page's forms carry (the first `_csrf` hidden field, or the csrf-token meta). */
export function formToken(html: string): string {
  const m =
    /name="_csrf"[^>]*value="([^"]+)"/.exec(html) ??
    /value="([^"]+)"[^>]*name="_csrf"/.exec(html) ??
    /<meta name="csrf-token" content="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error("no CSRF token in the page");
  return m[1];
}

/** `Set-Cookie` headers of a response as name → value (an expired/deleted cookie maps to ""). */
export function setCookies(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    out[pair.slice(0, eq).trim()] = decodeURIComponent(pair.slice(eq + 1).trim());
  }
  return out;
}

/** Merges a response's cookies into a Cookie header (a deleted cookie is dropped). */
export function withCookies(cookie: string, res: Response): string {
  const jar = new Map(
    cookie
      .split(";")
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)] as const),
  );
  for (const [name, value] of Object.entries(setCookies(res))) {
    if (value === "") jar.delete(name);
    else jar.set(name, value);
  }
  return Array.from(jar, ([k, v]) => `${k}=${v}`).join("; ");
}

/**
 * GETs a page as this browser (cookie, possibly empty) and returns its CSRF token and the cookie
 * header to post with (a visitor gets its `caravan_csrf` cookie here).
 */
export async function openForm(
  t: WebTestApp,
  path: string,
  cookie = "",
  headers: Record<string, string> = {},
): Promise<{ html: string; token: string; cookie: string; res: Response }> {
  const res = await t.app.request(path, { headers: { ...headers, ...(cookie ? { cookie } : {}) } });
  const html = await res.text();
  return { html, token: formToken(html), cookie: withCookies(cookie, res), res };
}

/** POSTs a form (urlencoded) as a browser would, with the CSRF token unless `_csrf` is given. */
export async function postForm(
  t: WebTestApp,
  path: string,
  fields: Record<string, string | string[]>,
  opts: { cookie: string; token?: string; headers?: Record<string, string> },
): Promise<Response> {
  const body = new URLSearchParams();
  if (opts.token !== undefined && !("_csrf" in fields)) body.append("_csrf", opts.token);
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return t.app.request(path, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.headers ?? {}),
    },
    body: body.toString(),
  });
}

export { CSRF_COOKIE, SESSION_COOKIE };
