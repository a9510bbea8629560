import type { Hono } from "hono";
import { getHospital } from "../../../services/catalog/catalog";
import { TariffItemsQuerySchema } from "../../../services/tariffs/schemas";
import { consoleTariffVersion, consoleTariffVersions } from "../../../services/tariffs/index";
import { type WebContext, type WebEnv, webServiceContext } from "../../env";
import { notFoundPage } from "../../errors";
import type { MessageKey } from "../../i18n/index";
import { departmentLabel, itemName } from "../../public/labels";
import { TableWrap } from "../../ui/components";
import { ConsolePage } from "../nav";

const STATUS_KEYS: Record<string, MessageKey> = {
  in_force: "tariffs.status.inForce",
  scheduled: "tariffs.status.scheduled",
  superseded: "tariffs.status.superseded",
};

/** The hospital's name for the console header; an unknown id is a 404 like the verbs answer. */
export async function hospitalNamed(c: WebContext, id: string) {
  const h = await getHospital({ ctx: webServiceContext(c), input: { id } });
  return { id: h.id, name: h.name };
}

async function versionsPage(c: WebContext) {
  const id = c.req.param("id")!;
  const list = await consoleTariffVersions({ ctx: webServiceContext(c), input: { hospitalId: id } });
  const hospital = await hospitalNamed(c, id);
  const { t, fmt } = c.var.web;
  return c.html(
    <ConsolePage c={c} title={t("tariffs.list.title")} hospital={hospital} current="tariffs">
      <h1>{t("tariffs.list.title")}</h1>
      <p class="actions">
        <a class="button" href={`/hospital/${id}/tariffs/new`}>
          {t("tariffs.list.publish")}
        </a>
      </p>
      <TableWrap label={t("tariffs.list.title")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("tariffs.version")}</th>
              <th scope="col">{t("tariffs.effectiveFrom")}</th>
              <th scope="col">{t("tariffs.status")}</th>
              <th scope="col" class="num">
                {t("tariffs.itemCount")}
              </th>
              <th scope="col">{t("tariffs.publishedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((v) => (
              <tr>
                <th scope="row">
                  <a href={`/hospital/${id}/tariffs/${v.version}`}>{t("tariffs.versionN", { version: v.version })}</a>
                </th>
                <td>{fmt.date(v.effectiveFrom)}</td>
                <td>
                  <strong class={`tag tag-${v.status === "in_force" ? "confirmed" : "draft"}`}>
                    {t(STATUS_KEYS[v.status]!)}
                  </strong>
                </td>
                <td class="num">{fmt.number(v.itemCount)}</td>
                <td>{fmt.dateTime(v.publishedAt, "UTC")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </ConsolePage>,
  );
}

function Pager({ c, base, page, pages, q }: { c: WebContext; base: string; page: number; pages: number; q: string }) {
  const { t } = c.var.web;
  const href = (p: number) => `${base}?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <nav aria-label={t("tariffs.items.pages")}>
      <p class="actions">
        {page > 1 ? <a href={href(page - 1)}>{t("tariffs.items.previous")}</a> : null}
        <span>{t("tariffs.items.pageOf", { page, pages })}</span>
        {page < pages ? <a href={href(page + 1)}>{t("tariffs.items.next")}</a> : null}
      </p>
    </nav>
  );
}

async function versionPage(c: WebContext) {
  const id = c.req.param("id")!;
  const number = Number(c.req.param("version"));
  const query = TariffItemsQuerySchema.safeParse(c.req.query());
  if (!Number.isSafeInteger(number) || number < 1 || !query.success) return notFoundPage(c);
  const ctx = webServiceContext(c);
  const v = await consoleTariffVersion({ ctx, input: { hospitalId: id, version: number, ...query.data } });
  const hospital = await hospitalNamed(c, id);
  const { t, fmt, locale } = c.var.web;
  const base = `/hospital/${id}/tariffs/${v.version}`;
  const published = c.req.query("published");
  return c.html(
    <ConsolePage c={c} title={t("tariffs.versionN", { version: v.version })} hospital={hospital} current="tariffs">
      {published ? (
        <p class="notice ok" role="status">
          {t(published === "again" ? "tariffs.published.again" : "tariffs.published.new", { version: v.version })}
        </p>
      ) : null}
      <h1>{t("tariffs.versionN", { version: v.version })}</h1>
      <dl class="facts">
        <dt>{t("tariffs.effectiveFrom")}</dt>
        <dd>{fmt.date(v.effectiveFrom)}</dd>
        <dt>{t("tariffs.status")}</dt>
        <dd>{t(STATUS_KEYS[v.status]!)}</dd>
        <dt>{t("tariffs.itemCount")}</dt>
        <dd>{fmt.number(v.itemCount)}</dd>
      </dl>
      <form method="get" action={base} role="search">
        <div class="field">
          <label for="f-q">{t("tariffs.items.search")}</label>
          <input id="f-q" name="q" type="search" value={v.q} />
        </div>
        <button type="submit">{t("tariffs.items.searchButton")}</button>
      </form>
      <p role="status">{t("tariffs.items.matching", { count: v.matching })}</p>
      <TableWrap label={t("tariffs.items.title")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("tariffs.code")}</th>
              <th scope="col">{t("tariffs.name")}</th>
              <th scope="col">{t("tariffs.department")}</th>
              <th scope="col">{t("tariffs.serviceClass")}</th>
              <th scope="col">{t("tariffs.unit")}</th>
              <th scope="col" class="num">
                {t("tariffs.unitPrice")}
              </th>
            </tr>
          </thead>
          <tbody>
            {v.items.map((i) => (
              <tr>
                <th scope="row">
                  <code>{i.code}</code>
                </th>
                <td>{itemName(locale, i.name)}</td>
                <td>{departmentLabel(t, i.department)}</td>
                <td>{i.serviceClass}</td>
                <td>{i.unit}</td>
                <td class="num">{fmt.money(i.unitPrice.amount, i.unitPrice.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Pager c={c} base={base} page={v.page} pages={v.pages} q={v.q} />
      <p>
        <a href={`/hospital/${id}/tariffs`}>{t("tariffs.back")}</a>
      </p>
    </ConsolePage>,
  );
}

export function registerTariffVersionPages(web: Hono<WebEnv>) {
  web.get("/hospital/:id/tariffs", (c) => versionsPage(c));
  web.get("/hospital/:id/tariffs/:version{[0-9]+}", (c) => versionPage(c));
}
