import type { WebContext } from "../env";
import { LocalTime } from "../ui/components";
import { eventPlace, eventTitle } from "./event-title";
import type { Trip } from "./shared";

/** Longest run of days drawn; a longer trip is drawn to here (the API has the rest). */
const MAX_DAYS = 62;
const DAY_MS = 86_400_000;

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * The inpatient stay [admission, discharge) and the fit-to-fly window [discharge, discharge + days),
 * hospital-local.
 */
function stayOf(trip: Trip) {
  const treatment = trip.components.find((c) => c.type === "treatment");
  if (!treatment) return null;
  const x = treatment.details as { admission: { local: string }; discharge: { local: string }; fitToFlyDays: number };
  const discharge = x.discharge.local.slice(0, 10);
  return { admission: x.admission.local.slice(0, 10), discharge, fitToFly: addDays(discharge, x.fitToFlyDays) };
}

/** Days in order, runs of three or more quiet days folded into one row. */
function rows(days: string[], quiet: (day: string) => boolean): (string | string[])[] {
  const out: (string | string[])[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length >= 3) out.push(run);
    else out.push(...run);
    run = [];
  };
  for (const day of days) {
    if (quiet(day)) run.push(day);
    else {
      flush();
      out.push(day);
    }
  }
  flush();
  return out;
}

/**
 * The trip day by day, drawn with CSS: one row per local date from the first event to the last,
 * each event at its place's local time and the patient's home time; the inpatient stay and the
 * fit-to-fly window shaded and named (never colour alone).
 */
export function Timeline({ c, trip, homeZone }: { c: WebContext; trip: Trip; homeZone: string | null }) {
  const { t, fmt } = c.var.web;
  const events = [...trip.timeline].sort((a, b) => a.start.utc.localeCompare(b.start.utc));
  if (events.length === 0) {
    return (
      <section class="trip-timeline" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("trips.timeline.title")}</h2>
        <p>{t("trips.timeline.empty")}</p>
      </section>
    );
  }
  const byDay = new Map<string, typeof events>();
  for (const e of events) {
    const day = e.start.local.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), e]);
  }
  const stay = stayOf(trip);
  // From the first event to the last, and through the fit-to-fly window even when nothing happens then.
  const dates = [...byDay.keys(), ...(stay ? [stay.admission, addDays(stay.fitToFly, -1)] : [])].sort();
  const days: string[] = [];
  for (let day = dates[0]!; day <= dates.at(-1)! && days.length < MAX_DAYS; day = addDays(day, 1)) days.push(day);
  const shade = (day: string): "inpatient" | "fit-to-fly" | null => {
    if (!stay) return null;
    if (day >= stay.admission && day < stay.discharge) return "inpatient";
    if (day >= stay.discharge && day < stay.fitToFly) return "fit-to-fly";
    return null;
  };
  return (
    <section class="trip-timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t("trips.timeline.title")}</h2>
      <p class="hint">{t("trips.timeline.homeTime")}</p>
      {stay ? (
        <p class="timeline-legend">
          {t("trips.timeline.legend")}: <span class="day-inpatient swatch">{t("trips.timeline.inpatient")}</span>{" "}
          <span class="day-fit-to-fly swatch">{t("trips.timeline.fitToFly")}</span>
        </p>
      ) : null}
      <ol class="timeline-days">
        {rows(days, (day) => !byDay.has(day) && !shade(day)).map((row) => {
          if (Array.isArray(row)) {
            const vars = { from: fmt.date(row[0]!), to: fmt.date(row.at(-1)!), n: row.length };
            return <li class="timeline-day day-quiet">{t("trips.timeline.quiet", vars)}</li>;
          }
          const day = row;
          const kind = shade(day);
          return (
            <li class={kind ? `timeline-day day-${kind}` : "timeline-day"}>
              <div class="day-head">
                <span class="day-date">{fmt.date(day)}</span>
                {kind ? (
                  <span class="day-shade">
                    {t(kind === "inpatient" ? "trips.timeline.inpatient" : "trips.timeline.fitToFly")}
                  </span>
                ) : null}
              </div>
              <ul class="day-events">
                {(byDay.get(day) ?? []).map((e) => {
                  const title = eventTitle(t, e, trip);
                  const place = eventPlace(t, e, trip, title);
                  return (
                    <li class={`event event-${e.type}`} data-component={e.componentId}>
                      <LocalTime c={c} instant={e.start.utc} zone={e.start.zone} homeZone={homeZone} withDate={false} />
                      <span class="event-what">
                        {title}
                        {place ? ` · ${place}` : ""}
                      </span>
                    </li>
                  );
                })}
              </ul>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
