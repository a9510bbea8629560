import type { WebContext } from "../env";
import { Money, StateTag } from "../ui/components";
import { Field, type FieldMessages, Form } from "../ui/form";
import { Layout } from "../ui/layout";
import { ComponentList } from "../trips/components";
import { alternativeValues, runSearch, type SearchOutcome } from "../trips/search";
import { SearchSection } from "../trips/search-forms";
import { describe, isSearchKind, loadTrip, type Trip, type TripComponent } from "../trips/shared";
import { Timeline } from "../trips/timeline";
import { Totals } from "../trips/totals";
import { majorText } from "./change-form";
import { AgentNav, consoleContext } from "./shared";

const CHANGEABLE = new Set(["draft", "held", "confirmed"]);
const NOTICES = { changed: "agent.editor.changed", transfer: "agent.editor.transferRecorded" } as const;

/** The search asked for in the address (`?search=flight&flight.origin=…`), or the alternatives to `?replace=`. */
async function searchFor(
  c: WebContext,
  trip: Trip,
  replacing: TripComponent | undefined,
): Promise<SearchOutcome | null> {
  const kind = c.req.query("search");
  if (!isSearchKind(kind)) return null;
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(c.req.query())) {
    if (name.startsWith(`${kind}.`) && typeof value === "string") values[name.slice(kind.length + 1)] = value.trim();
  }
  const fallback = replacing ? alternativeValues(trip, replacing) : null;
  return runSearch(c, trip, kind, Object.keys(values).length ? values : (fallback ?? {}));
}

