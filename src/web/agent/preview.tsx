import {
  applyComponentChange,
  type ChangePreview,
  previewChange,
  recordBankTransfer,
} from "../../services/itineraries/index";
import type { ComponentChange } from "../../services/itineraries/schemas";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ServiceError,
  UnauthorizedError,
  ValidationError,
} from "../../services/errors";
import type { WebContext } from "../env";
import { Money, TableWrap } from "../ui/components";
import { fieldId, Form } from "../ui/form";
import { Layout } from "../ui/layout";
import { IssueNote } from "../trips/components";
import { describe, kindLabel, loadTrip, refusalMessage, type Trip } from "../trips/shared";
import { changeFrom, minorUnits, reasonFrom, versionFrom } from "./change-form";
import { editorPage } from "./editor";
import { AgentNav, consoleContext } from "./shared";

type M = { amount: number; currency: string };

/** The page status of a refusal: 400 for bad input, 409 for a conflict, 422 for a business rule. */
const statusOf = (err: ServiceError) =>
  err instanceof ValidationError ? (400 as const) : err instanceof ConflictError ? (409 as const) : (422 as const);

function PriceRow(p: { c: WebContext; label: string; before: M; after: M }) {
  const diff = { amount: p.after.amount - p.before.amount, currency: p.after.currency };
  return (
    <tr>
      <th scope="row">{p.label}</th>
      <td class="num">
        <Money c={p.c} {...p.before} />
      </td>
      <td class="num">
        <Money c={p.c} {...p.after} />
      </td>
      <td class="num">
        {diff.amount > 0 ? "+" : ""}
        <Money c={p.c} {...diff} />
      </td>
    </tr>
  );
}

