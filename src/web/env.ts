import type { Context } from "hono";
import type { AppEnv } from "../http/context";
import type { ServiceContext } from "../services/context";
import type { Formatters } from "./i18n/format";
import type { Locale, Translate } from "./i18n/index";

/** What every page knows about the request, set by the web middleware (src/web/app.tsx). */
export interface WebRequest {
  locale: Locale;
  t: Translate;
  fmt: Formatters;
  /** The token every form of this page carries (src/web/csrf.ts). */
  csrfToken: string;
  /** The signed-in session, or null for a visitor. */
  session: { id: string } | null;
  /** The long-cached, content-hashed address of a web asset (src/web/assets.ts), e.g. "app.css". */
  asset: (name: string) => string;
  /** Origins this page's forms may post to besides Caravan's own (the CSP's form-action), e.g. a checkout. */
  formActions: string[];
}

export interface WebEnv {
  Variables: AppEnv["Variables"] & { web: WebRequest };
}

export type WebContext = Context<WebEnv>;

/** The per-request service context of a page: the app's deps plus the signed-in actor. */
export function webServiceContext(c: WebContext): ServiceContext {
  return { ...c.get("deps"), actor: c.get("actor") };
}
