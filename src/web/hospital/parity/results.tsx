import type { ParityOverview } from "../../../services/parity/index";
import type { WebContext } from "../../env";
import type { MessageKey } from "../../i18n/index";
import { departmentLabel } from "../../public/labels";
import { TableWrap } from "../../ui/components";
import { DeviationChart, DeviationTable, periodsOf } from "./chart";

/** The report's totals, each number with its name (the same numbers as the API report's summary). */
function Summary({ c, o }: { c: WebContext; o: ParityOverview }) {
  const { t, fmt } = c.var.web;
  const s = o.summary;
  const rows: [string, MessageKey, string][] = [
    ["lines", "parity.summary.lines", fmt.number(s.lines)],
    ["parity", "parity.summary.parity", fmt.number(s.parity)],
    ["overcharge", "parity.summary.over", fmt.number(s.overcharge)],
    ["undercharge", "parity.summary.under", fmt.number(s.undercharge)],
    ["unknownCode", "parity.summary.unknown", fmt.number(s.unknownCode)],
    ["noTariffInForce", "parity.summary.noTariff", fmt.number(s.noTariffInForce)],
    ["premiumClassLines", "parity.summary.premium", fmt.number(s.premiumClassLines)],
    ["totalCharged", "parity.summary.charged", fmt.money(s.totalCharged, o.meta.currency)],
    ["totalDomestic", "parity.summary.domestic", fmt.money(s.totalDomestic, o.meta.currency)],
    ["totalDeviation", "parity.summary.deviation", fmt.money(s.totalDeviation, o.meta.currency)],
  ];
  return (
    <section aria-labelledby="parity-summary-title">
      <h2 id="parity-summary-title">{t("parity.summary.title")}</h2>
      <p>
        <strong class={`tag ${s.verdict === "parity" ? "tag-confirmed" : "tag-cancelled"}`} id="parity-verdict">
          {t(s.verdict === "parity" ? "parity.verdict.parity" : "parity.verdict.violations")}
        </strong>
      </p>
      <dl class="facts" id="parity-summary">
        {rows.map(([name, key, value]) => (
          <>
            <dt>{t(key)}</dt>
            <dd data-summary={name}>{value}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}

const VERDICT_KEYS: Record<string, MessageKey> = {
  overcharge: "parity.verdict.overcharge",
  undercharge: "parity.verdict.undercharge",
  unknown_code: "parity.verdict.unknown_code",
  no_tariff_in_force: "parity.verdict.no_tariff_in_force",
};

/** The lines not at parity, one page of them, each linked to its quote. */
function Deviating({ c, o, link }: { c: WebContext; o: ParityOverview; link: (page: number) => string }) {
  const { t, fmt } = c.var.web;
  const { lines, total, page, pages } = o.deviating;
  const money = (n: number | null) => (n === null ? "—" : fmt.money(n, o.meta.currency));
  return (
    <section aria-labelledby="parity-lines-title">
      <h2 id="parity-lines-title">{t("parity.lines.title")}</h2>
      <p role="status">{t("parity.lines.count", { count: fmt.number(total), page, pages })}</p>
      {lines.length > 0 ? (
        <TableWrap label={t("parity.lines.title")}>
          <table id="parity-lines">
            <thead>
              <tr>
                <th scope="col">{t("parity.col.quote")}</th>
                <th scope="col">{t("parity.col.date")}</th>
                <th scope="col">{t("parity.col.code")}</th>
                <th scope="col" class="num">
                  {t("parity.col.quantity")}
                </th>
                <th scope="col" class="num">
                  {t("parity.col.charged")}
                </th>
                <th scope="col" class="num">
                  {t("parity.col.domestic")}
                </th>
                <th scope="col" class="num">
                  {t("parity.col.deviation")}
                </th>
                <th scope="col">{t("parity.col.verdict")}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr data-quote={l.quoteId} data-line={l.lineNo}>
                  <th scope="row">
                    <a href={`/quotes/${encodeURIComponent(l.quoteId)}`}>{`${l.quoteId} · ${l.lineNo}`}</a>
                  </th>
                  <td>{fmt.date(l.serviceDate)}</td>
                  <td>
                    <code>{l.code}</code>
                    <br />
                    <small>{`${departmentLabel(t, l.department)} · ${l.serviceClass}`}</small>
                  </td>
                  <td class="num">{fmt.number(l.quantity)}</td>
                  <td class="num">{money(l.chargedUnitPrice)}</td>
                  <td class="num">{money(l.domesticUnitPrice)}</td>
                  <td class="num">{money(l.deviation)}</td>
                  <td>
                    <strong class={`tag ${l.verdict === "overcharge" ? "tag-cancelled" : "tag-held"}`}>
                      {t(VERDICT_KEYS[l.verdict] ?? "parity.verdict.violations")}
                    </strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <nav aria-label={t("parity.lines.pages")} class="pager">
        {page > 1 ? (
          <a href={link(page - 1)} rel="prev">
            {t("parity.lines.prev")}
          </a>
        ) : null}{" "}
        {page < pages ? (
          <a href={link(page + 1)} rel="next">
            {t("parity.lines.next")}
          </a>
        ) : null}
      </nav>
    </section>
  );
}

/** Everything the report found: summary, chart (and its table), the deviating lines. */
export function ParityResults(p: { c: WebContext; o: ParityOverview; link: (page: number) => string; zone: string }) {
  const { c, o, link } = p;
  const periods = periodsOf(o.days, o.meta.from, o.meta.to);
  return (
    <>
      <p id="parity-generated">
        {c.var.web.t("parity.generated", { time: c.var.web.fmt.dateTime(o.meta.generatedAt, p.zone) })}
      </p>
      <Summary c={c} o={o} />
      <section aria-labelledby="parity-chart-heading">
        <h2 id="parity-chart-heading">{c.var.web.t("parity.chart.heading")}</h2>
        <DeviationChart c={c} periods={periods} from={o.meta.from} to={o.meta.to} currency={o.meta.currency} />
        <DeviationTable c={c} periods={periods} currency={o.meta.currency} />
      </section>
      <Deviating c={c} o={o} link={link} />
    </>
  );
}
