import { itineraryCalendar, itineraryHistory, listItineraries } from "../../services/itineraries/index";
import { type WebContext, webServiceContext } from "../env";
import type { MessageKey } from "../i18n/index";
import { LocalTime, StateTag } from "../ui/components";
import { Layout } from "../ui/layout";
import { loadTrip } from "./shared";
import { TableWrap } from "../ui/components";
import type { Child } from "hono/jsx";
import { HistoryChanges } from "./history-changes";
import { historyLine } from "./history-line";

const ROLES = new Set(["patient", "agent", "admin"]);

/** Every change of the trip: when, who, what, from version to version. */
export async function historyPage(c: WebContext) {
  return historyOf(c);
}

/**
 * The history table: per version when, who, what — and what changed, before → after per component,
 * with the reason given. `console`: the agent console's copy (its title, navigation and trip link).
 */
export async function historyOf(c: WebContext, console?: { nav: Child; back: string; title: string }) {
  const { t } = c.var.web;
  const id = c.req.param("id")!;
  const { trip, homeZone } = await loadTrip(c, id);
  const history = await itineraryHistory({ ctx: webServiceContext(c), input: { id } });
  const title = console?.title ?? t("trips.history.title");
  return c.html(
    <Layout c={c} title={title} styles={["trips.css"]}>
      <div class="agent-page">
        <h1>{title}</h1>
        {console?.nav}
        <p>
          <a href={console?.back ?? `/trips/${id}`}>{t("trips.history.back")}</a>
        </p>
        <TableWrap label={t("trips.history.title")}>
          <table class="history">
            <caption>{t("trips.history.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("trips.history.version")}</th>
                <th scope="col">{t("trips.history.when")}</th>
                <th scope="col">{t("trips.history.who")}</th>
                <th scope="col">{t("trips.history.what")}</th>
                <th scope="col">{t("agent.history.changes")}</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((h) => {
                const line = historyLine(c.var.web, h, trip.hospital);
                return (
                  <tr>
                    <td>{h.version}</td>
                    <td>
                      <LocalTime c={c} instant={h.at} zone={trip.hospital.zone} homeZone={homeZone} />
                    </td>
                    <td>{t(`trips.role.${ROLES.has(h.actor.role ?? "") ? h.actor.role : "system"}` as MessageKey)}</td>
                    <td>
                      <span class="history-action">{line.action}</span>
                      {line.detail ? (
                        <>
                          <br />
                          <span class="history-detail">{line.detail}</span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <HistoryChanges c={c} before={h.before} after={h.after} reason={line.reason} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      </div>
    </Layout>,
  );
}

/** The trip's calendar file (every timeline event, with zones), from the same verb as the API's. */
export async function calendarFile(c: WebContext) {
  const id = c.req.param("id")!;
  const ics = await itineraryCalendar({ ctx: webServiceContext(c), input: { id } });
  return c.body(ics, 200, {
    "content-type": "text/calendar; charset=utf-8",
    "content-disposition": `attachment; filename="caravan-${id}.ics"`,
  });
}

/** The signed-in person's trips, newest first (the /me section and the /trips page). */
export async function TripsSection({ c, level = 2 }: { c: WebContext; level?: 1 | 2 }) {
  const { t, fmt } = c.var.web;
  const list = await listItineraries({ ctx: webServiceContext(c), input: { limit: 50 } });
  const trips = [...list.data].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section class="my-trips" aria-labelledby="my-trips-title">
      {level === 1 ? (
        <h1 id="my-trips-title">{t("trips.list.title")}</h1>
      ) : (
        <h2 id="my-trips-title">{t("trips.list.title")}</h2>
      )}
      {trips.length === 0 ? <p>{t("trips.list.empty")}</p> : null}
      <ul>
        {trips.map((x) => (
          <li>
            <a href={`/trips/${x.id}`}>{t("trips.list.trip", { id: x.id })}</a> <StateTag c={c} state={x.status} />{" "}
            <span class="hint">{t("trips.list.created", { date: fmt.date(x.createdAt.slice(0, 10)) })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export async function tripsListPage(c: WebContext) {
  const { t } = c.var.web;
  return c.html(
    <Layout c={c} title={t("trips.list.title")} styles={["trips.css"]}>
      <TripsSection c={c} level={1} />
    </Layout>,
  );
}
