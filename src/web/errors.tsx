import { ForbiddenError, NotFoundError, ServiceError, UnauthorizedError } from "../services/errors";
import type { WebContext } from "./env";
import type { MessageKey } from "./i18n/index";
import { refusalKey } from "./refusals";
import { Layout } from "./ui/layout";

/**
 * A plain error page in the user's language. `detail` is the service's own reason (written in
 * English): shown as it is, marked as English, under the page's explanation.
 */
export function errorPage(
  c: WebContext,
  status: 400 | 403 | 404 | 409 | 412 | 413 | 422 | 429 | 500 | 503,
  title: MessageKey,
  body: string,
  detail?: string,
) {
  const { t, locale } = c.var.web;
  c.status(status);
  return c.html(
    <Layout c={c} title={t(title)}>
      <h1>{t(title)}</h1>
      <p>{body}</p>
      {detail && locale !== "en" ? (
        <p class="detail">
          {t("error.detail")} <span lang="en">{detail}</span>
        </p>
      ) : null}
      {detail && locale === "en" ? <p class="detail">{detail}</p> : null}
      <p>
        <a href="/">{t("error.back")}</a>
      </p>
    </Layout>,
  );
}

export function notFoundPage(c: WebContext) {
  return errorPage(c, 404, "error.notFound.title", c.var.web.t("error.notFound.body"));
}

/**
 * A service refusal no page handled itself: others' objects are 404 exactly as in the API; a
 * visitor is sent to sign in; other refusals are an error page saying why. Forms catch their own
 * validation errors to re-show the form with each field's message.
 */
export function webErrorResponse(err: Error, c: WebContext) {
  if (err instanceof UnauthorizedError) {
    const here = new URL(c.req.url);
    return c.redirect(`/sign-in?next=${encodeURIComponent(here.pathname + here.search)}`, 303);
  }
  if (err instanceof NotFoundError) return notFoundPage(c);
  const { t } = c.var.web;
  if (err instanceof ForbiddenError)
    return errorPage(c, 403, "error.forbidden.title", t("error.forbidden.body"), err.message);
  if (err instanceof ServiceError) {
    const busy = err.code === "busy_retry";
    const [title, body] = busy
      ? (["error.busy.title", "error.busy.body"] as const)
      : (["error.conflict.title", "error.conflict.body"] as const);
    // A refusal pages know by its code says why in the page's language (src/web/refusals.tsx).
    const known = refusalKey(err.code);
    if (known) return errorPage(c, 409, title, t(known));
    return errorPage(c, busy ? 503 : 409, title, t(body), err.message);
  }
  c.var.deps.logger.error("unhandled page error", {
    requestId: c.var.requestId,
    path: c.req.path,
    error: `${err.name}: ${err.message}`,
    stack: err.stack?.split("\n").slice(0, 6).join(" | "),
  });
  return errorPage(c, 500, "error.generic.title", c.var.web.t("error.generic.body", { requestId: c.var.requestId }));
}
