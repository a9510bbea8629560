import type { WebContext } from "../env";
import { StateTag } from "../ui/components";
import { ComponentList } from "./components";
import { HoldPay } from "./hold-pay";
import { alternativeValues, runSearch, type SearchOutcome } from "./search";
import { OfferList, SearchSection } from "./search-forms";
import { isSearchKind, loadTrip, noticeFor, type Trip, type TripPageState } from "./shared";
import { Timeline } from "./timeline";
import { Totals } from "./totals";
import { Layout } from "../ui/layout";
import { OpenOfferBanner } from "../offers/index";
import { MessagesLink } from "../messages/index";

/** The search asked for in the address (`?search=flight&flight.origin=ALA…`), run over the catalog. */
async function searchFromQuery(c: WebContext, trip: Trip): Promise<SearchOutcome | null> {
  const kind = c.req.query("search");
  if (!isSearchKind(kind)) return null;
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(c.req.query())) {
    if (name.startsWith(`${kind}.`) && typeof value === "string") values[name.slice(kind.length + 1)] = value.trim();
  }
  return runSearch(c, trip, kind, values);
}

/** Alternatives to the component a hold found sold out, as offers that take its place. */
async function alternatives(c: WebContext, trip: Trip, componentId: string) {
  const comp = trip.components.find((x) => x.id === componentId);
  const values = comp ? alternativeValues(trip, comp) : null;
  if (!comp || !values) return undefined;
  const outcome = await runSearch(c, trip, comp.type as "flight", values);
  const offers = (outcome.offers ?? []).filter((o) => !Object.values(o.fields).includes(refOf(comp)));
  return {
    componentId,
    content: (
      <div class="alternatives">
        <h3>{c.var.web.t("trips.hold.alternatives")}</h3>
        {offers.length ? (
          <OfferList c={c} trip={trip} offers={offers} replace={componentId} />
        ) : (
          <p>{c.var.web.t("trips.hold.noAlternatives")}</p>
        )}
      </div>
    ),
  };
}

function refOf(comp: Trip["components"][number]): string {
  const x = comp.details as Record<string, string>;
  return x.flightId ?? x.productId ?? x.roomTypeId ?? x.departureId ?? "";
}

/**
 * The trip: state, hold and pay, components with their problems, the timeline day by day, prices in
 * both currencies, searches to add more, and links to history, calendar and cancellation.
 */
export async function tripPage(
  c: WebContext,
  id: string,
  state: TripPageState = {},
  status: 200 | 400 | 403 | 409 | 422 = 200,
) {
  const { t } = c.var.web;
  const { trip, homeZone } = await loadTrip(c, id);
  const notice = state.notice ?? noticeFor(trip, c.req.query("done"));
  const editable = trip.status === "draft" || trip.status === "held";
  const outcome = editable ? await searchFromQuery(c, trip) : null;
  const extraFor = state.soldOut ? await alternatives(c, trip, state.soldOut) : undefined;
  const refused =
    state.errorFor && state.errorFor !== "hold" && state.errorFor !== "pay" && state.errorFor !== "general"
      ? { kind: state.errorFor, message: state.message ?? Object.values(state.errors ?? {}).join(" ") }
      : undefined;
  c.status(status);
  return c.html(
    <Layout
      c={c}
      title={t("trips.page.title", { city: trip.hospital.city })}
      styles={["trips.css"]}
      scripts={["countdown.js"]}
    >
      <h1>
        {t("trips.page.title", { city: trip.hospital.city })} <StateTag c={c} state={trip.status} />
      </h1>
      {notice ? (
        <p class="notice" role="status">
          {t(notice)}
        </p>
      ) : null}
      {state.errorFor === "general" && state.message ? (
        <p class="error-message" role="alert">
          {state.message}
        </p>
      ) : null}
      {trip.status === "confirmed" || trip.status === "held" ? (
        <OpenOfferBanner c={c} tripId={trip.id} zone={trip.hospital.zone} />
      ) : null}
      <p>{t("trips.page.hospital", { name: trip.hospital.name, city: trip.hospital.city })}</p>
      <h2>{t("trips.page.travelers")}</h2>
      <ul class="travelers">
        {trip.travelers.map((x) => (
          <li>
            {x.fullName} ({t(x.role === "patient" ? "trips.page.patient" : "trips.page.companion")})
          </li>
        ))}
      </ul>
      <HoldPay c={c} trip={trip} state={state} />
      <ComponentList c={c} trip={trip} homeZone={homeZone} editable={editable} extraFor={extraFor} />
      <Timeline c={c} trip={trip} homeZone={homeZone} />
      <Totals c={c} trip={trip} />
      {editable ? <SearchSection c={c} trip={trip} outcome={outcome} refused={refused} /> : null}
      <nav class="trip-actions" aria-label={t("trips.actions.title")}>
        <ul>
          <li>
            <MessagesLink c={c} tripId={trip.id} />
          </li>
          <li>
            <a href={`/trips/${trip.id}/history`}>{t("trips.actions.history")}</a>
          </li>
          <li>
            <a href={`/trips/${trip.id}/calendar.ics`} download>
              {t("trips.actions.calendar")}
            </a>
          </li>
          {trip.status !== "cancelled" && trip.status !== "completed" ? (
            <li>
              <a href={`/trips/${trip.id}/cancel`}>{t("trips.actions.cancel")}</a>
            </li>
          ) : null}
        </ul>
      </nav>
    </Layout>,
  );
}
