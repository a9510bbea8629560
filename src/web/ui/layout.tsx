import type { Child } from "hono/jsx";
import type { WebContext } from "../env";
import { LOCALES } from "../i18n/index";

const LANGUAGE_NAMES = { en: "English", ru: "Русский", zh: "中文", kk: "Қазақша" } as const;

/** htmx under the CSP: no inline indicator styles, no eval, no script tags in swapped content. */
const HTMX_CONFIG = JSON.stringify({ includeIndicatorStyles: false, allowEval: false, allowScriptTags: false });

export interface PageProps {
  /** What the page is; the layout adds the product's name. */
  title: string;
  /** Extra stylesheets and scripts this page needs, by asset name (e.g. "trip.css", "countdown.js"). */
  styles?: string[];
  scripts?: string[];
}

/** The one layout: header (product, language switcher, who is signed in), main, footer. */
export function Layout({
  c,
  title,
  styles = [],
  scripts = [],
  children,
}: PageProps & { c: WebContext; children?: Child }) {
  const { t, locale, csrfToken } = c.var.web;
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — ${t("app.name")}`}</title>
        <link rel="icon" type="image/svg+xml" href={c.var.web.asset("icon.svg")} />
        <link rel="stylesheet" href={c.var.web.asset("app.css")} />
        {styles.map((name) => (
          <link rel="stylesheet" href={c.var.web.asset(name)} />
        ))}
        {csrfToken ? <meta name="csrf-token" content={csrfToken} /> : null}
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <script src={c.var.web.asset("htmx.min.js")} defer />
        <script src={c.var.web.asset("app.js")} defer />
        {scripts.map((name) => (
          <script type="module" src={c.var.web.asset(name)} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t("nav.skip")}
        </a>
        <SiteHeader c={c} />
        <main id="main" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>{t("footer.parity")}</p>
          <p>
            <a href="/docs">{t("nav.api")}</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

/** The site header: product, navigation (who is signed in), language switcher. */
function SiteHeader({ c }: { c: WebContext }) {
  const { t, locale, csrfToken } = c.var.web;
  const actor = c.var.actor;
  const here = new URL(c.req.url);
  return (
    <header class="site-header">
      <a class="brand" href="/">
        {t("app.name")}
      </a>
      <nav aria-label={t("nav.me")}>
        <ul>
          <li>
            <a href="/">{t("nav.findCare")}</a>
          </li>
          {actor ? (
            <>
              <li>
                <a href="/me">{t("nav.me")}</a>
              </li>
              <li class="who">{t("nav.signedInAs", { name: actor.displayName })}</li>
              <li>
                <form method="post" action="/sign-out">
                  <input type="hidden" name="_csrf" value={csrfToken} />
                  <button type="submit" class="link">
                    {t("nav.signOut")}
                  </button>
                </form>
              </li>
            </>
          ) : (
            <>
              <li>
                <a href="/sign-in">{t("nav.signIn")}</a>
              </li>
              <li>
                <a href="/sign-up">{t("nav.signUp")}</a>
              </li>
            </>
          )}
        </ul>
      </nav>
      <form class="lang" method="post" action="/language">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <input type="hidden" name="next" value={here.pathname + here.search} />
        <label for="lang-select">{t("nav.language")}</label>
        <select id="lang-select" name="locale">
          {LOCALES.map((l) => (
            <option value={l} selected={l === locale} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
        <button type="submit">{t("lang.change")}</button>
      </form>
    </header>
  );
}
