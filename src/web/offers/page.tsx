import type { OfferSummary, OfferView } from "../../services/offers/index";
import { getChangeOffer } from "../../services/offers/index";
import { type WebContext, webServiceContext } from "../env";
import type { MessageKey } from "../i18n/index";
import { LocalTime, Money, TableWrap } from "../ui/components";
import { Form } from "../ui/form";
import { Layout } from "../ui/layout";
import { kindLabel, loadTrip, type Trip } from "../trips/shared";
import { IssueNote } from "../trips/components";
import { eventTitle } from "../trips/event-title";

/** What the offer page says besides the offer: a notice after a decision, or why a decision was refused. */
export interface OfferPageState {
  notice?: MessageKey;
  message?: string;
}

type Face = OfferSummary["components"][number]["before"];
type Ctx = { c: WebContext; trip: Trip; homeZone: string | null };

function FaceCell({ c, trip, homeZone, face }: Ctx & { face: Face }) {
  if (!face) return <td class="hint">{c.var.web.t("offers.page.notIncluded")}</td>;
  return (
    <td>
      {face.label}
      {face.start ? (
        <>
          <br />
          <LocalTime c={c} instant={face.start.utc} zone={face.start.zone ?? trip.hospital.zone} homeZone={homeZone} />
        </>
      ) : null}
      <br />
      <Money c={c} amount={face.price.amount} currency={face.price.currency} />
    </td>
  );
}

