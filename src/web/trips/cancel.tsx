import type { Child } from "hono/jsx";
import { ConflictError, ForbiddenError, PreconditionFailedError } from "../../services/errors";
import { confirmCancellation, mayConfirmCancellation, quoteCancellation } from "../../services/itineraries/index";
import { type WebContext, webServiceContext } from "../env";
import { LocalTime, Money } from "../ui/components";
import { Form } from "../ui/form";
import { Layout } from "../ui/layout";
import { refusalText } from "../refusals";
import { describe, kindLabel, loadTrip, text, type Trip, versionOf } from "./shared";
import { TableWrap } from "../ui/components";

type CancellationQuote = Awaited<ReturnType<typeof quoteCancellation>>;

/** The refund per component, the fees and the total. */
function RefundTable({ c, quote: q, trip }: { c: WebContext; quote: CancellationQuote; trip: Trip }) {
  const { t } = c.var.web;
  const comps = new Map(trip.components.map((x) => [x.id, x]));
  return (
    <TableWrap label={t("trips.cancel.title")}>
      <table class="cancel-quote">
        <caption>{t("trips.cancel.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("trips.cancel.component")}</th>
            <th scope="col">{t("trips.cancel.price")}</th>
            <th scope="col">{t("trips.cancel.refund")}</th>
          </tr>
        </thead>
        <tbody>
          {q.components.map((line) => {
            const comp = comps.get(line.componentId);
            return (
              <tr>
                <th scope="row">
                  {kindLabel(t, line.type)}
                  {comp ? `: ${describe(t, comp)}` : ""}
                </th>
                <td>
                  <Money c={c} amount={line.price.amount} currency={line.price.currency} />
                </td>
                <td>
                  <Money c={c} amount={line.refund.amount} currency={line.refund.currency} />
                </td>
              </tr>
            );
          })}
          <tr>
            <th scope="row">{t("trips.cancel.fees")}</th>
            <td />
            <td>
              <Money c={c} amount={q.fees.amount} currency={q.fees.currency} />
            </td>
          </tr>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("trips.cancel.total")}</th>
            <td />
            <td>
              <strong>
                <Money c={c} amount={q.totalRefund.amount} currency={q.totalRefund.currency} />
              </strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </TableWrap>
  );
}

/** The cancellation quoted first: the refund per component, the fees, the total, and until when it holds. */
export async function cancelPage(c: WebContext, message?: Child) {
  const { t, fmt } = c.var.web;
  const id = c.req.param("id")!;
  const { trip, homeZone } = await loadTrip(c, id);
  const ctx = webServiceContext(c);
  const q = await quoteCancellation({ ctx, input: { id } });
  const mayConfirm = await mayConfirmCancellation({ ctx, input: { id } });
  const [validBefore, validAfter] = t("trips.cancel.validUntil").split("{time}");
  c.status(message ? 409 : 200);
  return c.html(
    <Layout c={c} title={t("trips.cancel.title")} styles={["trips.css"]}>
      <h1>{t("trips.cancel.title")}</h1>
      {message ? (
        <p class="error-message" role="alert">
          {message}
        </p>
      ) : null}
      <p>{t("trips.cancel.lead")}</p>
      <p>{t("trips.cancel.paid", { amount: fmt.money(q.paid.amount, q.paid.currency) })}</p>
      <RefundTable c={c} quote={q} trip={trip} />
      <p>
        {validBefore}
        <LocalTime c={c} instant={q.expiresAt} zone={trip.hospital.zone} homeZone={homeZone} />
        {validAfter}
      </p>
      {mayConfirm ? (
        <Form c={c} action={`/trips/${id}/cancel`}>
          <input type="hidden" name="cancellationQuoteId" value={q.id} />
          <input type="hidden" name="version" value={String(q.itineraryVersion)} />
          <button type="submit" class="danger">
            {t("trips.cancel.confirm")}
          </button>{" "}
          <a href={`/trips/${id}`}>{t("trips.cancel.keep")}</a>
        </Form>
      ) : (
        <p class="notice">
          {t("trips.cancel.byAgent")} <a href={`/trips/${id}`}>{t("trips.cancel.keep")}</a>
        </p>
      )}
    </Layout>,
  );
}

/** Confirms exactly the quoted cancellation; a stale or expired quote is quoted again with the reason. */
export async function cancelAction(c: WebContext) {
  const id = c.req.param("id")!;
  const body = await c.req.parseBody();
  const input = { id, ifMatch: versionOf(body), cancellationQuoteId: text(body, "cancellationQuoteId") ?? "" };
  try {
    await confirmCancellation({ ctx: webServiceContext(c), input });
  } catch (err) {
    if (err instanceof ConflictError || err instanceof PreconditionFailedError || err instanceof ForbiddenError)
      return cancelPage(c, refusalText(c.var.web, err));
    throw err;
  }
  return c.redirect(`/trips/${id}?done=cancelled`, 303);
}
