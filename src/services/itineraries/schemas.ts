/** What the itinerary verbs take. */

export interface TravelerInput {
  fullName: string;
  role: "patient" | "companion";
  languages?: string[];
  needsLodging?: boolean;
  wheelchair?: boolean;
  nationality?: string;
  passportNumber?: string;
  birthDate?: string;
}

export type ComponentInput =
  | { type: "flight"; flightId: string; travelerIds?: string[] }
  | {
      type: "transfer";
      productId: string;
      pickupAt: string;
      direction: "arrival" | "departure";
      travelerIds?: string[];
    }
  | { type: "lodging"; roomTypeId: string; checkIn: string; checkOut: string; rooms?: number; travelerIds?: string[] }
  | { type: "tour"; departureId: string; travelerIds?: string[] }
  | { type: "consultation"; consultationId: string }
  | {
      type: "treatment";
      quoteId?: string;
      admissionDate?: string;
      inpatientNights?: number;
      fitToFlyDays?: number;
      activityRestrictions?: {
        activity: "strenuous" | "walking_tours" | "altitude" | "flying" | "swimming" | "other";
        days: number;
      }[];
    };

export interface CreateItineraryInput {
  patientId?: string;
  hospitalId?: string;
  quoteId?: string;
  currency?: string;
  notes?: string;
  travelers: TravelerInput[];
  components?: ComponentInput[];
}
