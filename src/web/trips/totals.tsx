import type { WebContext } from "../env";
import type { MessageKey } from "../i18n/index";
import { Money } from "../ui/components";
import type { Trip } from "./shared";
import { TableWrap } from "../ui/components";

const ROWS: [keyof Trip["pricing"]["totals"]["hospitalCurrency"], MessageKey][] = [
  ["medical", "trips.totals.medical"],
  ["travel", "trips.totals.travel"],
  ["fees", "trips.totals.fees"],
  ["dueNow", "trips.totals.dueNow"],
  ["grandTotal", "trips.totals.grandTotal"],
];

/** Totals in the hospital's and the patient's currency, the rate used, and the balance. */
export function Totals({ c, trip }: { c: WebContext; trip: Trip }) {
  const { t, fmt } = c.var.web;
  const { hospitalCurrency: h, patientCurrency: p } = trip.pricing.totals;
  const fx = trip.pricing.fx;
  const same = h.grandTotal.currency === p.grandTotal.currency;
  const b = trip.balance;
  return (
    <section class="trip-totals" id="totals" aria-labelledby="totals-title">
      <h2 id="totals-title">{t("trips.totals.title")}</h2>
      <TableWrap label={t("trips.totals.title")}>
        <table>
          <caption>{t("trips.totals.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("trips.totals.item")}</th>
              <th scope="col">{h.grandTotal.currency}</th>
              {same ? null : <th scope="col">{p.grandTotal.currency}</th>}
            </tr>
          </thead>
          <tbody>
            {ROWS.map(([key, label]) => (
              <tr class={`total-${key}`}>
                <th scope="row">{t(label)}</th>
                <td>
                  <Money c={c} amount={h[key].amount} currency={h[key].currency} />
                </td>
                {same ? null : (
                  <td>
                    <Money c={c} amount={p[key].amount} currency={p[key].currency} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {same ? null : (
        <p class="hint">
          {t("trips.totals.rate", { from: fx.from, rate: fx.rate, to: fx.to, source: fx.source, date: fx.asOf })}
        </p>
      )}
      <h3>{t("trips.balance.title")}</h3>
      <dl class="balance">
        <dt>{t("trips.balance.paid")}</dt>
        <dd>
          <Money c={c} amount={b.paid.amount} currency={b.paid.currency} />
        </dd>
        {b.refunded.amount > 0 ? (
          <>
            <dt>{t("trips.balance.refunded")}</dt>
            <dd>
              <Money c={c} amount={b.refunded.amount} currency={b.refunded.currency} />
            </dd>
          </>
        ) : null}
        <dt>{t("trips.balance.outstanding")}</dt>
        <dd>
          <strong>{fmt.money(Math.max(0, b.outstanding.amount), b.outstanding.currency)}</strong>
        </dd>
      </dl>
    </section>
  );
}
