import type { WebContext } from "../env";
import { LocalTime } from "../ui/components";
import { Form } from "../ui/form";
import { describe, type Trip, type TripPageState } from "./shared";

function PayByCard({ c, trip }: { c: WebContext; trip: Trip }) {
  const { t, fmt } = c.var.web;
  const due = trip.balance.outstanding;
  const amount = fmt.money(due.amount, due.currency);
  if (!c.var.deps.payments) {
    return (
      <div class="pay-unavailable">
        <p>
          <strong>{t("trips.pay.unavailable")}</strong>
        </p>
        <p>{t("trips.pay.bank", { amount, reference: trip.id })}</p>
      </div>
    );
  }
  return (
    <Form c={c} action={`/trips/${trip.id}/pay`} class="pay-form">
      <input type="hidden" name="version" value={String(trip.version)} />
      <button type="submit" class="primary">
        {t("trips.pay.submit", { amount })}
      </button>
      <p class="hint">{t("trips.pay.secure")}</p>
    </Form>
  );
}

/** Hold everything, the hold's expiry with a live countdown (the time itself without JavaScript), then pay. */
export function HoldPay({ c, trip, state }: { c: WebContext; trip: Trip; state: TripPageState }) {
  const { t, fmt } = c.var.web;
  if (trip.status === "cancelled" || trip.status === "completed") return null;
  const due = trip.balance.outstanding;
  const medical = trip.pricing.totals.hospitalCurrency.payableAtHospital;
  const blocked = trip.issues.some((i) => i.severity === "error");
  const soldOut = state.soldOut ? trip.components.find((x) => x.id === state.soldOut) : undefined;
  const [untilBefore, untilAfter] = t("trips.hold.until").split("{time}");
  const message = state.errorFor === "hold" || state.errorFor === "pay" ? state.message : undefined;
  return (
    <section class="trip-hold" id="hold" aria-labelledby="hold-title">
      <h2 id="hold-title">{t("trips.hold.title")}</h2>
      {soldOut ? (
        <p class="error-message" role="alert">
          {t("trips.hold.soldOut", { what: describe(t, soldOut) })}{" "}
          <a href={`#cmp-${soldOut.id}`}>{t("trips.hold.alternatives")}</a>
        </p>
      ) : message ? (
        <p class="error-message" role="alert">
          {message}
        </p>
      ) : null}
      {trip.status === "draft" ? (
        <>
          <p>{t("trips.hold.lead")}</p>
          {blocked ? <p class="hint">{t("trips.hold.blocked")}</p> : null}
          <Form c={c} action={`/trips/${trip.id}/hold`}>
            <input type="hidden" name="version" value={String(trip.version)} />
            <button type="submit" class="primary" disabled={blocked || trip.components.length === 0}>
              {t("trips.hold.submit")}
            </button>
          </Form>
        </>
      ) : null}
      {trip.hold ? (
        <p class="hold-until">
          {untilBefore}
          <LocalTime c={c} instant={trip.hold.expiresAt} zone={trip.hospital.zone} />
          {untilAfter}{" "}
          <span
            class="countdown"
            data-countdown={trip.hold.expiresAt}
            data-now={c.var.deps.clock.now().toISOString()}
            data-label={t("trips.hold.left")}
          />
        </p>
      ) : null}
      {trip.status === "held" || trip.status === "confirmed" ? (
        due.amount > 0 ? (
          <>
            <p>{t("trips.pay.dueNow", { amount: fmt.money(due.amount, due.currency) })}</p>
            <PayByCard c={c} trip={trip} />
          </>
        ) : (
          <p>{t("trips.pay.nothingDue")}</p>
        )
      ) : null}
      {medical.amount > 0 ? (
        <p class="hint">{t("trips.pay.medical", { amount: fmt.money(medical.amount, medical.currency) })}</p>
      ) : null}
      {trip.status === "held" ? <p class="hint">{t("trips.hold.whileHeld")}</p> : null}
    </section>
  );
}
