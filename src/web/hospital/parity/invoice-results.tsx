import type { parityChecks } from "../../../services/parity/index";
import type { WebContext } from "../../env";
import type { MessageKey } from "../../i18n/index";
import { departmentLabel } from "../../public/labels";
import { TableWrap } from "../../ui/components";
import { Form } from "../../ui/form";

type CheckResult = Awaited<ReturnType<typeof parityChecks>>;

/** Lines shown on the page; the CSV download has every line. */
export const SHOWN_CHECK_LINES = 1_000;

const VERDICT: Record<string, { key: MessageKey; tag: string }> = {
  parity: { key: "parity.verdict.parity", tag: "tag-confirmed" },
  overcharge: { key: "parity.verdict.overcharge", tag: "tag-cancelled" },
  undercharge: { key: "parity.verdict.undercharge", tag: "tag-held" },
  unknown_code: { key: "parity.verdict.unknown_code", tag: "tag-held" },
  no_tariff_in_force: { key: "parity.verdict.no_tariff_in_force", tag: "tag-held" },
};

function CheckSummary({ c, r }: { c: WebContext; r: CheckResult }) {
  const { t, fmt } = c.var.web;
  const s = r.summary;
  return (
    <dl class="facts" id="invoice-summary">
      <dt>{t("parity.summary.lines")}</dt>
      <dd data-summary="lines">{fmt.number(s.lines)}</dd>
      <dt>{t("parity.summary.parity")}</dt>
      <dd data-summary="parity">{fmt.number(s.parity)}</dd>
      <dt>{t("parity.summary.over")}</dt>
      <dd data-summary="overcharge">{fmt.number(s.overcharge)}</dd>
      <dt>{t("parity.summary.under")}</dt>
      <dd data-summary="undercharge">{fmt.number(s.undercharge)}</dd>
      <dt>{t("parity.summary.unknown")}</dt>
      <dd data-summary="unknownCode">{fmt.number(s.unknownCode)}</dd>
      <dt>{t("parity.summary.deviation")}</dt>
      <dd data-summary="totalDeviation">{fmt.money(s.totalDeviation, r.currency)}</dd>
    </dl>
  );
}

/** Each line's verdict (the first `SHOWN_CHECK_LINES`), the summary, and the CSV download. */
export function CheckResults({ c, r, csv }: { c: WebContext; r: CheckResult; csv: string }) {
  const { t, fmt } = c.var.web;
  const money = (n: number | null) => (n === null ? "—" : fmt.money(n, r.currency));
  const shown = r.results.slice(0, SHOWN_CHECK_LINES);
  return (
    <section aria-labelledby="invoice-results-title">
      <h2 id="invoice-results-title">{t("invoice.results")}</h2>
      <CheckSummary c={c} r={r} />
      <Form c={c} action={`${c.req.path.replace(/\.csv$/, "")}.csv`} enctype="multipart/form-data">
        <input type="hidden" name="csv" value={csv} />
        <button type="submit" id="invoice-download">
          {t("invoice.download")}
        </button>
      </Form>
      {shown.length < r.results.length ? (
        <p>{t("invoice.shown", { shown: shown.length, total: r.results.length })}</p>
      ) : null}
      <TableWrap label={t("invoice.results")}>
        <table id="invoice-lines">
          <thead>
            <tr>
              <th scope="col">{t("invoice.col.line")}</th>
              <th scope="col">{t("parity.col.code")}</th>
              <th scope="col">{t("parity.col.date")}</th>
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
            {shown.map((l) => {
              const v = VERDICT[l.verdict] ?? { key: "parity.verdict.violations" as MessageKey, tag: "tag-held" };
              return (
                <tr data-line={l.lineNo} data-verdict={l.verdict}>
                  <th scope="row">{l.ref ? `${l.lineNo} · ${l.ref}` : String(l.lineNo)}</th>
                  <td>
                    <code>{l.code}</code>
                    {l.department ? (
                      <>
                        <br />
                        <small>{`${departmentLabel(t, l.department)} · ${l.serviceClass}`}</small>
                      </>
                    ) : null}
                  </td>
                  <td>{fmt.date(l.serviceDate)}</td>
                  <td class="num">{fmt.number(l.quantity)}</td>
                  <td class="num">{money(l.chargedUnitPrice)}</td>
                  <td class="num">{money(l.domesticUnitPrice)}</td>
                  <td class="num">{money(l.deviation)}</td>
                  <td>
                    <strong class={`tag ${v.tag}`}>{t(v.key)}</strong>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