function Components({ c, trip, homeZone, offer }: Ctx & { offer: OfferView }) {
  const { t } = c.var.web;
  const rows = [...offer.summary.components].sort((a, b) => Number(b.changed) - Number(a.changed));
  return (
    <section aria-labelledby="offer-components">
      <h2 id="offer-components">{t("offers.page.components")}</h2>
      <TableWrap label={t("offers.page.components")}>
        <table class="history">
          <thead>
            <tr>
              <th scope="col">{t("offers.page.component")}</th>
              <th scope="col">{t("offers.page.before")}</th>
              <th scope="col">{t("offers.page.after")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">
                  {kindLabel(t, r.type)}
                  {r.changed ? null : <span class="hint"> ({t("offers.page.unchanged")})</span>}
                </th>
                <FaceCell c={c} trip={trip} homeZone={homeZone} face={r.before} />
                <FaceCell c={c} trip={trip} homeZone={homeZone} face={r.after} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

function Totals({ c, offer }: { c: WebContext; offer: OfferView }) {
  const { t } = c.var.web;
  const { before, after } = offer.summary.totals;
  const cell = (m: { amount: number; currency: string }, p: { amount: number; currency: string }) => (
    <td>
      <Money c={c} amount={m.amount} currency={m.currency} />
      {p.currency !== m.currency ? (
        <>
          {" · "}
          <Money c={c} amount={p.amount} currency={p.currency} />
        </>
      ) : null}
    </td>
  );
  return (
    <TableWrap label={t("offers.page.totals")}>
      <table class="history">
        <caption>{t("offers.page.totals")}</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">{t("offers.page.before")}</th>
            <th scope="col">{t("offers.page.after")}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t("offers.page.dueNow")}</th>
            {cell(before.hospital.dueNow, before.patient.dueNow)}
            {cell(after.hospital.dueNow, after.patient.dueNow)}
          </tr>
          <tr>
            <th scope="row">{t("offers.page.grandTotal")}</th>
            {cell(before.hospital.grandTotal, before.patient.grandTotal)}
            {cell(after.hospital.grandTotal, after.patient.grandTotal)}
          </tr>
        </tbody>
      </table>
    </TableWrap>
  );
}

/**
 * The timeline after the change, each event titled in the page's language from the trip's components;
 * the changed one's subject is not the trip's yet, so its events are named by their kind.
 */
function NewTimeline({ c, trip, homeZone, offer }: Ctx & { offer: OfferView }) {
  const { t } = c.var.web;
  const { timeline, issues } = offer.summary;
  const changed = new Set(offer.summary.components.filter((x) => x.changed).map((x) => x.componentId));
  const subjects = { hospital: trip.hospital, components: trip.components.filter((x) => !changed.has(x.id)) };
  return (
    <section aria-labelledby="offer-timeline">
      <h2 id="offer-timeline">{t("offers.page.timeline")}</h2>
      <ol class="day-events">
        {timeline.map((e) => (
          <li class="event">
            <LocalTime c={c} instant={e.start.utc} zone={e.start.zone} homeZone={homeZone} />{" "}
            {eventTitle(t, e, subjects)}
          </li>
        ))}
      </ol>
      {issues.length ? (
        <>
          <h3>{t("offers.page.issues")}</h3>
          {issues.map((i) => (
            <IssueNote
              c={c}
              issue={{ ...i, severity: i.severity === "error" ? "error" : "warning", componentIds: [] }}
            />
          ))}
        </>
      ) : null}
    </section>
  );
}

function Difference({ c, trip, homeZone, offer }: Ctx & { offer: OfferView }) {
  const { t, fmt } = c.var.web;
  const { hospitalCurrency: h, patientCurrency: p } = offer.difference;
  const signed = (m: { amount: number; currency: string }) =>
    `${m.amount > 0 ? "+" : ""}${fmt.money(m.amount, m.currency)}`;
  return (
    <dl class="balance">
      <dt>{t("offers.page.difference")}</dt>
      <dd>
        <span class="money">{signed(p)}</span> ({t("offers.page.inPatientCurrency")}) ·{" "}
        <span class="money">{signed(h)}</span> ({t("offers.page.inHospitalCurrency")})
      </dd>
      <dt>{t("offers.page.validUntil")}</dt>
      <dd>
        <LocalTime c={c} instant={offer.validUntil} zone={trip.hospital.zone} homeZone={homeZone} />
      </dd>
      <dt>{t("offers.page.outcome")}</dt>
      <dd class="total-due">
        {offer.amountDue.amount > 0
          ? t("offers.page.amountDue", { amount: fmt.money(offer.amountDue.amount, offer.amountDue.currency) })
          : offer.refund.amount > 0
            ? t("offers.page.refund", { amount: fmt.money(offer.refund.amount, offer.refund.currency) })
            : t("offers.page.nothingDue")}
      </dd>
    </dl>
  );
}

const STATUSES = new Set(["open", "accepted", "declined", "expired", "superseded"]);

/** Accept and decline, for the patient while the offer is open (plain form posts, 303 after). */
function Decide({ c, trip, offer }: { c: WebContext; trip: Trip; offer: OfferView }) {
  const { t } = c.var.web;
  const base = `/trips/${trip.id}/offers/${offer.id}`;
  return (
    <div class="trip-actions">
      <Form c={c} action={`${base}/accept`}>
        <input type="hidden" name="version" value={String(offer.baseVersion)} />
        <button type="submit" class="primary">
          {t("offers.page.accept")}
        </button>
      </Form>
      <Form c={c} action={`${base}/decline`}>
        <input type="hidden" name="version" value={String(offer.baseVersion)} />
        <button type="submit">{t("offers.page.decline")}</button>
      </Form>
    </div>
  );
}

/**
 * A change offer as its patient decides it (and as the agent and the hospital's staff follow it,
 * read only): the priced difference in both currencies, before → after per component, the new
 * timeline, what is due or refunded, until when it is valid.
 */
export async function offerPage(c: WebContext, state: OfferPageState = {}, status: 200 | 409 | 422 = 200) {
  const { t } = c.var.web;
  const id = c.req.param("id")!;
  const offerId = c.req.param("offerId")!;
  const ctx = webServiceContext(c);
  const { trip, homeZone } = await loadTrip(c, id);
  const offer = await getChangeOffer({ ctx, input: { id, offerId } });
  const patient = ctx.actor?.role === "patient";
  const done = c.req.query("done");
  const notice =
    state.notice ??
    (done === "declined" ? "offers.notice.declined" : done === "sent" ? "offers.notice.sent" : undefined);
  const title = t("offers.page.title", { city: trip.hospital.city });
  c.status(status);
  return c.html(
    <Layout c={c} title={title} styles={["trips.css"]}>
      <h1>{title}</h1>
      {notice ? (
        <p class="notice" role="status">
          {t(notice)}
        </p>
      ) : null}
      {state.message ? (
        <p class="error-message" role="alert">
          {state.message}
        </p>
      ) : null}
      <p>{t(patient ? "offers.page.lead" : "offers.page.leadStaff")}</p>
      <p>
        {t("offers.page.status")}:{" "}
        <strong class={`tag tag-${offer.status}`}>
          {STATUSES.has(offer.status) ? t(`offers.status.${offer.status}` as MessageKey) : offer.status}
        </strong>
      </p>
      <h2>{t("offers.page.reason")}</h2>
      <p>{offer.reason}</p>
      <Difference c={c} trip={trip} homeZone={homeZone} offer={offer} />
      {offer.status === "open" ? <p class="hint">{t("offers.page.held")}</p> : null}
      {offer.status === "open" && patient ? <Decide c={c} trip={trip} offer={offer} /> : null}
      <Components c={c} trip={trip} homeZone={homeZone} offer={offer} />
      <Totals c={c} offer={offer} />
      <NewTimeline c={c} trip={trip} homeZone={homeZone} offer={offer} />
      <p>
        <a href={`/trips/${trip.id}`}>{t("offers.page.back")}</a>
      </p>
    </Layout>,
  );
}
