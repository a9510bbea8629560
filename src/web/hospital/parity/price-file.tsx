import type { Hono } from "hono";
import { billingPriceFile } from "../../../services/parity/index";
import { type WebContext, type WebEnv, webServiceContext } from "../../env";
import { departmentLabel, itemName } from "../../public/labels";
import { TableWrap } from "../../ui/components";
import { ConsolePage } from "../nav";

const ITEMS_PER_PAGE = 100;

type PriceFile = Awaited<ReturnType<typeof billingPriceFile>>;

function Facts({ c, file }: { c: WebContext; file: PriceFile }) {
  const { t, fmt } = c.var.web;
  const v = file.tariffVersion;
  const zone = file.hospital.zone;
  return (
    <dl class="facts" id="price-file-facts">
      <dt>{t("priceFile.version")}</dt>
      <dd data-fact="version">{v ? String(v.version) : t("priceFile.noVersion")}</dd>
      <dt>{t("priceFile.effectiveFrom")}</dt>
      <dd>{v ? fmt.date(v.effectiveFrom) : "—"}</dd>
      <dt>{t("priceFile.publishedAt")}</dt>
      <dd>{v ? fmt.dateTime(v.publishedAt, zone) : "—"}</dd>
      <dt>{t("priceFile.lastUpdated")}</dt>
      <dd data-fact="lastUpdated">{file.lastUpdated ? fmt.dateTime(file.lastUpdated, zone) : "—"}</dd>
      <dt>{t("priceFile.asOf")}</dt>
      <dd>{fmt.date(file.asOfDate)}</dd>
      <dt>{t("priceFile.items")}</dt>
      <dd data-fact="items">{fmt.number(file.items.length)}</dd>
      <dt>{t("priceFile.currency")}</dt>
      <dd>{file.currency}</dd>
    </dl>
  );
}

function Items({ c, items, currency }: { c: WebContext; items: PriceFile["items"]; currency: string }) {
  const { t, fmt, locale } = c.var.web;
  return (
    <TableWrap label={t("priceFile.itemsTitle")}>
      <table id="price-file-items">
        <thead>
          <tr>
            <th scope="col">{t("parity.col.code")}</th>
            <th scope="col">{t("priceFile.col.name")}</th>
            <th scope="col">{t("priceFile.col.department")}</th>
            <th scope="col">{t("priceFile.col.class")}</th>
            <th scope="col">{t("priceFile.col.unit")}</th>
            <th scope="col" class="num">
              {t("priceFile.col.price")}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr data-code={i.code}>
              <th scope="row">
                <code>{i.code}</code>
              </th>
              <td>{itemName(locale, i.name)}</td>
              <td>{departmentLabel(t, i.department)}</td>
              <td>{i.serviceClass}</td>
              <td>{i.unit}</td>
              <td class="num">{fmt.money(i.unitPrice.amount, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The human page of the machine-readable price file: what it says, and where the files are. */
async function priceFilePage(c: WebContext) {
  const { t, fmt } = c.var.web;
  const file = await billingPriceFile({ ctx: webServiceContext(c), input: { hospitalId: c.req.param("id") ?? "" } });
  const id = encodeURIComponent(file.hospital.id);
  const pages = Math.max(1, Math.ceil(file.items.length / ITEMS_PER_PAGE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(c.req.query("page") ?? "1", 10) || 1));
  const shown = file.items.slice((page - 1) * ITEMS_PER_PAGE, page * ITEMS_PER_PAGE);
  return c.html(
    <ConsolePage c={c} title={t("priceFile.title")} hospital={file.hospital} current="price-file">
      <h1>{t("priceFile.title")}</h1>
      <p class="lead">{t("priceFile.lead")}</p>
      <Facts c={c} file={file} />
      <ul id="price-file-links">
        <li>
          <a href={`/hospitals/${id}/prices.json`} download>
            {t("priceFile.json")}
          </a>
        </li>
        <li>
          <a href={`/hospitals/${id}/prices.csv`} download>
            {t("priceFile.csv")}
          </a>
        </li>
        <li>
          <a href={`/v1/hospitals/${id}/price-file`}>{t("priceFile.api")}</a>
        </li>
        <li>
          <a href={`/hospitals/${id}/prices`}>{t("priceFile.public")}</a>
        </li>
      </ul>
      {file.upcomingVersions.length > 0 ? (
        <>
          <h2>{t("priceFile.upcoming")}</h2>
          <ul id="price-file-upcoming">
            {file.upcomingVersions.map((u) => (
              <li>{t("priceFile.upcomingItem", { version: u.version, date: fmt.date(u.effectiveFrom) })}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t("priceFile.itemsTitle")}</h2>
      <p role="status">{t("priceFile.page", { page, pages })}</p>
      <Items c={c} items={shown} currency={file.currency} />
      <nav aria-label={t("priceFile.pages")} class="pager">
        {page > 1 ? (
          <a href={`?page=${page - 1}`} rel="prev">
            {t("parity.lines.prev")}
          </a>
        ) : null}{" "}
        {page < pages ? (
          <a href={`?page=${page + 1}`} rel="next">
            {t("parity.lines.next")}
          </a>
        ) : null}
      </nav>
    </ConsolePage>,
  );
}

export function registerPriceFilePage(web: Hono<WebEnv>) {
  web.get("/hospital/:id/price-file", priceFilePage);
}
