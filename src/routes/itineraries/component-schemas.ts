import { z } from "@hono/zod-openapi";
import { LocalTimeSchema, MoneySchema } from "../common-schemas";

const TravelerIdList = z.array(z.string()).openapi({ description: "The travelers this component is for (`t1`, …)." });
const PlaceRef = z.object({
  code: z.string().openapi({ example: "URC" }),
  city: z.string(),
  zone: z.string().openapi({ example: "Asia/Urumqi" }),
});

/** Each component type's `details`, as `services/itineraries/resolve-travel.ts` and `resolve-medical.ts` build them. */
export const FlightDetailsSchema = z
  .object({
    flightId: z.string(),
    flightNumber: z.string(),
    carrier: z.string(),
    origin: PlaceRef,
    destination: PlaceRef,
    departure: LocalTimeSchema.openapi({ description: "In the origin's zone." }),
    arrival: LocalTimeSchema.openapi({ description: "In the destination's zone." }),
    seats: z.number().int(),
    travelerIds: TravelerIdList,
  })
  .openapi("FlightDetails");
export const TransferDetailsSchema = z
  .object({
    productId: z.string(),
    vehicleType: z.string().openapi({ example: "wheelchair_van" }),
    wheelchairAccessible: z.boolean(),
    airport: PlaceRef,
    direction: z.enum(["arrival", "departure"]),
    pickup: LocalTimeSchema.openapi({ description: "In the airport's zone." }),
    durationMinutes: z.number().int(),
    travelerIds: TravelerIdList,
  })
  .openapi("TransferDetails");
export const LodgingDetailsSchema = z
  .object({
    hotelId: z.string(),
    hotelName: z.string(),
    roomTypeId: z.string(),
    roomType: z.string(),
    accessible: z.boolean(),
    rooms: z.number().int(),
    nights: z.number().int(),
    checkIn: LocalTimeSchema.openapi({ description: "The hotel's check-in time on the first night, hotel-local." }),
    checkOut: LocalTimeSchema.openapi({ description: "The hotel's check-out time on the departure day, hotel-local." }),
    travelerIds: TravelerIdList,
  })
  .openapi("LodgingDetails");
export const TourDetailsSchema = z
  .object({
    departureId: z.string(),
    tourId: z.string(),
    title: z.string(),
    language: z.string(),
    intensity: z.enum(["low", "moderate", "high"]),
    startsAt: LocalTimeSchema,
    endsAt: LocalTimeSchema,
    participants: z.number().int(),
    travelerIds: TravelerIdList,
  })
  .openapi("TourDetails");
export const ConsultationDetailsSchema = z
  .object({
    consultationId: z.string(),
    mode: z.enum(["video", "in_person"]),
    status: z.enum(["requested", "scheduled", "completed", "cancelled"]),
    department: z.string(),
    startsAt: LocalTimeSchema.nullable().openapi({ description: "Null until the consultation is scheduled." }),
    price: MoneySchema.openapi({ description: "Always zero: consultations are free." }),
  })
  .openapi("ConsultationDetails");
export const TreatmentDetailsSchema = z
  .object({
    quoteId: z.string(),
    admission: LocalTimeSchema.openapi({ description: "08:00 hospital time on the admission date." }),
    discharge: LocalTimeSchema.openapi({ description: "10:00 hospital time after the inpatient nights." }),
    inpatientNights: z.number().int(),
    fitToFlyDays: z.number().int(),
    activityRestrictions: z.array(
      z.object({
        activity: z.enum(["strenuous", "walking_tours", "altitude", "flying", "swimming", "other"]),
        days: z.number().int(),
        note: z.string().optional(),
      }),
    ),
    medicalTotal: MoneySchema,
    payableAt: z.literal("hospital"),
  })
  .openapi("TreatmentDetails");

const componentOf = <T extends string, D extends z.ZodTypeAny>(type: T, details: D, name: string) =>
  z
    .object({
      id: z.string(),
      type: z.literal(type),
      position: z.number().int(),
      details,
      price: MoneySchema,
      payableAt: z.enum(["hospital", "caravan"]),
      inventory: z.enum(["none", "held", "booked"]),
      cancellation: z
        .array(z.object({ before: LocalTimeSchema, refund: MoneySchema }))
        .openapi({ description: "Refund if cancelled before each instant (local time of the component's place)." }),
    })
    .openapi(name);

export const ItineraryComponentSchema = z
  .discriminatedUnion("type", [
    componentOf("flight", FlightDetailsSchema, "FlightComponent"),
    componentOf("transfer", TransferDetailsSchema, "TransferComponent"),
    componentOf("lodging", LodgingDetailsSchema, "LodgingComponent"),
    componentOf("tour", TourDetailsSchema, "TourComponent"),
    componentOf("consultation", ConsultationDetailsSchema, "ConsultationComponent"),
    componentOf("treatment", TreatmentDetailsSchema, "TreatmentComponent"),
  ])
  .openapi("ItineraryComponent", { description: "One component; `type` says which `details` it carries." });
