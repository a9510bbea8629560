import { requireConsole } from "../../services/agent/policy";
import { type WebContext, webServiceContext } from "../env";

/** Every console page starts here: agents and admins only (others: the 403 page, visitors: sign in). */
export function consoleContext(c: WebContext) {
  const ctx = webServiceContext(c);
  requireConsole(ctx);
  return ctx;
}

/** The console's own navigation, on every console page. */
export function AgentNav({ c }: { c: WebContext }) {
  const { t } = c.var.web;
  return (
    <nav class="trip-actions" aria-label={t("agent.nav.label")}>
      <ul>
        <li>
          <a href="/agent">{t("agent.nav.queue")}</a>
        </li>
        <li>
          <a href="/agent/patients">{t("agent.nav.patients")}</a>
        </li>
        <li>
          <a href="/agent/patients/new">{t("agent.nav.newPatient")}</a>
        </li>
      </ul>
    </nav>
  );
}

/** Previous / next links of a bounded page, keeping the other query parameters. */
export function Pager(p: { c: WebContext; path: string; page: number; hasMore: boolean }) {
  const { t } = p.c.var.web;
  const href = (page: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(p.c.req.query())) if (k !== "page" && v) q.set(k, v);
    q.set("page", String(page));
    return `${p.path}?${q.toString()}`;
  };
  if (p.page <= 1 && !p.hasMore) return null;
  return (
    <nav class="pager" aria-label={t("agent.page.nav")}>
      <ul>
        {p.page > 1 ? (
          <li>
            <a href={href(p.page - 1)} rel="prev">
              {t("agent.page.previous")}
            </a>
          </li>
        ) : null}
        {p.hasMore ? (
          <li>
            <a href={href(p.page + 1)} rel="next">
              {t("agent.page.next")}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** A query parameter, trimmed; undefined when absent or empty. */
export function query(c: WebContext, name: string): string | undefined {
  const v = c.req.query(name)?.trim();
  return v ? v : undefined;
}