/** Per component: find a replacement (a search of its kind) or preview its removal. */
function ChangeControls({ c, trip }: { c: WebContext; trip: Trip }) {
  const { t } = c.var.web;
  return (
    <section aria-labelledby="change-title">
      <h2 id="change-title">{t("agent.editor.change")}</h2>
      <ul class="component-list">
        {trip.components.map((comp) => {
          const what = describe(t, comp);
          return (
            <li class="trip-component">
              <span class="component-what">{what}</span>{" "}
              {isSearchKind(comp.type) ? (
                <a
                  href={`/agent/trips/${trip.id}?replace=${comp.id}&search=${comp.type}#search-${comp.type}`}
                  aria-label={t("agent.editor.changeLabel", { what })}
                >
                  {t("agent.editor.change")}
                </a>
              ) : null}
              <Form c={c} action={`/agent/trips/${trip.id}/changes/preview`} class="inline">
                <input type="hidden" name="version" value={String(trip.version)} />
                <input type="hidden" name="change" value={JSON.stringify({ componentId: comp.id })} />
                <button type="submit" class="secondary" aria-label={t("agent.editor.removeLabel", { what })}>
                  {t("agent.editor.remove")}
                </button>
              </Form>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The treatment's dates: admission and inpatient nights, previewed like any change. */
function TreatmentDates({ c, trip }: { c: WebContext; trip: Trip }) {
  const { t } = c.var.web;
  const comp = trip.components.find((x) => x.type === "treatment");
  if (!comp) return null;
  const d = comp.details as { admission: { local: string }; inpatientNights: number };
  return (
    <section aria-labelledby="treatment-title">
      <h2 id="treatment-title">{t("agent.editor.treatment")}</h2>
      <Form c={c} action={`/agent/trips/${trip.id}/changes/preview`}>
        <input type="hidden" name="version" value={String(trip.version)} />
        <input type="hidden" name="type" value="treatment" />
        <input type="hidden" name="replace" value={comp.id} />
        <Field
          name="admissionDate"
          type="date"
          label={t("agent.editor.admission")}
          value={d.admission.local.slice(0, 10)}
        />
        <Field
          name="inpatientNights"
          type="number"
          label={t("agent.editor.nights")}
          value={d.inpatientNights}
          min="0"
          max="365"
        />
        <button type="submit">{t("agent.editor.previewTreatment")}</button>
      </Form>
    </section>
  );
}

/** Record a bank transfer received for the trip (the existing payments verb). */
export function BankTransfer(p: {
  c: WebContext;
  trip: Trip;
  values?: Record<string, string>;
  errors?: FieldMessages;
}) {
  const { c, trip } = p;
  const { t } = c.var.web;
  const cur = trip.balance.outstanding.currency;
  return (
    <section aria-labelledby="bank-title" id="bank">
      <h2 id="bank-title">{t("agent.bank.title")}</h2>
      <p>{t("agent.bank.outstanding", { amount: c.var.web.fmt.money(trip.balance.outstanding.amount, cur) })}</p>
      <Form c={c} action={`/agent/trips/${trip.id}/bank-transfers`}>
        <input type="hidden" name="version" value={String(trip.version)} />
        <Field
          name="reference"
          label={t("agent.bank.reference")}
          value={p.values?.reference}
          error={p.errors?.reference}
        />
        <Field
          name="amount"
          label={t("agent.bank.amount")}
          hint={t("agent.bank.amountHint", { currency: cur })}
          inputmode="decimal"
          value={p.values?.amount ?? majorText(trip.balance.outstanding.amount, cur)}
          error={p.errors?.amount}
        />
        <button type="submit">{t("agent.bank.submit")}</button>
      </Form>
    </section>
  );
}

/** The agent's trip editor: the patient's trip with every change previewed first. */
export async function editorPage(
  c: WebContext,
  state: { message?: string; values?: Record<string, string>; errors?: FieldMessages } = {},
  status: 200 | 400 | 409 | 422 = 200,
) {
  consoleContext(c);
  const { t } = c.var.web;
  const id = c.req.param("id")!;
  const { trip, homeZone } = await loadTrip(c, id);
  const changeable = CHANGEABLE.has(trip.status);
  const replace = c.req.query("replace");
  const replacing = trip.components.find((x) => x.id === replace);
  const outcome = changeable ? await searchFor(c, trip, replacing) : null;
  const done = c.req.query("done");
  const patient = trip.travelers.find((x) => x.role === "patient")?.fullName ?? trip.patientId;
  c.status(status);
  return c.html(
    <Layout c={c} title={t("agent.editor.title", { id, patient })} styles={["trips.css"]} scripts={["countdown.js"]}>
      <h1>
        {t("agent.editor.title", { id, patient })} <StateTag c={c} state={trip.status} />
      </h1>
      <AgentNav c={c} />
      {done && done in NOTICES ? (
        <p class="notice" role="status">
          {t(NOTICES[done as keyof typeof NOTICES])}
        </p>
      ) : null}
      {state.message ? (
        <p class="error-message" role="alert">
          {state.message}
        </p>
      ) : null}
      <p>{t("agent.editor.lead")}</p>
      <p>
        <Money c={c} {...trip.balance.outstanding} />
      </p>
      <ComponentList c={c} trip={trip} homeZone={homeZone} editable={false} />
      {changeable ? <ChangeControls c={c} trip={trip} /> : null}
      {changeable ? <TreatmentDates c={c} trip={trip} /> : null}
      <Timeline c={c} trip={trip} homeZone={homeZone} />
      <Totals c={c} trip={trip} />
      {changeable ? (
        <>
          {replacing ? <p class="notice">{t("agent.editor.replacing", { what: describe(t, replacing) })}</p> : null}
          <SearchSection
            c={c}
            trip={trip}
            outcome={outcome}
            console={{
              base: `/agent/trips/${id}`,
              offerAction: `/agent/trips/${id}/changes/preview`,
              replace: replacing?.id,
            }}
          />
        </>
      ) : null}
      {trip.status === "held" ? <BankTransfer c={c} trip={trip} values={state.values} errors={state.errors} /> : null}
      <nav class="trip-actions" aria-label={t("trips.actions.title")}>
        <ul>
          <li>
            <a href={`/agent/trips/${id}/history`}>{t("agent.editor.history")}</a>
          </li>
          <li>
            <a href={`/trips/${id}`}>{t("agent.editor.patientView")}</a>
          </li>
        </ul>
      </nav>
    </Layout>,
  );
}
