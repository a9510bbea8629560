import type { WebContext } from "./env";

/**
 * The page's Content-Security-Policy: scripts, styles, fonts, images and fetches from Caravan's own
 * origin only (no inline script or style), forms post to Caravan (plus the origins a page adds, such
 * as a payment page's checkout), never framed.
 */
export function contentSecurityPolicy(formActions: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "font-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action ${["'self'", ...formActions].join(" ")}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Security headers on every page response (set after the handler, so error and 404 pages get them too). */
export function setSecurityHeaders(c: WebContext) {
  const h = c.res.headers;
  if (!h.has("Content-Security-Policy")) {
    h.set("Content-Security-Policy", contentSecurityPolicy(c.var.web?.formActions ?? []));
  }
  h.set("X-Content-Type-Options", "nosniff");
  h.set("Referrer-Policy", "same-origin");
  h.set("X-Frame-Options", "DENY");
  h.set("Cross-Origin-Opener-Policy", "same-origin");
  h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
}
