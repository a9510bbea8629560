import type { TimelineEventType } from "../../domain/timeline/types";
import type { MessageKey, Translate } from "../i18n/index";

/** What a timeline event is told from: its kind, its component, and the trip's hospital and components. */
export interface EventOf {
  type: string;
  componentId: string;
  location?: string | null;
}
export interface TripSubjects {
  hospital: { name: string };
  components: readonly { id: string; type: string; details: unknown }[];
}

export const EVENT_TYPES: readonly TimelineEventType[] = [
  "consultation",
  "flight_departure",
  "flight_arrival",
  "transfer",
  "check_in",
  "check_out",
  "admission",
  "discharge",
  "tour",
];

type Details = Record<string, any>;
type Place = { code?: string | null; city?: string };

/** "Almaty (ALA)", as the domain names an airport; the catalog's names as they are. */
const airport = (p: Place) => (p.code ? `${p.city} (${p.code})` : (p.city ?? ""));
const isPlace = (p: unknown): p is Place => !!p && typeof p === "object" && typeof (p as Place).city === "string";

function detailsOf(trip: TripSubjects, e: EventOf): Details | null {
  const comp = trip.components.find((c) => c.id === e.componentId);
  return comp && comp.details && typeof comp.details === "object" ? (comp.details as Details) : null;
}

/** The title with its subject in the page's language, or null when the component does not name one. */
function withSubject(t: Translate, type: string, x: Details | null, hospital: string): string | null {
  switch (type) {
    case "consultation":
      return t(x?.mode === "video" ? "trips.event.title.videoConsultation" : "trips.event.title.consultation", {
        hospital,
      });
    case "admission":
    case "discharge":
      return t(`trips.event.title.${type}`, { hospital });
    case "flight_departure":
    case "flight_arrival":
      if (!x || typeof x.flightNumber !== "string" || !isPlace(x.origin) || !isPlace(x.destination)) return null;
      return t(`trips.event.title.${type}`, {
        flight: x.flightNumber,
        from: airport(x.origin),
        to: airport(x.destination),
      });
    case "transfer":
      if (!x || !isPlace(x.airport)) return null;
      return t(
        x.direction === "arrival" ? "trips.event.title.transferArrival" : "trips.event.title.transferDeparture",
        {
          airport: airport(x.airport),
        },
      );
    case "check_in":
    case "check_out":
      return x && typeof x.hotelName === "string" ? t(`trips.event.title.${type}`, { hotel: x.hotelName }) : null;
    case "tour":
      return x && typeof x.title === "string" ? t("trips.event.title.tour", { title: x.title }) : null;
    default:
      return null;
  }
}

/**
 * A timeline event's title in the page's language — "Вылет рейса KC871: Almaty (ALA) → Urumqi (URC)" —
 * composed from its kind and its component's subject; the kind alone when the trip lacks the component.
 */
export function eventTitle(t: Translate, e: EventOf, trip: TripSubjects): string {
  const titled = withSubject(t, e.type, detailsOf(trip, e), trip.hospital.name);
  if (titled) return titled;
  return (EVENT_TYPES as readonly string[]).includes(e.type) ? t(`trips.event.${e.type}` as MessageKey) : e.type;
}

/**
 * Where the event happens, less what the title already says ("Yindu Hotel, Urumqi" after "Check in at
 * Yindu Hotel" is "Urumqi"): names as the catalog has them; a video consultation's video call in the
 * page's language.
 */
export function eventPlace(t: Translate, e: EventOf, trip: TripSubjects, title: string): string | null {
  if (e.type === "consultation" && detailsOf(trip, e)?.mode === "video") return t("trips.event.videoCall");
  if (!e.location) return null;
  const parts = e.location.split(", ");
  while (parts.length && title.includes(parts[0]!)) parts.shift();
  return parts.length ? parts.join(", ") : null;
}
