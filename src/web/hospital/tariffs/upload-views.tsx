import type { previewTariffUpload } from "../../../services/tariffs/index";
import type { WebContext } from "../../env";
import { departmentLabel, itemName } from "../../public/labels";
import { TableWrap } from "../../ui/components";
import { ErrorSummary, type FieldMessages, Form } from "../../ui/form";
import type { CsvUpload } from "./upload-read";

type Preview = Awaited<ReturnType<typeof previewTariffUpload>>;

/** The upload carried to the next step: the CSV and its settings as hidden fields, checked again there. */
export function Carried({ u, p }: { u: CsvUpload; p: Preview }) {
  return (
    <>
      <input type="hidden" name="csv" value={u.csv} />
      <input type="hidden" name="effectiveFrom" value={p.effectiveFrom} />
      <input type="hidden" name="mode" value={p.mode} />
      <input type="hidden" name="premiumClasses" value={p.premiumClasses.join(",")} />
    </>
  );
}

/** Every problem of the report with its row and column, and the report as a CSV download. */
export function Report({ c, u, p }: { c: WebContext; u: CsvUpload; p: Preview }) {
  const { t, fmt } = c.var.web;
  return (
    <section aria-labelledby="report-title">
      <h2 id="report-title">{t("tariffs.report.title")}</h2>
      <p role="status">
        {t("tariffs.report.summary", {
          rows: fmt.number(p.rows),
          errors: fmt.number(p.errorCount),
          warnings: fmt.number(p.warningCount),
        })}
      </p>
      {p.problems.length ? (
        <TableWrap label={t("tariffs.report.title")}>
          <table id="problems">
            <thead>
              <tr>
                <th scope="col">{t("tariffs.report.severity")}</th>
                <th scope="col" class="num">
                  {t("tariffs.report.row")}
                </th>
                <th scope="col">{t("tariffs.report.column")}</th>
                <th scope="col">{t("tariffs.report.message")}</th>
              </tr>
            </thead>
            <tbody>
              {p.problems.map((x) => (
                <tr>
                  <td>
                    <strong class={`tag tag-${x.severity === "error" ? "cancelled" : "held"}`}>
                      {t(x.severity === "error" ? "tariffs.report.error" : "tariffs.report.warning")}
                    </strong>
                  </td>
                  <td class="num">{x.row ?? "—"}</td>
                  <td>{x.column ? <code>{x.column}</code> : "—"}</td>
                  <td lang="en">
                    <code>{x.code}</code> {x.message}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {p.problems.length ? (
        <Form c={c} action={`/hospital/${p.hospitalId}/tariffs/report.csv`}>
          <Carried u={u} p={p} />
          <button type="submit" class="secondary">
            {t("tariffs.report.download")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function Diff({ c, p }: { c: WebContext; p: Preview }) {
  const { t, fmt, locale } = c.var.web;
  const d = p.preview!.diff;
  const money = (n: number) => fmt.money(n, p.currency);
  const rows = [
    ...d.added.map((i) => ({ i, what: t("tariffs.preview.added"), before: "—", after: money(i.unitPrice) })),
    ...d.removed.map((i) => ({ i, what: t("tariffs.preview.removed"), before: money(i.unitPrice), after: "—" })),
    ...d.up.map((i) => ({ i, what: t("tariffs.preview.up"), before: money(i.before), after: money(i.after) })),
    ...d.down.map((i) => ({ i, what: t("tariffs.preview.down"), before: money(i.before), after: money(i.after) })),
  ];
  return (
    <section aria-labelledby="diff-title">
      <h2 id="diff-title">{t("tariffs.preview.changes")}</h2>
      <p>
        {t("tariffs.preview.counts", {
          added: d.added.length,
          removed: d.removed.length,
          up: d.up.length,
          down: d.down.length,
          unchanged: d.unchanged,
        })}
      </p>
      {rows.length ? (
        <TableWrap label={t("tariffs.preview.changes")}>
          <table id="changes">
            <thead>
              <tr>
                <th scope="col">{t("tariffs.code")}</th>
                <th scope="col">{t("tariffs.name")}</th>
                <th scope="col">{t("tariffs.preview.change")}</th>
                <th scope="col" class="num">
                  {t("tariffs.preview.before")}
                </th>
                <th scope="col" class="num">
                  {t("tariffs.preview.after")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ i, what, before, after }) => (
                <tr>
                  <th scope="row">
                    <code>{i.code}</code>
                  </th>
                  <td>
                    {itemName(locale, i.name)}
                    <br />
                    <small>{`${departmentLabel(t, i.department)} · ${i.serviceClass}`}</small>
                  </td>
                  <td>{what}</td>
                  <td class="num">{before}</td>
                  <td class="num">{after}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </section>
  );
}

function Repriced({ c, p }: { c: WebContext; p: Preview }) {
  const { t, fmt } = c.var.web;
  const pv = p.preview!;
  const money = (n: number) => fmt.money(n, p.currency);
  return (
    <section aria-labelledby="repriced-title">
      <h2 id="repriced-title">{t("tariffs.preview.repriced")}</h2>
      <p>
        {t("tariffs.preview.repricedTotals", {
          quotes: pv.totals.quotesRepriced,
          withdrawn: pv.totals.quotesWithdrawn,
          delta: money(pv.totals.quotesDelta),
          trips: pv.totals.itinerariesRepriced,
          tripsDelta: money(pv.totals.itinerariesDelta),
        })}
      </p>
      {pv.quotes.length + pv.itineraries.length ? (
        <TableWrap label={t("tariffs.preview.repriced")}>
          <table id="repriced-quotes">
            <thead>
              <tr>
                <th scope="col">{t("tariffs.preview.quote")}</th>
                <th scope="col" class="num">
                  {t("tariffs.preview.before")}
                </th>
                <th scope="col" class="num">
                  {t("tariffs.preview.after")}
                </th>
              </tr>
            </thead>
            <tbody>
              {pv.quotes.map((q) => (
                <tr>
                  <th scope="row">
                    <code>{q.quoteId}</code>
                  </th>
                  <td class="num">{money(q.before)}</td>
                  <td class="num">{q.withdrawn ? t("tariffs.preview.withdrawn") : money(q.after)}</td>
                </tr>
              ))}
              {pv.itineraries.map((i) => (
                <tr>
                  <th scope="row">
                    <code>{i.itineraryId}</code>
                  </th>
                  <td class="num">{money(i.before)}</td>
                  <td class="num">{money(i.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </section>
  );
}

/** What publishing would change, the acknowledgements it needs, and the confirmation. */
export function PreviewSection({
  c,
  u,
  p,
  errors = {},
}: {
  c: WebContext;
  u: CsvUpload;
  p: Preview;
  errors?: FieldMessages;
}) {
  const { t, fmt } = c.var.web;
  const pv = p.preview!;
  return (
    <>
      <p>
        {pv.againstVersion
          ? t("tariffs.preview.against", {
              version: pv.againstVersion.version,
              date: fmt.date(pv.againstVersion.effectiveFrom),
            })
          : t("tariffs.preview.first")}
      </p>
      <Diff c={c} p={p} />
      <Repriced c={c} p={p} />
      <Form c={c} action={`/hospital/${p.hospitalId}/tariffs/publish`} id="publish-form">
        <ErrorSummary c={c} errors={errors} />
        <Carried u={u} p={p} />
        <input type="hidden" name="key" value={p.key} />
        {pv.acknowledgeRemoved.length ? (
          <fieldset id="f-acknowledgeRemoved" class={errors.acknowledgeRemoved ? "field-error" : undefined}>
            <legend>{t("tariffs.preview.acknowledge")}</legend>
            {errors.acknowledgeRemoved ? <p class="error-message">{errors.acknowledgeRemoved}</p> : null}
            {pv.acknowledgeRemoved.map((r) => (
              <label>
                <input type="checkbox" name="ack" value={r.code} checked={u.acknowledgeRemoved.includes(r.code)} />{" "}
                {t("tariffs.preview.acknowledgeItem", { code: r.code, quotes: r.quoteIds.join(", ") })}
              </label>
            ))}
          </fieldset>
        ) : null}
        <button type="submit">
          {t("tariffs.preview.publish", { items: fmt.number(pv.itemCount), date: fmt.date(p.effectiveFrom) })}
        </button>
      </Form>
    </>
  );
}
