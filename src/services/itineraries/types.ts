import type { Kysely, Transaction } from "kysely";
import type {
  consultationsById,
  departuresById,
  flightsById,
  roomsById,
  transfersById,
} from "../../data/component-catalog-repo";
import type { Need } from "../../data/inventory-repo";
import type { Database, ComponentRow } from "../../data/schema";
import type { InUnitOfWork } from "../../data/unit-of-work";
import type { PolicyInput } from "../../domain/cancellation/policy";
import type { PricedMedicalLine } from "../../domain/pricing/medical";
import type { TravelLine } from "../../domain/pricing/totals";
import type { TimelineInput } from "../../domain/timeline/index";
import type { ServiceContext } from "../context";

/** A handle outside or inside a unit of work. */
export type Db = Kysely<Database> | Transaction<Database>;
/** A service context inside a unit of work: `uow.db` is its transaction, the only handle there. */
export type Uow = ServiceContext & InUnitOfWork<ServiceContext>;

export interface Traveler {
  id: string;
  fullName: string;
  role: "patient" | "companion";
  languages: string[];
  needsLodging: boolean;
  wheelchair: boolean;
  nationality: string | null;
  passportNumberEnc: string | null;
  birthDateEnc: string | null;
}

export type ActivityRestriction = {
  activity: "strenuous" | "walking_tours" | "altitude" | "flying" | "swimming" | "other";
  days: number;
};

/** A component as stored (`params` column plus its type). */
export type ComponentParams =
  | { type: "flight"; flightId: string; travelerIds: string[] }
  | { type: "transfer"; productId: string; pickupAt: string; direction: "arrival" | "departure"; travelerIds: string[] }
  | { type: "lodging"; roomTypeId: string; checkIn: string; checkOut: string; rooms: number; travelerIds: string[] }
  | { type: "tour"; departureId: string; travelerIds: string[] }
  | { type: "consultation"; consultationId: string }
  | {
      type: "treatment";
      quoteId: string;
      admissionDate: string;
      inpatientNights: number;
      fitToFlyDays: number;
      activityRestrictions: ActivityRestriction[];
      medicalLines: PricedMedicalLine[];
    };

/** One kind of stored component. */
export type ParamsOf<K extends ComponentParams["type"]> = Extract<ComponentParams, { type: K }>;

/** A component with everything the itinerary needs from the catalog: price, inventory, timeline, policy, display. */
export interface ResolvedComponent {
  id: string;
  type: ComponentRow["type"];
  position: number;
  params: ComponentParams;
  details: Record<string, unknown>;
  travel: TravelLine | null;
  medical: PricedMedicalLine[];
  needs: Need[];
  /** The latest instant a hold on this component can last (it starts then). */
  holdLimit: string | null;
  policy: PolicyInput;
  timeline: Partial<Omit<TimelineInput, "hospital" | "travelers">>;
}

export type FlightRow = Awaited<ReturnType<typeof flightsById>>[number];
export type TransferRow = Awaited<ReturnType<typeof transfersById>>[number];
export type RoomRow = Awaited<ReturnType<typeof roomsById>>[number];
export type DepartureRow = Awaited<ReturnType<typeof departuresById>>[number];
export type ConsultationRow = Awaited<ReturnType<typeof consultationsById>>[number];

/** The catalog rows a set of components needs: one query per table kind, each with its airports or hotel joined in. */
export interface CatalogRows {
  flights: Map<string, FlightRow>;
  transfers: Map<string, TransferRow>;
  rooms: Map<string, RoomRow>;
  departures: Map<string, DepartureRow>;
  consultations: Map<string, ConsultationRow>;
}

export const money = (amount: number, currency: string) => ({ amount, currency });
