import type { Hono } from "hono";
import { getHospital } from "../../services/catalog/catalog";
import { priceFile, priceFileCsv } from "../../services/tariffs/index";
import { type WebContext, type WebEnv, webServiceContext } from "../env";
import { fieldId } from "../ui/form";
import { Layout } from "../ui/layout";
import { TableWrap } from "../care/fields";
import { itemName, languageName } from "./labels";

const PRICES_PER_PAGE = 50;

type PriceFile = Awaited<ReturnType<typeof priceFile>>;

/** A hospital: departments, languages, international beds, and where its price list is. */
async function hospitalPage(c: WebContext) {
  const { t, fmt, locale } = c.var.web;
  const h = await getHospital({ ctx: webServiceContext(c), input: { id: c.req.param("id") ?? "" } });
  const langs = (codes: string[]) => codes.map((l) => languageName(locale, l)).join(", ");
  return c.html(
    <Layout c={c} title={h.name} styles={["care.css"]}>
      <h1>{h.name}</h1>
      <p lang="zh">{h.nameLocal}</p>
      <dl class="facts">
        <dt>{t("public.hospital.address")}</dt>
        <dd>{`${h.address}, ${h.city}, ${h.country}`}</dd>
        <dt>{t("public.hospital.languages")}</dt>
        <dd>{langs(h.languages)}</dd>
        <dt>{t("public.hospital.beds")}</dt>
        <dd>{fmt.number(h.internationalBeds)}</dd>
        <dt>{t("public.hospital.currency")}</dt>
        <dd>{h.currency}</dd>
      </dl>
      <p class="actions">
        <a class="button" href={`/consultations/new?hospital=${encodeURIComponent(h.id)}`}>
          {t("public.hospital.requestConsultation")}
        </a>
        <a href={`/hospitals/${h.id}/prices`}>{t("public.hospital.priceList")}</a>
      </p>
      <h2>{t("public.hospital.departments")}</h2>
      <TableWrap label={t("public.hospital.departments")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("public.hospital.department")}</th>
              <th scope="col">{t("public.hospital.languages")}</th>
              <th scope="col">{t("public.hospital.foreignPatients")}</th>
            </tr>
          </thead>
          <tbody>
            {h.departments.map((d) => (
              <tr>
                <th scope="row">{d.name}</th>
                <td>{langs(d.languages)}</td>
                <td>{d.servesForeignPatients ? t("public.yes") : t("public.no")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </Layout>,
  );
}

function matches(item: PriceFile["items"][number], q: string): boolean {
  if (!q) return true;
  const needle = q.toLocaleLowerCase();
  return [item.code, item.department, ...Object.values(item.name)].some((s) => s.toLocaleLowerCase().includes(needle));
}

function PriceTable({ c, items }: { c: WebContext; items: PriceFile["items"] }) {
  const { t, fmt, locale } = c.var.web;
  return (
    <TableWrap label={t("public.prices.search")}>
      <table class="prices">
        <thead>
          <tr>
            <th scope="col">{t("public.prices.code")}</th>
            <th scope="col">{t("public.prices.item")}</th>
            <th scope="col">{t("public.prices.class")}</th>
            <th scope="col">{t("public.prices.unit")}</th>
            <th scope="col" class="num">
              {t("public.prices.price")}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr>
              <td>
                <code>{i.code}</code>
              </td>
              <th scope="row">
                {itemName(locale, i.name)}
                {i.name.zh && locale !== "zh" ? <span lang="zh">{` ${i.name.zh}`}</span> : ""}
              </th>
              <td>{i.serviceClass}</td>
              <td>{i.unit}</td>
              <td class="num">{fmt.money(i.unitPrice.amount, i.unitPrice.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The public price list: the domestic tariff in force, searchable and paged, with its version and date. */
async function pricesPage(c: WebContext) {
  const { t, fmt } = c.var.web;
  const id = c.req.param("id") ?? "";
  const file = await priceFile({ ctx: webServiceContext(c), input: { hospitalId: id } });
  const q = (c.req.query("q") ?? "").trim().slice(0, 100);
  const found = file.items.filter((i) => matches(i, q));
  const pages = Math.max(1, Math.ceil(found.length / PRICES_PER_PAGE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(c.req.query("page") ?? "1", 10) || 1));
  const shown = found.slice((page - 1) * PRICES_PER_PAGE, page * PRICES_PER_PAGE);
  const link = (p: number) => `?${new URLSearchParams({ q, page: String(p) })}`;
  const v = file.tariffVersion;
  return c.html(
    <Layout c={c} title={t("public.prices.title", { hospital: file.hospital.name })} styles={["care.css"]}>
      <p>
        <a href={`/hospitals/${file.hospital.id}`}>{file.hospital.name}</a>
      </p>
      <h1>{t("public.prices.title", { hospital: file.hospital.name })}</h1>
      <p class="lead">{t("public.prices.parity")}</p>
      {v ? (
        <p>
          {t("public.prices.version", { version: v.version, from: fmt.date(v.effectiveFrom) })}
          {file.lastUpdated
            ? ` · ${t("public.prices.updated", { date: fmt.date(file.lastUpdated.slice(0, 10)) })}`
            : ""}
        </p>
      ) : (
        <p>{t("public.prices.noVersion")}</p>
      )}
      <p>
        <a href={`/hospitals/${file.hospital.id}/prices.json`} download>
          {t("public.prices.json")}
        </a>{" "}
        ·{" "}
        <a href={`/hospitals/${file.hospital.id}/prices.csv`} download>
          {t("public.prices.csv")}
        </a>
      </p>
      <form method="get" role="search" class="filter" aria-label={t("public.prices.search")}>
        <div class="field">
          <label for={fieldId("q")}>{t("public.prices.search")}</label>
          <p class="hint" id={`${fieldId("q")}-hint`}>
            {t("public.prices.searchHint")}
          </p>
          <input id={fieldId("q")} name="q" type="search" value={q} aria-describedby={`${fieldId("q")}-hint`} />
        </div>
        <button type="submit">{t("public.prices.searchButton")}</button>
      </form>
      <p role="status">{t("public.prices.count", { count: found.length, page, pages })}</p>
      <PriceTable c={c} items={shown} />
      <nav aria-label={t("public.prices.pages")} class="pager">
        {page > 1 ? (
          <a href={link(page - 1)} rel="prev">
            {t("public.prices.prev")}
          </a>
        ) : null}{" "}
        {page < pages ? (
          <a href={link(page + 1)} rel="next">
            {t("public.prices.next")}
          </a>
        ) : null}
      </nav>
    </Layout>,
  );
}

/** The same files as GET /v1/hospitals/{id}/price-file (JSON, or CSV), from the same verb. */
async function priceFileDownload(c: WebContext, format: "json" | "csv") {
  const file = await priceFile({ ctx: webServiceContext(c), input: { hospitalId: c.req.param("id") ?? "" } });
  if (format === "json") return c.json(file);
  return c.body(priceFileCsv(file), 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${file.hospital.id}-price-file.csv"`,
  });
}

export function registerHospitalPages(web: Hono<WebEnv>) {
  web.get("/hospitals/:id/prices.json", (c) => priceFileDownload(c, "json"));
  web.get("/hospitals/:id/prices.csv", (c) => priceFileDownload(c, "csv"));
  web.get("/hospitals/:id/prices", pricesPage);
  web.get("/hospitals/:id", hospitalPage);
}
