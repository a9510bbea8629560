import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ServiceError,
  UnauthorizedError,
} from "../../services/errors";
import { acceptChangeOffer, createChangeOffer, declineChangeOffer } from "../../services/offers/index";
import { CreateOfferBodySchema, OFFER_MINUTES } from "../../services/offers/schemas";
import { type WebContext, webServiceContext } from "../env";
import type { MessageKey, Translate } from "../i18n/index";
import { fieldMessages } from "../ui/form";
import { text, versionOf } from "../trips/shared";
import { offerPage } from "./page";
import { sendOfferPage } from "./send";

const REFUSALS = new Set(["offer-expired", "offer-superseded", "offer-closed", "offer-stale", "offer-inventory-gone"]);

/** A decision's refusal in the page's language when the offer pages know its code, else the service's words. */
function refusalMessage(t: Translate, err: ServiceError): string {
  if (err instanceof PreconditionFailedError || err instanceof PreconditionRequiredError)
    return t("offers.refusal.offer-stale");
  return REFUSALS.has(err.code) ? t(`offers.refusal.${err.code}` as MessageKey) : err.message;
}

/** A refused decision re-shows the offer with why; others' offers and sign-in go to the app's handling. */
function refused(c: WebContext, err: unknown) {
  if (!(err instanceof ServiceError) || err instanceof NotFoundError || err instanceof UnauthorizedError) throw err;
  if (!(err instanceof ConflictError || err instanceof PreconditionFailedError)) throw err;
  return offerPage(c, { message: refusalMessage(c.var.web.t, err) }, 409);
}

/** The patient accepts; with money left to pay they land on the trip's pay step, else on the trip. */
export async function acceptAction(c: WebContext) {
  const id = c.req.param("id")!;
  const offerId = c.req.param("offerId")!;
  const body = await c.req.parseBody();
  let due: number;
  try {
    const input = { id, offerId, ifMatch: versionOf(body) };
    due = (await acceptChangeOffer({ ctx: webServiceContext(c), input })).outstanding.amount;
  } catch (err) {
    return refused(c, err);
  }
  return c.redirect(`/trips/${id}?done=offerAccepted${due > 0 ? "#hold" : ""}`, 303);
}

export async function declineAction(c: WebContext) {
  const id = c.req.param("id")!;
  const offerId = c.req.param("offerId")!;
  const body = await c.req.parseBody();
  try {
    await declineChangeOffer({ ctx: webServiceContext(c), input: { id, offerId, ifMatch: versionOf(body) } });
  } catch (err) {
    return refused(c, err);
  }
  return c.redirect(`/trips/${id}/offers/${offerId}?done=declined`, 303);
}

function parseChange(raw: string | undefined): unknown {
  if (!raw || raw.length > 20_000) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The agent's "Send to the patient as an offer" from the change preview: the same hidden `change`
 * and `version` as "Apply now", a reason and how long it lasts. Refused input re-shows the form with
 * each message beside its field; sent, the agent lands on the offer's page (read only for them).
 */
export async function sendOfferAction(c: WebContext) {
  const id = c.req.param("id")!;
  const body = await c.req.parseBody();
  const values = {
    change: typeof body.change === "string" ? body.change : "",
    version: text(body, "version") ?? "",
    reason: typeof body.reason === "string" ? body.reason : "",
    validMinutes: text(body, "validMinutes") ?? String(OFFER_MINUTES.default),
  };
  const minutes = Number(values.validMinutes);
  const parsed = CreateOfferBodySchema.safeParse({
    change: parseChange(values.change),
    reason: values.reason,
    validMinutes: Number.isFinite(minutes) ? minutes : values.validMinutes,
  });
  const { t } = c.var.web;
  if (!parsed.success) {
    const errors = fieldMessages(
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      t,
    );
    if (Object.keys(errors).some((k) => k.startsWith("change"))) errors.change = t("offers.send.badChange");
    return sendOfferPage(c, id, values, errors, 400);
  }
  try {
    const input = { ...parsed.data, id, ifMatch: versionOf(body) };
    const offer = await createChangeOffer({ ctx: webServiceContext(c), input });
    return c.redirect(`/trips/${id}/offers/${offer.id}?done=sent`, 303);
  } catch (err) {
    if (!(err instanceof ServiceError) || err instanceof NotFoundError || err instanceof UnauthorizedError) throw err;
    if (err instanceof ForbiddenError) throw err;
    const status = err instanceof ConflictError || err instanceof PreconditionFailedError ? 409 : 422;
    const errors = fieldMessages(err.errors, t);
    return sendOfferPage(c, id, values, { ...errors, general: err.message }, status);
  }
}
