import type { WebContext } from "../env";
import type { MessageKey } from "../i18n/index";
import { Money } from "../ui/components";
import { ErrorSummary, Field, type FieldMessages, fieldId, Form } from "../ui/form";
import { defaultValues, type Offer, type SearchOutcome } from "./search";
import { type ComponentKind, SEARCH_KINDS, type Trip } from "./shared";

/** Found offers, each with a form that adds it to the trip (or puts it in place of `replace`). */
export function OfferList(p: {
  c: WebContext;
  trip: Trip;
  offers: Offer[];
  replace?: string;
  /** Where each offer's form posts instead (the agent console's preview), with `replace` as a field. */
  action?: string;
}) {
  const { c, trip } = p;
  const { t } = c.var.web;
  if (p.offers.length === 0) return <p class="search-none">{t("trips.search.none")}</p>;
  const action =
    p.action ?? (p.replace ? `/trips/${trip.id}/components/${p.replace}/replace` : `/trips/${trip.id}/components`);
  const button = p.replace ? t("trips.search.choose") : t("trips.search.add");
  return (
    <ul class="offers">
      {p.offers.map((o) => (
        <li class="offer">
          <div>
            <strong>{o.label}</strong>
            <p class="hint">
              {o.detail} · {o.left}
            </p>
          </div>
          <Money c={c} amount={o.price.amount} currency={o.price.currency} />
          <Form c={c} action={action} class="inline">
            <input type="hidden" name="version" value={String(trip.version)} />
            {p.action && p.replace ? <input type="hidden" name="replace" value={p.replace} /> : null}
            {Object.entries(o.fields).map(([name, value]) => (
              <input type="hidden" name={name} value={value} />
            ))}
            <button
              type="submit"
              aria-label={p.replace ? `${button}: ${o.label}` : t("trips.search.addLabel", { what: o.label })}
            >
              {button}
            </button>
          </Form>
        </li>
      ))}
    </ul>
  );
}

function Fields(p: { c: WebContext; kind: ComponentKind; v: Record<string, string>; errors: FieldMessages }) {
  const { t } = p.c.var.web;
  const n = (name: string) => `${p.kind}.${name}`;
  const f = (name: string, label: MessageKey, extra: { hint?: MessageKey; type?: string } = {}) => (
    <Field
      name={n(name)}
      label={t(label)}
      hint={extra.hint ? t(extra.hint) : undefined}
      type={extra.type}
      value={p.v[name] ?? ""}
      error={p.errors[name]}
    />
  );
  switch (p.kind) {
    case "flight":
      return (
        <>
          {f("origin", "trips.search.origin", { hint: "trips.search.airportHint" })}
          {f("destination", "trips.search.destination", { hint: "trips.search.airportHint" })}
          {f("date", "trips.search.date", { hint: "trips.search.dateHint", type: "date" })}
        </>
      );
    case "transfer":
      return (
        <>
          {f("airport", "trips.search.airport", { hint: "trips.search.airportHint" })}
          {f("at", "trips.search.pickupAt", { hint: "trips.search.pickupHint", type: "datetime-local" })}
          <fieldset class="field">
            <legend>{t("trips.search.direction")}</legend>
            {(["arrival", "departure"] as const).map((d) => (
              <label class="choice">
                <input type="radio" name={n("direction")} value={d} checked={(p.v.direction ?? "arrival") === d} />{" "}
                {t(d === "arrival" ? "trips.search.arrival" : "trips.search.departure")}
              </label>
            ))}
          </fieldset>
        </>
      );
    case "lodging":
      return (
        <>
          {f("checkIn", "trips.search.checkIn", { hint: "trips.search.dateHint", type: "date" })}
          {f("checkOut", "trips.search.checkOut", { hint: "trips.search.dateHint", type: "date" })}
          {f("guests", "trips.search.guests", { type: "number" })}
          <div class="field">
            <label class="choice" for={fieldId(n("accessible"))}>
              <input
                type="checkbox"
                id={fieldId(n("accessible"))}
                name={n("accessible")}
                value="1"
                checked={!!p.v.accessible}
              />{" "}
              {t("trips.search.accessible")}
            </label>
          </div>
        </>
      );
    case "tour":
      return (
        <>
          {f("city", "trips.search.city")}
          {f("date", "trips.search.date", { hint: "trips.search.dateHint", type: "date" })}
          {f("language", "trips.search.language", { hint: "trips.search.languageHint" })}
        </>
      );
  }
}

/**
 * One search form per kind (GET, so results have an address and work without JavaScript), each
 * with its results or its messages beside the fields; an add refused is shown at its kind's form.
 */
export function SearchSection(p: {
  c: WebContext;
  trip: Trip;
  outcome: SearchOutcome | null;
  /** An add refused: its message is shown at its kind's form. */
  refused?: { kind: ComponentKind; message: string };
  /** The agent console: searches stay on `base`, offers post to `offerAction` (a preview), replacing `replace`. */
  console?: { base: string; offerAction: string; replace?: string };
}) {
  const { c, trip, outcome } = p;
  const { t } = c.var.web;
  return (
    <section class="trip-search" id="search" aria-labelledby="search-title">
      <h2 id="search-title">{t("trips.search.title")}</h2>
      {SEARCH_KINDS.map((kind) => {
        const mine = outcome?.kind === kind ? outcome : null;
        const refused = p.refused?.kind === kind ? p.refused : null;
        const errors = mine?.errors ?? {};
        const summary = Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${kind}.${k}`, v]));
        const values = mine?.values ?? defaultValues(trip, kind);
        return (
          <details class="search-kind" id={`search-${kind}`} open={!!mine || !!refused || undefined}>
            <summary>
              <h3>{t(`trips.search.${kind}` as MessageKey)}</h3>
            </summary>
            <ErrorSummary c={c} errors={summary} />
            {refused ? (
              <p class="error-message" role="alert">
                {refused.message}
              </p>
            ) : null}
            <form method="get" action={`${p.console?.base ?? `/trips/${trip.id}`}#search-${kind}`} class="search-form">
              <input type="hidden" name="search" value={kind} />
              {p.console?.replace ? <input type="hidden" name="replace" value={p.console.replace} /> : null}
              <Fields c={c} kind={kind} v={values} errors={errors} />
              <button type="submit">{t("trips.search.submit")}</button>
            </form>
            {mine?.offers ? (
              <OfferList
                c={c}
                trip={trip}
                offers={mine.offers}
                action={p.console?.offerAction}
                replace={p.console?.replace}
              />
            ) : null}
          </details>
        );
      })}
    </section>
  );
}
