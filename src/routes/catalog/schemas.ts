import { z } from "@hono/zod-openapi";
import { CurrencyCode, IsoDate, LanguageCode, LocalTimeSchema, MoneySchema, page } from "../common-schemas";

export const DepartmentSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    languages: z.array(z.string()),
    servesForeignPatients: z.boolean().openapi({
      description:
        "Marked by the hospital (international clinic, VIP ward…): it charges only the standard class's " +
        "domestic price for every code.",
    }),
  })
  .openapi("Department");

export const HospitalSchema = z
  .object({
    id: z.string().openapi({ example: "hsp_xjph" }),
    name: z.string(),
    nameLocal: z.string(),
    city: z.string(),
    country: z.string(),
    zone: z
      .string()
      .openapi({ description: "IANA zone the hospital keeps (Urumqi hospitals may keep Asia/Shanghai)." }),
    currency: CurrencyCode,
    languages: z.array(z.string()),
    internationalBeds: z.number().int(),
    address: z.string(),
    location: z.object({ latitude: z.number(), longitude: z.number() }),
    departments: z.array(DepartmentSchema),
  })
  .openapi("Hospital");
export type Hospital = z.infer<typeof HospitalSchema>;
export const HospitalPageSchema = page(HospitalSchema, "HospitalPage");

export const TariffItemSchema = z
  .object({
    code: z.string().openapi({ example: "CARD-CABG" }),
    name: z
      .record(z.string(), z.string())
      .openapi({ example: { en: "Coronary artery bypass graft", ru: "АКШ", zh: "冠状动脉旁路移植术" } }),
    department: z.string(),
    serviceClass: z.string().openapi({ example: "standard" }),
    kind: z.string().openapi({ example: "procedure" }),
    unit: z.string(),
    unitPrice: MoneySchema,
    description: z.string().nullable(),
  })
  .openapi("TariffItem");

export const TariffVersionRefSchema = z
  .object({ id: z.string(), version: z.number().int(), effectiveFrom: IsoDate, currency: CurrencyCode })
  .openapi("TariffVersionRef");

export const TreatmentPageSchema = z
  .object({
    hospitalId: z.string(),
    date: IsoDate.openapi({ description: "Hospital-local date the tariff is in force on." }),
    tariffVersion: TariffVersionRefSchema.nullable(),
    data: z.array(TariffItemSchema),
    nextCursor: z.string().nullable(),
  })
  .openapi("TreatmentPage");

export const AirportSchema = z
  .object({ code: z.string(), name: z.string(), city: z.string(), country: z.string(), zone: z.string() })
  .openapi("Airport");
export const AirportListSchema = z.object({ data: z.array(AirportSchema) }).openapi("AirportList");

const PlaceRef = z.object({ code: z.string(), city: z.string(), zone: z.string() });

export const FlightSchema = z
  .object({
    id: z.string(),
    carrier: z.string(),
    flightNumber: z.string(),
    origin: PlaceRef,
    destination: PlaceRef,
    departure: LocalTimeSchema,
    arrival: LocalTimeSchema,
    durationMinutes: z.number().int(),
    cabin: z.string(),
    seatsLeft: z.number().int(),
    farePerPassenger: MoneySchema,
    totalFare: MoneySchema,
  })
  .openapi("Flight");
export const FlightPageSchema = page(FlightSchema, "FlightPage");

export const TransferOfferSchema = z
  .object({
    id: z.string(),
    airport: PlaceRef,
    hospitalId: z.string(),
    vehicleType: z.string().openapi({ example: "wheelchair_van" }),
    wheelchairAccessible: z.boolean(),
    maxPassengers: z.number().int(),
    durationMinutes: z.number().int(),
    price: MoneySchema,
    availability: z.object({
      hour: LocalTimeSchema,
      vehiclesPerHour: z.number().int(),
      vehiclesLeft: z.number().int(),
    }),
  })
  .openapi("TransferOffer");
export const TransferPageSchema = page(TransferOfferSchema, "TransferPage");

export const RoomOfferSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    maxGuests: z.number().int(),
    accessible: z.boolean(),
    nightlyRate: MoneySchema,
    stayTotal: MoneySchema,
    roomsLeft: z.number().int().openapi({ description: "Fewest rooms left on any night of the stay." }),
  })
  .openapi("RoomOffer");

export const LodgingOfferSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    city: z.string(),
    zone: z.string(),
    address: z.string(),
    stars: z.number().int(),
    languages: z.array(z.string()),
    distanceToHospitalMeters: z.number().int(),
    checkInTime: z.string(),
    checkOutTime: z.string(),
    roomTypes: z.array(RoomOfferSchema),
  })
  .openapi("LodgingOffer");
export const LodgingPageSchema = z
  .object({
    checkIn: IsoDate,
    checkOut: IsoDate,
    nights: z.number().int(),
    data: z.array(LodgingOfferSchema),
    nextCursor: z.string().nullable(),
  })
  .openapi("LodgingPage");

export const TourDepartureSchema = z
  .object({
    departureId: z.string(),
    tourId: z.string(),
    title: z.string(),
    description: z.string(),
    city: z.string(),
    language: LanguageCode,
    intensity: z.enum(["low", "moderate", "high"]),
    durationMinutes: z.number().int(),
    wheelchairAccessible: z.boolean(),
    startsAt: LocalTimeSchema,
    endsAt: LocalTimeSchema,
    pricePerPerson: MoneySchema,
    placesLeft: z.number().int(),
  })
  .openapi("TourDeparture");
export const TourPageSchema = page(TourDepartureSchema, "TourPage");

export const AgencySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    country: z.string(),
    feePolicy: z.object({
      percentOfTravelBasisPoints: z
        .number()
        .int()
        .openapi({ description: "Concierge fee as basis points of the travel subtotal." }),
      flat: MoneySchema,
    }),
  })
  .openapi("Agency");
export const AgencyListSchema = z.object({ data: z.array(AgencySchema) }).openapi("AgencyList");
