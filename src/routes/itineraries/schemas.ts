import { z } from "@hono/zod-openapi";
import {
  BankTransferBodySchema,
  CancelBodySchema,
  CreateItineraryInputSchema,
} from "../../services/itineraries/schemas";
import { IsoDate, LocalTimeSchema, MoneySchema, page } from "../common-schemas";
import { ItineraryComponentSchema } from "./component-schemas";

export * from "./component-schemas";

/** The verbs' inputs, as the services define them (nested ones carry their contract names). */
export { ComponentInputSchema, TravelerInputSchema } from "../../services/itineraries/schemas";

export const CreateItinerarySchema = CreateItineraryInputSchema.meta({ id: "ItineraryInput" });

export const BankTransferBody = BankTransferBodySchema.extend({ amount: MoneySchema }).meta({
  id: "BankTransferInput",
});

export const CancelBody = CancelBodySchema.meta({ id: "CancelInput" });

const TotalsBlock = z.object({
  medical: MoneySchema,
  travel: MoneySchema,
  fees: MoneySchema,
  dueNow: MoneySchema,
  payableAtHospital: MoneySchema,
  grandTotal: MoneySchema,
});

export const ItineraryMedicalLineSchema = z
  .object({
    componentId: z.string().nullable().openapi({ description: "The treatment component the line belongs to." }),
    lineNo: z.number().int(),
    code: z.string(),
    name: z.record(z.string(), z.string()).openapi({
      description: "By language code.",
      example: { en: "Coronary artery bypass graft", zh: "冠状动脉旁路移植术" },
    }),
    department: z.string(),
    serviceClass: z.string(),
    quantity: z.number().int(),
    serviceDate: IsoDate,
    unitPrice: MoneySchema.openapi({ description: "Exactly the domestic unit price." }),
    standardUnitPrice: MoneySchema.nullable().openapi({
      description:
        "On a premium-class line: the standard class's domestic unit price of the same code. Null on a " +
        "standard-class line.",
    }),
    lineTotal: MoneySchema,
    tariffVersion: z.number().int().openapi({ description: "The tariff version the price comes from." }),
  })
  .openapi("ItineraryMedicalLine");

export const TravelLineSchema = z
  .object({
    kind: z.enum(["flight", "transfer", "lodging", "tour"]),
    ref: z
      .string()
      .openapi({ description: "The catalog id priced (flight, transfer product, room type, tour departure)." }),
    description: z.string(),
    quantity: z.number().int(),
    unitPrice: MoneySchema,
    total: MoneySchema,
  })
  .openapi("TravelLine");

export const FeeLineSchema = z
  .object({ kind: z.enum(["concierge_percent", "concierge_flat"]), description: z.string(), amount: MoneySchema })
  .openapi("FeeLine", { description: "A concierge fee of the agency: its own line, computed on travel only." });

export const ItinerarySchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    status: z.enum(["draft", "held", "confirmed", "completed", "cancelled"]),
    patientId: z.string(),
    agencyId: z.string().nullable(),
    hospital: z.object({ id: z.string(), name: z.string(), city: z.string(), zone: z.string(), currency: z.string() }),
    quoteId: z.string().nullable(),
    patientCurrency: z.string(),
    travelers: z.array(
      z.object({
        id: z.string(),
        fullName: z.string(),
        role: z.enum(["patient", "companion"]),
        languages: z.array(z.string()),
        needsLodging: z.boolean(),
        wheelchair: z.boolean(),
        nationality: z.string().nullable(),
        passportNumber: z.string().nullable(),
        birthDate: z.string().nullable(),
      }),
    ),
    components: z.array(ItineraryComponentSchema),
    timeline: z.array(
      z.object({
        componentId: z.string(),
        type: z.string(),
        title: z.string(),
        start: LocalTimeSchema,
        end: LocalTimeSchema.optional(),
        location: z.string().optional(),
      }),
    ),
    issues: z.array(
      z.object({
        severity: z.enum(["error", "warning"]),
        code: z.string(),
        message: z.string(),
        componentIds: z.array(z.string()),
        travelerIds: z.array(z.string()).optional(),
      }),
    ),
    pricing: z.object({
      medicalLines: z.array(ItineraryMedicalLineSchema),
      travelLines: z.array(TravelLineSchema),
      feeLines: z.array(FeeLineSchema),
      totals: z.object({ hospitalCurrency: TotalsBlock, patientCurrency: TotalsBlock }),
      fx: z.object({ rate: z.string(), from: z.string(), to: z.string(), source: z.string(), asOf: z.string() }),
    }),
    balance: z.object({
      dueNow: MoneySchema,
      paid: MoneySchema,
      refunded: MoneySchema,
      outstanding: MoneySchema.openapi({ description: "Positive: still to pay; negative: to refund." }),
    }),
    payments: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(["payment", "refund"]),
        method: z.string(),
        status: z.string(),
        amount: MoneySchema,
        reference: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
    hold: z.object({ expiresAt: z.string() }).nullable(),
    notes: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Itinerary");
export type Itinerary = z.infer<typeof ItinerarySchema>;

export const ItinerarySummarySchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    status: z.enum(["draft", "held", "confirmed", "completed", "cancelled"]),
    patientId: z.string(),
    agencyId: z.string().nullable(),
    hospitalId: z.string(),
    quoteId: z.string().nullable(),
    holdExpiresAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("ItinerarySummary");
export const ItineraryPageSchema = page(ItinerarySummarySchema, "ItineraryPage");

export const HistorySchema = z
  .object({
    itineraryId: z.string(),
    data: z.array(
      z.object({
        version: z.number().int(),
        action: z.string(),
        at: z.string(),
        actor: z.object({ userId: z.string().nullable(), role: z.string() }),
        summary: z.string(),
        reason: z.string().nullable().openapi({ description: "The reason the agent gave for the change, if any." }),
        before: z
          .unknown()
          .nullable()
          .openapi({
            description:
              "JSON snapshot before the change: `{status, components (each with its parameters), totals}`, or only " +
              "what changed for `hold_expired` and `repriced`; null on creation.",
          }),
        after: z
          .unknown()
          .nullable()
          .openapi({ description: "JSON snapshot after the change, in the same form as `before`." }),
      }),
    ),
  })
  .openapi("ItineraryHistory");

export const CancellationQuoteSchema = z
  .object({
    id: z.string(),
    itineraryId: z.string(),
    itineraryVersion: z.number().int(),
    expiresAt: z.string(),
    paid: MoneySchema,
    components: z.array(
      z.object({ componentId: z.string(), type: z.string(), price: MoneySchema, refund: MoneySchema }),
    ),
    fees: MoneySchema,
    totalRefund: MoneySchema,
  })
  .openapi("CancellationQuote");

// Required by the contract; optional to the validator, so a missing header is the service's 428, not a 400.
export const IfMatchHeader = z.object({
  "if-match": z
    .string()
    .optional()
    .openapi({
      param: { required: true },
      description: 'The version you read: `"<version>"` (the ETag). Without it 428; a stale one 412.',
      example: '"3"',
    }),
});

export const IdempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({
      description:
        "A replay (same caller, key and body) returns the first response; the same key with another body is 422; " +
        "while the first is running, 409. Keys expire after 24 h.",
    }),
});
