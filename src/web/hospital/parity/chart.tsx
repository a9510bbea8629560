import type { OverviewDay } from "../../../services/parity/index";
import { daysBetween } from "../../../services/schemas";
import type { WebContext } from "../../env";
import { TableWrap } from "../../ui/components";

const W = 720;
const H = 260;
const LEFT = 110;
const RIGHT = 10;
const TOP = 14;
const BOTTOM = 34;
const PLOT_W = W - LEFT - RIGHT;
const PLOT_H = H - TOP - BOTTOM;
/** Colours go with words (the legend and each bar's title), never alone. */
const OVER = "#b3261e";
const UNDER = "#1a5fb4";
const UNPRICED = "#5f6368";

/** Ranges longer than this are drawn (and tabled) by week, so the page stays small: ≤ 53 bars, not 366. */
export const DAILY_UP_TO_DAYS = 92;

/** The chart's periods: the days themselves, or weeks from `from` (each dated by its first day). */
export interface Periods {
  size: 1 | 7;
  rows: OverviewDay[];
}

export function periodsOf(days: readonly OverviewDay[], from: string, to: string): Periods {
  if (daysBetween(from, to) + 1 <= DAILY_UP_TO_DAYS) return { size: 1, rows: [...days] };
  const weeks = new Map<number, OverviewDay>();
  for (const d of days) {
    const k = Math.floor(daysBetween(from, d.date) / 7);
    let w = weeks.get(k);
    if (w === undefined) {
      const date = new Date(Date.parse(`${from}T00:00:00Z`) + k * 7 * 86_400_000).toISOString().slice(0, 10);
      w = { date, overcharge: 0, undercharge: 0, unpriced: 0, deviation: 0 };
      weeks.set(k, w);
    }
    w.overcharge += d.overcharge;
    w.undercharge += d.undercharge;
    w.unpriced += d.unpriced;
    w.deviation += d.deviation;
  }
  return { size: 7, rows: [...weeks.values()] };
}

/** Where a period's bar starts (left edge) and how wide a period is, in the chart's units. */
function xScale(from: string, to: string, size: number) {
  const n = Math.max(1, Math.ceil((daysBetween(from, to) + 1) / size));
  const step = PLOT_W / n;
  return { step, at: (date: string) => LEFT + Math.floor(daysBetween(from, date) / size) * step };
}

/** A period's name: its day, or the week from its first day. */
export function periodLabel(c: WebContext, size: number, date: string): string {
  const { t, fmt } = c.var.web;
  return size === 1 ? fmt.date(date) : t("parity.chart.week", { date: fmt.date(date) });
}

