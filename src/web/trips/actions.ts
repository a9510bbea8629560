import type { ComponentInput } from "../../services/itineraries/index";
import { addComponent, holdItinerary, removeComponent, replaceComponent } from "../../services/itineraries/index";
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
import { startCheckout } from "../../services/payments/checkout";
import { type WebContext, webServiceContext } from "../env";
import { fieldMessages } from "../ui/form";
import { refusalText } from "../refusals";
import { type ComponentKind, isSearchKind, text, type TripPageState, versionOf } from "./shared";
import { tripPage } from "./trip-page";

type Body = Record<string, unknown>;

/** The component a form adds, from its hidden fields (the offer it was rendered from). */
function componentFrom(body: Body): ComponentInput | null {
  const type = text(body, "type");
  switch (type) {
    case "flight":
      return { type, flightId: text(body, "flightId") ?? "" };
    case "transfer":
      return {
        type,
        productId: text(body, "productId") ?? "",
        pickupAt: text(body, "pickupAt") ?? "",
        direction: text(body, "direction") === "departure" ? "departure" : "arrival",
      };
    case "lodging":
      return {
        type,
        roomTypeId: text(body, "roomTypeId") ?? "",
        checkIn: text(body, "checkIn") ?? "",
        checkOut: text(body, "checkOut") ?? "",
        rooms: 1,
      };
    case "tour":
      return { type, departureId: text(body, "departureId") ?? "" };
    default:
      return null;
  }
}

/**
 * A refused change re-shows the trip with the refusal beside the part it is about; someone else's
 * trip, or no sign-in, goes to the app's error handling (404, the sign-in page) as for any page.
 */
export async function refusal(c: WebContext, id: string, err: unknown, errorFor: TripPageState["errorFor"]) {
  if (!(err instanceof ServiceError) || err instanceof NotFoundError || err instanceof UnauthorizedError) throw err;
  if (err instanceof PreconditionFailedError || err instanceof PreconditionRequiredError)
    return tripPage(c, id, { errorFor: "general", message: c.var.web.t("trips.notice.stale") }, 409);
  if (err instanceof ConflictError && err.code === "sold_out") {
    const soldOut = err.errors?.[0]?.path.replace(/^components\./, "");
    return tripPage(c, id, { errorFor: "hold", soldOut, message: refusalText(c.var.web, err) }, 409);
  }
  const status = err instanceof ValidationError ? 400 : err instanceof ConflictError ? 409 : 422;
  return tripPage(
    c,
    id,
    { errorFor, message: refusalText(c.var.web, err), errors: fieldMessages(err.errors, c.var.web.t) },
    err instanceof ForbiddenError ? 403 : status,
  );
}

const done = (c: WebContext, id: string, what: string, anchor = "components") =>
  c.redirect(`/trips/${id}?done=${what}#${anchor}`, 303);

export async function addAction(c: WebContext) {
  const id = c.req.param("id")!;
  const body = await c.req.parseBody();
  const component = componentFrom(body);
  const kind: ComponentKind = isSearchKind(component?.type) ? component.type : "flight";
  try {
    if (!component) return await tripPage(c, id, { errorFor: kind, message: c.var.web.t("form.required") }, 400);
    await addComponent({ ctx: webServiceContext(c), input: { id, ifMatch: versionOf(body), component } });
  } catch (err) {
    return refusal(c, id, err, kind);
  }
  return done(c, id, "added");
}

export async function replaceAction(c: WebContext) {
  const id = c.req.param("id")!;
  const componentId = c.req.param("componentId")!;
  const body = await c.req.parseBody();
  const component = componentFrom(body);
  try {
    if (!component) return await tripPage(c, id, { errorFor: "hold", message: c.var.web.t("form.required") }, 400);
    const input = { id, componentId, ifMatch: versionOf(body), component };
    await replaceComponent({ ctx: webServiceContext(c), input });
  } catch (err) {
    return refusal(c, id, err, "hold");
  }
  return done(c, id, "replaced");
}

export async function removeAction(c: WebContext) {
  const id = c.req.param("id")!;
  const componentId = c.req.param("componentId")!;
  const body = await c.req.parseBody();
  try {
    await removeComponent({ ctx: webServiceContext(c), input: { id, componentId, ifMatch: versionOf(body) } });
  } catch (err) {
    return refusal(c, id, err, "general");
  }
  return done(c, id, "removed");
}

export async function holdAction(c: WebContext) {
  const id = c.req.param("id")!;
  const body = await c.req.parseBody();
  try {
    await holdItinerary({ ctx: webServiceContext(c), input: { id, ifMatch: versionOf(body) } });
  } catch (err) {
    return refusal(c, id, err, "hold");
  }
  return done(c, id, "held", "hold");
}

/** Sends the payer to the hosted card page; it comes back to the trip, where the webhook's outcome shows. */
export async function payAction(c: WebContext) {
  const id = c.req.param("id")!;
  const origin = new URL(c.req.url).origin;
  let url: string;
  try {
    const input = {
      id,
      successUrl: `${origin}/trips/${id}?done=paid#hold`,
      cancelUrl: `${origin}/trips/${id}#hold`,
      locale: c.var.web.locale,
    };
    url = (await startCheckout({ ctx: webServiceContext(c), input })).url;
  } catch (err) {
    return refusal(c, id, err, "pay");
  }
  return c.redirect(url, 303);
}
