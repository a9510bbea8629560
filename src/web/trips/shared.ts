import { getPatient } from "../../services/access/patients";
import { getItinerary, type ItineraryView } from "../../services/itineraries/index";
import { type WebContext, webServiceContext } from "../env";
import type { MessageKey, Translate } from "../i18n/index";
import type { FieldMessages } from "../ui/form";

export type Trip = ItineraryView;
export type TripComponent = Trip["components"][number];
export type ComponentKind = "flight" | "transfer" | "lodging" | "tour";
export const SEARCH_KINDS: readonly ComponentKind[] = ["flight", "transfer", "lodging", "tour"];

export function isSearchKind(x: unknown): x is ComponentKind {
  return typeof x === "string" && (SEARCH_KINDS as readonly string[]).includes(x);
}

/** The notices a redirect after a change may name (`?done=`), each a message of its own. */
export const NOTICES = {
  created: "trips.notice.created",
  added: "trips.notice.added",
  removed: "trips.notice.removed",
  replaced: "trips.notice.replaced",
  held: "trips.notice.held",
  paid: "trips.notice.paid",
  cancelled: "trips.notice.cancelled",
  offerAccepted: "offers.notice.accepted",
} as const satisfies Record<string, MessageKey>;

/**
 * The notice a redirect named, when it is still true: "your payment is being confirmed" only while the trip is
 * held with a card payment not yet applied (once the webhook confirms the trip, the state says it all).
 */
export function noticeFor(trip: Trip, done: string | undefined): MessageKey | undefined {
  if (!done || !(done in NOTICES)) return undefined;
  if (done === "paid" && !paymentPending(trip)) return undefined;
  return NOTICES[done as keyof typeof NOTICES];
}

/** A held trip with a card payment started and neither applied nor failed yet (the webhook has not come). */
function paymentPending(trip: Trip): boolean {
  const settled = ["succeeded", "failed", "canceled", "cancelled"];
  return trip.status === "held" && trip.payments.some((p) => p.kind === "payment" && !settled.includes(p.status));
}

/** What a page re-shown after a refused change says besides the trip itself. */
export interface TripPageState {
  notice?: MessageKey;
  /** The part of the page the refusal is about, where its messages are shown. */
  errorFor?: ComponentKind | "hold" | "pay" | "general";
  errors?: FieldMessages;
  /** A plain message for a refusal without field paths. */
  message?: string;
  /** The component a hold found sold out. */
  soldOut?: string;
  /** The search form values as the visitor typed them. */
  values?: Record<string, string>;
}

/** The trip as the API shows it, and the patient's home zone for dual times. */
export async function loadTrip(c: WebContext, id: string) {
  const ctx = webServiceContext(c);
  const trip = await getItinerary({ ctx, input: { id } });
  let homeZone: string | null = null;
  try {
    homeZone = (await getPatient({ ctx, input: { id: trip.patientId } })).timeZone;
  } catch {
    homeZone = null; // staff without access to the patient record still see the trip's local times
  }
  return { trip, homeZone };
}

/** A form's text field, trimmed; undefined when absent or empty. */
export function text(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (typeof v !== "string") return undefined;
  const trimmed = v.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** The version the form was rendered at (the API's If-Match). */
export function versionOf(body: Record<string, unknown>): number | undefined {
  const v = Number(text(body, "version"));
  return Number.isSafeInteger(v) && v > 0 ? v : undefined;
}

const d = (comp: TripComponent) => comp.details as Record<string, any>;

/** A component in one line, in the page's language (names of places and products as the catalog has them). */
export function describe(t: Translate, comp: TripComponent): string {
  const x = d(comp);
  switch (comp.type) {
    case "flight":
      return t("trips.component.flight", { number: x.flightNumber, from: x.origin.city, to: x.destination.city });
    case "transfer":
      return t(x.direction === "arrival" ? "trips.component.transferArrival" : "trips.component.transferDeparture", {
        airport: x.airport.code,
        vehicle: x.vehicleType,
      });
    case "lodging":
      return t("trips.component.lodging", { hotel: x.hotelName, room: x.roomType, rooms: x.rooms, nights: x.nights });
    case "tour":
      return t("trips.component.tour", { title: x.title, language: x.language });
    case "consultation":
      return t("trips.component.consultation");
    case "treatment":
      return t("trips.component.treatment", { nights: x.inpatientNights, days: x.fitToFlyDays });
    default:
      return comp.type;
  }
}

export function kindLabel(t: Translate, type: string): string {
  const key = `trips.kind.${type}` as MessageKey;
  return ["flight", "transfer", "lodging", "tour", "consultation", "treatment"].includes(type) ? t(key) : type;
}

/** Where a component happens and when, for its line on the page. */
export function whenOf(comp: TripComponent): { utc: string; zone: string } | null {
  const x = d(comp);
  const p = x.departure ?? x.pickup ?? x.checkIn ?? x.startsAt ?? x.admission;
  return p && typeof p.utc === "string" ? { utc: p.utc, zone: p.zone } : null;
}

const REFUSALS = new Set([
  "invalid_state",
  "quote_expired",
  "quote_withdrawn",
  "hold_window_passed",
  "hold_expired",
  "empty_itinerary",
  "timeline_invalid",
  "nothing_due",
  "payments_unavailable",
  "payment_provider_error",
  "cancellation_quote_expired",
  "cancellation_quote_stale",
  "cancellation_quote_used",
  "concurrent_change",
]);

/** A service refusal in the page's language when its code is one the trip pages know, else the service's words. */
export function refusalMessage(t: Translate, err: { code: string; message: string }): string {
  return REFUSALS.has(err.code) ? t(`trips.refusal.${err.code}` as MessageKey) : err.message;
}
