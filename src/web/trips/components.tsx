import type { Child } from "hono/jsx";
import type { WebContext } from "../env";
import type { MessageKey } from "../i18n/index";
import { LocalTime, Money } from "../ui/components";
import { Form } from "../ui/form";
import { describe, kindLabel, type Trip, type TripComponent, whenOf } from "./shared";

type Issue = Trip["issues"][number];
const CODES = new Set([
  "arrival_after_admission",
  "arrival_buffer",
  "consultation_before_arrival",
  "departure_buffer",
  "fit_to_fly",
  "lodging_double_booked",
  "lodging_during_inpatient",
  "lodging_gap",
  "tour_during_inpatient",
  "tour_during_restriction",
  "tour_language",
  "traveler_without_flight",
]);

/** A timeline problem in the page's language, with what would fix it. */
export function IssueNote({ c, issue }: { c: WebContext; issue: Issue }) {
  const { t } = c.var.web;
  const known = CODES.has(issue.code);
  return (
    <div class={`issue issue-${issue.severity}`} role={issue.severity === "error" ? "alert" : undefined}>
      <strong class="issue-tag">{t(issue.severity === "error" ? "trips.issue.error" : "trips.issue.warning")}</strong>{" "}
      {known ? t(`trips.issue.${issue.code}` as MessageKey) : issue.message}
      {known ? (
        <p class="issue-fix">
          {t("trips.issue.fix")} {t(`trips.fix.${issue.code}` as MessageKey)}
        </p>
      ) : null}
    </div>
  );
}

function ComponentItem(p: {
  c: WebContext;
  trip: Trip;
  comp: TripComponent;
  homeZone: string | null;
  issues: Issue[];
  editable: boolean;
  extra?: Child;
}) {
  const { c, trip, comp } = p;
  const { t } = c.var.web;
  const when = whenOf(comp);
  const what = describe(t, comp);
  const refund = comp.cancellation[0];
  return (
    <li class="trip-component" id={`cmp-${comp.id}`}>
      <div class="component-head">
        <span class="component-kind">{kindLabel(t, comp.type)}</span>
        <span class="component-what">{what}</span>
        {comp.inventory !== "none" ? (
          <strong class={`tag tag-${comp.inventory}`}>
            {t(comp.inventory === "held" ? "trips.components.held" : "trips.components.booked")}
          </strong>
        ) : null}
      </div>
      {when ? (
        <p class="component-when">
          <LocalTime c={c} instant={when.utc} zone={when.zone} homeZone={p.homeZone} />
        </p>
      ) : null}
      <p class="component-price">
        {t("trips.components.price")}: <Money c={c} amount={comp.price.amount} currency={comp.price.currency} />
        {comp.payableAt === "hospital" ? ` · ${t("trips.components.payableAtHospital")}` : ""}
      </p>
      {refund && comp.payableAt === "caravan" ? (
        <p class="component-refund hint">
          {t("trips.components.refundBefore", {
            time: c.var.web.fmt.dateTime(refund.before.utc, refund.before.zone),
            refund: c.var.web.fmt.money(refund.refund.amount, refund.refund.currency),
          })}
        </p>
      ) : null}
      {p.issues.map((issue) => (
        <IssueNote c={c} issue={issue} />
      ))}
      {p.extra}
      {p.editable ? (
        <Form c={c} action={`/trips/${trip.id}/components/${comp.id}/remove`} class="inline">
          <input type="hidden" name="version" value={String(trip.version)} />
          <button type="submit" class="secondary" aria-label={t("trips.components.removeLabel", { what })}>
            {t("trips.components.remove")}
          </button>
        </Form>
      ) : null}
    </li>
  );
}

/** Every component with its price, inventory state, refund terms and the timeline problems beside it. */
export function ComponentList(p: {
  c: WebContext;
  trip: Trip;
  homeZone: string | null;
  editable: boolean;
  /** Shown under one component (a sold-out one's alternatives). */
  extraFor?: { componentId: string; content: Child };
}) {
  const { c, trip } = p;
  const { t } = c.var.web;
  const loose = trip.issues.filter((i) => !i.componentIds.some((id) => trip.components.some((x) => x.id === id)));
  return (
    <section class="trip-components" id="components" aria-labelledby="components-title">
      <h2 id="components-title">{t("trips.components.title")}</h2>
      {loose.map((issue) => (
        <IssueNote c={c} issue={issue} />
      ))}
      {trip.components.length === 0 ? <p>{t("trips.components.empty")}</p> : null}
      <ol class="component-list">
        {[...trip.components]
          .sort((a, b) => (whenOf(a)?.utc ?? "").localeCompare(whenOf(b)?.utc ?? "") || a.position - b.position)
          .map((comp) => (
            <ComponentItem
              c={c}
              trip={trip}
              comp={comp}
              homeZone={p.homeZone}
              issues={trip.issues.filter((i) => i.componentIds.includes(comp.id))}
              editable={p.editable}
              extra={p.extraFor?.componentId === comp.id ? p.extraFor.content : undefined}
            />
          ))}
      </ol>
    </section>
  );
}