function Prices({ c, p }: { c: WebContext; p: ChangePreview }) {
  const { t } = c.var.web;
  const b = p.before.totals;
  const a = p.after.totals;
  const h = b.hospitalCurrency.grandTotal.currency;
  const pc = b.patientCurrency.grandTotal.currency;
  return (
    <TableWrap label={t("agent.preview.caption")}>
      <table class="preview-prices">
        <caption>{t("agent.preview.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("agent.preview.item")}</th>
            <th scope="col" class="num">
              {t("agent.preview.before")}
            </th>
            <th scope="col" class="num">
              {t("agent.preview.after")}
            </th>
            <th scope="col" class="num">
              {t("agent.preview.difference")}
            </th>
          </tr>
        </thead>
        <tbody>
          <PriceRow
            c={c}
            label={t("agent.preview.grandTotal", { currency: h })}
            before={b.hospitalCurrency.grandTotal}
            after={a.hospitalCurrency.grandTotal}
          />
          <PriceRow
            c={c}
            label={t("agent.preview.grandTotal", { currency: pc })}
            before={b.patientCurrency.grandTotal}
            after={a.patientCurrency.grandTotal}
          />
          <PriceRow
            c={c}
            label={t("agent.preview.dueNow", { currency: h })}
            before={b.hospitalCurrency.dueNow}
            after={a.hospitalCurrency.dueNow}
          />
          <PriceRow
            c={c}
            label={t("agent.preview.dueNow", { currency: pc })}
            before={b.patientCurrency.dueNow}
            after={a.patientCurrency.dueNow}
          />
          <PriceRow
            c={c}
            label={t("agent.preview.atHospital", { currency: h })}
            before={b.hospitalCurrency.payableAtHospital}
            after={a.hospitalCurrency.payableAtHospital}
          />
        </tbody>
      </table>
    </TableWrap>
  );
}

function Hidden(p: { change: ComponentChange; version: number }) {
  return (
    <>
      <input type="hidden" name="change" value={JSON.stringify(p.change)} />
      <input type="hidden" name="version" value={String(p.version)} />
    </>
  );
}

function Reason({ c, id, value }: { c: WebContext; id: string; value?: string }) {
  const { t } = c.var.web;
  return (
    <div class="field">
      <label for={id}>{t("agent.preview.reason")}</label>
      <p class="hint" id={`${id}-hint`}>
        {t("agent.preview.reasonHint")}
      </p>
      <textarea id={id} name="reason" maxlength={500} rows={3} aria-describedby={`${id}-hint`}>
        {value ?? ""}
      </textarea>
    </div>
  );
}

/** The two ways on: apply now (when the change may apply directly) or send it to the patient as an offer. */
function Decide(p: { c: WebContext; trip: Trip; preview: ChangePreview; change: ComponentChange; reason?: string }) {
  const { c, trip, preview } = p;
  const { t } = c.var.web;
  const direct = !preview.offerRequired && preview.inventory.available;
  return (
    <section aria-labelledby="decide-title">
      <h2 id="decide-title">{t("agent.preview.what")}</h2>
      {preview.offerRequired ? <p class="notice">{t("agent.preview.offerRequired")}</p> : null}
      {direct ? (
        <Form c={c} action={`/agent/trips/${trip.id}/changes`} id="apply-form">
          <Hidden change={p.change} version={preview.version} />
          <Reason c={c} id="apply-reason" value={p.reason} />
          <button type="submit">{t("agent.preview.apply")}</button>
        </Form>
      ) : null}
      <Form c={c} action={`/agent/trips/${trip.id}/offers`} id="offer-form">
        <Hidden change={p.change} version={preview.version} />
        <Reason c={c} id="offer-reason" value={p.reason} />
        <div class="field">
          <label for={fieldId("validMinutes")}>{t("agent.preview.validMinutes")}</label>
          <p class="hint" id={`${fieldId("validMinutes")}-hint`}>
            {t("agent.preview.validHint")}
          </p>
          <input
            id={fieldId("validMinutes")}
            name="validMinutes"
            type="number"
            min="15"
            max="10080"
            value="1440"
            aria-describedby={`${fieldId("validMinutes")}-hint`}
          />
        </div>
        <button type="submit" class={direct ? "secondary" : undefined}>
          {t("agent.preview.offer")}
        </button>
      </Form>
    </section>
  );
}

function WhatChanges({ c, trip, preview }: { c: WebContext; trip: Trip; preview: ChangePreview }) {
  const { t } = c.var.web;
  const old = trip.components.find((x) => x.id === preview.change.componentId);
  const what = old ? describe(t, old) : kindLabel(t, preview.change.type);
  const key =
    preview.change.kind === "add"
      ? "agent.preview.add"
      : preview.change.kind === "replace"
        ? "agent.preview.replace"
        : "agent.preview.remove";
  return <p class="lead">{t(key, { what })}</p>;
}

function Outcome({ c, preview }: { c: WebContext; preview: ChangePreview }) {
  const { t, fmt } = c.var.web;
  const { balance, inventory, issues } = preview;
  const missing = inventory.needs.filter((n) => !n.ok);
  return (
    <>
      <h2>{t("agent.preview.money")}</h2>
      <p>{t("agent.preview.paid", { amount: fmt.money(balance.paid.amount, balance.paid.currency) })}</p>
      <p class="total-due">
        {balance.amountDue.amount > 0
          ? t("agent.preview.amountDue", { amount: fmt.money(balance.amountDue.amount, balance.amountDue.currency) })
          : balance.refund.amount > 0
            ? t("agent.preview.refund", { amount: fmt.money(balance.refund.amount, balance.refund.currency) })
            : t("agent.preview.settled")}
      </p>
      <h2>{t("agent.preview.inventory")}</h2>
      {inventory.needs.length === 0 ? (
        <p>{t("agent.preview.noInventory")}</p>
      ) : inventory.available ? (
        <p>{t("agent.preview.available")}</p>
      ) : (
        <p class="error-message" role="alert">
          {t("agent.preview.unavailable", {
            what: missing
              .map((n) =>
                t("agent.preview.need", { resource: n.resource, key: n.key, needed: n.needed, available: n.available }),
              )
              .join("; "),
          })}
        </p>
      )}
      <h2>{t("agent.preview.timeline")}</h2>
      {issues.created.length === 0 && issues.solved.length === 0 ? <p>{t("agent.preview.noIssues")}</p> : null}
      {issues.created.length ? <h3>{t("agent.preview.created")}</h3> : null}
      {issues.created.map((i) => (
        <IssueNote c={c} issue={i} />
      ))}
      {issues.solved.length ? <h3>{t("agent.preview.solved")}</h3> : null}
      {issues.solved.map((i) => (
        <IssueNote c={c} issue={{ ...i, severity: "warning" }} />
      ))}
    </>
  );
}

async function renderPreview(
  c: WebContext,
  change: ComponentChange,
  version: number | undefined,
  opts: { reason?: string; message?: string; status?: 200 | 409 | 422 } = {},
) {
  const ctx = consoleContext(c);
  const { t } = c.var.web;
  const id = c.req.param("id")!;
  const { trip } = await loadTrip(c, id);
  const preview = await previewChange({
    ctx,
    input: { id, ifMatch: version ?? trip.version, change, reason: opts.reason },
  });
  c.status(opts.status ?? 200);
  return c.html(
    <Layout c={c} title={t("agent.preview.title")} styles={["trips.css"]}>
      <h1>{t("agent.preview.title")}</h1>
      <AgentNav c={c} />
      {opts.message ? (
        <p class="error-message" role="alert">
          {opts.message}
        </p>
      ) : null}
      <WhatChanges c={c} trip={trip} preview={preview} />
      <h2>{t("agent.preview.price")}</h2>
      <Prices c={c} p={preview} />
      <Outcome c={c} preview={preview} />
      <Decide c={c} trip={trip} preview={{ ...preview, version: trip.version }} change={change} reason={opts.reason} />
      <p>
        <a href={`/agent/trips/${id}`}>{t("agent.preview.back")}</a>
      </p>
    </Layout>,
  );
}

/** A change that cannot be previewed (not a change the verb takes, or refused) goes back to the editor saying why. */
async function refused(c: WebContext, err: unknown) {
  if (!(err instanceof ServiceError) || err instanceof NotFoundError || err instanceof UnauthorizedError) throw err;
  if (err instanceof ForbiddenError) throw err;
  return editorPage(c, { message: refusalMessage(c.var.web.t, err) }, statusOf(err));
}

/** GET and POST /agent/trips/{id}/changes/preview: the change in `change` (JSON) or an offer's fields. */
export async function previewAction(c: WebContext) {
  consoleContext(c);
  const body = c.req.method === "POST" ? await c.req.parseBody() : c.req.query();
  const change = changeFrom(body);
  if (!change) return editorPage(c, { message: c.var.web.t("agent.preview.badChange") }, 400);
  try {
    return await renderPreview(c, change, versionFrom(body), { reason: reasonFrom(body) });
  } catch (err) {
    return refused(c, err);
  }
}

/** POST /agent/trips/{id}/changes: "Apply now" — the change-components verb, atomically, with the reason. */
export async function applyAction(c: WebContext) {
  const ctx = consoleContext(c);
  const id = c.req.param("id")!;
  const body = await c.req.parseBody();
  const change = changeFrom(body);
  const reason = reasonFrom(body);
  if (!change) return editorPage(c, { message: c.var.web.t("agent.preview.badChange") }, 400);
  if (reason && reason.length > 500)
    return renderPreview(c, change, versionFrom(body), { reason: reason.slice(0, 500), status: 422 });
  try {
    await applyComponentChange({ ctx, input: { id, ifMatch: versionFrom(body), change, reason } });
  } catch (err) {
    if (err instanceof PreconditionFailedError || err instanceof PreconditionRequiredError)
      return renderPreview(c, change, undefined, { reason, message: c.var.web.t("agent.preview.stale"), status: 409 });
    if (err instanceof ServiceError && !(err instanceof NotFoundError) && !(err instanceof ForbiddenError)) {
      const message = refusalMessage(c.var.web.t, err);
      try {
        return await renderPreview(c, change, undefined, {
          reason,
          message,
          status: statusOf(err) === 409 ? 409 : 422,
        });
      } catch (again) {
        return refused(c, again);
      }
    }
    throw err;
  }
  return c.redirect(`/agent/trips/${id}?done=changed`, 303);
}

/** POST /agent/trips/{id}/bank-transfers: a transfer received for a held trip (the payments verb confirms it). */
export async function bankTransferAction(c: WebContext) {
  const ctx = consoleContext(c);
  const { t } = c.var.web;
  const id = c.req.param("id")!;
  const body = await c.req.parseBody();
  const { trip } = await loadTrip(c, id);
  const currency = trip.balance.outstanding.currency;
  const values = {
    reference: typeof body.reference === "string" ? body.reference.trim() : "",
    amount: typeof body.amount === "string" ? body.amount.trim() : "",
  };
  const amount = minorUnits(values.amount, currency);
  const errors: Record<string, string> = {};
  if (!values.reference || values.reference.length > 200) errors.reference = t("form.required");
  if (amount === null) errors.amount = t("agent.bank.amountHint", { currency });
  if (Object.keys(errors).length) return editorPage(c, { values, errors }, 400);
  try {
    const input = {
      id,
      ifMatch: versionFrom(body),
      reference: values.reference,
      amount: { amount: amount!, currency },
    };
    await recordBankTransfer({ ctx, input });
  } catch (err) {
    if (!(err instanceof ServiceError) || err instanceof NotFoundError || err instanceof ForbiddenError) throw err;
    const message =
      err.code === "amount_mismatch"
        ? t("agent.bank.outstanding", { amount: c.var.web.fmt.money(trip.balance.outstanding.amount, currency) })
        : refusalMessage(t, err);
    return editorPage(c, { values, errors: { amount: message }, message }, statusOf(err) === 409 ? 409 : 422);
  }
  return c.redirect(`/agent/trips/${id}?done=transfer#bank`, 303);
}