/** The y of an amount, with the zero line inside the plot (at its bottom when nothing is under). */
function yScale(days: readonly OverviewDay[]) {
  const top = Math.max(0, ...days.map((d) => d.deviation));
  const bottom = Math.min(0, ...days.map((d) => d.deviation));
  const span = top - bottom || 1;
  return { top, bottom, at: (amount: number) => TOP + ((top - amount) / span) * PLOT_H };
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** One day's bar (its priced deviation) and point (its unpriced lines), each with its title. */
function Day(p: {
  c: WebContext;
  d: OverviewDay;
  size: number;
  x: ReturnType<typeof xScale>;
  y: ReturnType<typeof yScale>;
  width: number;
  currency: string;
}) {
  const { t, fmt } = p.c.var.web;
  const { d, x, y, width } = p;
  const label = periodLabel(p.c, p.size, d.date);
  const zero = y.at(0);
  const top = Math.min(y.at(d.deviation), zero);
  return (
    <>
      {d.deviation !== 0 ? (
        <rect
          class="parity-bar"
          data-date={d.date}
          data-deviation={d.deviation}
          x={r1(x.at(d.date) + (x.step - width) / 2)}
          y={r1(top)}
          width={width}
          height={r1(Math.max(1, Math.abs(y.at(d.deviation) - zero)))}
          fill={d.deviation > 0 ? OVER : UNDER}
        >
          <title>{`${label}: ${fmt.money(d.deviation, p.currency)}`}</title>
        </rect>
      ) : null}
      {d.unpriced > 0 ? (
        <circle
          class="parity-point"
          data-date={d.date}
          data-unpriced={d.unpriced}
          cx={r1(x.at(d.date) + x.step / 2)}
          cy={r1(zero)}
          r="4"
          fill={UNPRICED}
        >
          <title>{`${label}: ${t("parity.chart.unpriced", { count: d.unpriced })}`}</title>
        </circle>
      ) : null}
    </>
  );
}

/**
 * Deviations over time, drawn here as inline SVG (no script, no other origin): one bar per day with
 * lines not at parity, its height the day's charged − domestic total (up: overcharged, down:
 * undercharged), and a point on the zero line for a day with lines the tariff does not price.
 * Each bar and point carries its day and amount (`data-*`, and a `<title>` read on hover); the
 * table after it says the same in words.
 */
export function DeviationChart(p: { c: WebContext; periods: Periods; from: string; to: string; currency: string }) {
  const { t, fmt } = p.c.var.web;
  const { size, rows } = p.periods;
  const x = xScale(p.from, p.to, size);
  const y = yScale(rows);
  const zero = y.at(0);
  const width = r1(Math.max(1, x.step * 0.8));
  const money = (n: number) => fmt.money(n, p.currency);
  return (
    <figure class="parity-chart">
      <svg
        role="img"
        aria-labelledby="parity-chart-title parity-chart-desc"
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        preserveAspectRatio="xMidYMid meet"
      >
        <title id="parity-chart-title">{t("parity.chart.title")}</title>
        <desc id="parity-chart-desc">
          {t(size === 1 ? "parity.chart.desc" : "parity.chart.descWeeks", {
            from: fmt.date(p.from),
            to: fmt.date(p.to),
            days: rows.length,
            max: money(y.top),
            min: money(y.bottom),
          })}
        </desc>
        <line x1={LEFT} x2={W - RIGHT} y1={zero} y2={zero} stroke="#222" stroke-width="1" />
        <line x1={LEFT} x2={LEFT} y1={TOP} y2={TOP + PLOT_H} stroke="#222" stroke-width="1" />
        <text x={LEFT - 6} y={y.at(y.top) + 4} text-anchor="end" font-size="11">
          {money(y.top)}
        </text>
        {y.bottom < 0 ? (
          <text x={LEFT - 6} y={y.at(y.bottom)} text-anchor="end" font-size="11">
            {money(y.bottom)}
          </text>
        ) : null}
        <text x={LEFT} y={H - 10} font-size="11">
          {fmt.date(p.from)}
        </text>
        <text x={W - RIGHT} y={H - 10} text-anchor="end" font-size="11">
          {fmt.date(p.to)}
        </text>
        {rows.map((d) => (
          <Day c={p.c} d={d} size={size} x={x} y={y} width={width} currency={p.currency} />
        ))}
      </svg>
      <figcaption>{t("parity.chart.legend")}</figcaption>
    </figure>
  );
}

/** The chart's data in words: one row per period (day or week) with lines not at parity. */
export function DeviationTable(p: { c: WebContext; periods: Periods; currency: string }) {
  const { t, fmt } = p.c.var.web;
  return (
    <details>
      <summary>{t("parity.chart.table")}</summary>
      <TableWrap label={t("parity.chart.table")}>
        <table id="parity-days">
          <thead>
            <tr>
              <th scope="col">{t(p.periods.size === 1 ? "parity.col.date" : "parity.col.week")}</th>
              <th scope="col" class="num">
                {t("parity.summary.over")}
              </th>
              <th scope="col" class="num">
                {t("parity.summary.under")}
              </th>
              <th scope="col" class="num">
                {t("parity.chart.unpricedCol")}
              </th>
              <th scope="col" class="num">
                {t("parity.col.deviation")}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.periods.rows.map((d) => (
              <tr data-date={d.date}>
                <th scope="row">{periodLabel(p.c, p.periods.size, d.date)}</th>
                <td class="num">{fmt.number(d.overcharge)}</td>
                <td class="num">{fmt.number(d.undercharge)}</td>
                <td class="num">{fmt.number(d.unpriced)}</td>
                <td class="num">{fmt.money(d.deviation, p.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </details>
  );
}
