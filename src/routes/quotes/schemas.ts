import { z } from "@hono/zod-openapi";
import { CurrencyCode, IsoDate, MoneySchema, page } from "../common-schemas";

const QuoteItemInputSchema = z
  .object({
    code: z.string().min(1).max(64).openapi({ example: "CARD-CABG" }),
    quantity: z.number().int().min(1).max(10_000),
    department: z.string().min(1).max(64).optional(),
    serviceClass: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({
        description:
          "Default `standard`, whoever the patient is. A premium class only when named here: one domestic patients buy, at its domestic price.",
      }),
    serviceDate: IsoDate.optional().openapi({
      description:
        "Hospital-local date of service; default the quote's serviceDate. Today or later (422 `service_date_in_past`).",
    }),
    unitPrice: z
      .unknown()
      .optional()
      .openapi({
        description: "Never accepted: the price is the domestic tariff's. Sending it is a 422 naming the line.",
      }),
    currency: z
      .unknown()
      .optional()
      .openapi({ description: "Never accepted: medical lines are in the hospital's currency." }),
  })
  .strict();

export const CreateQuoteSchema = z
  .object({
    consultationId: z
      .string()
      .min(3)
      .max(64)
      .optional()
      .openapi({ description: "Quote the consultation's recommendation." }),
    hospitalId: z.string().min(3).max(64).optional(),
    patientId: z
      .string()
      .min(3)
      .max(64)
      .optional()
      .openapi({ description: "Required for agents and admins; a patient quotes for themselves." }),
    serviceDate: IsoDate.optional().openapi({
      description:
        "Planned admission date (hospital-local); default the recommendation's. Today or later at the hospital, by the service clock (422 `service_date_in_past`).",
    }),
    items: z.array(QuoteItemInputSchema).min(1).max(200).optional(),
    currency: CurrencyCode.optional().openapi({
      description: "Patient's currency for the converted total; default the patient's.",
    }),
    hospitalCurrency: z.string().optional().openapi({ description: "Must be the hospital's own currency if given." }),
    premiumClass: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({
        description:
          "With consultationId only: a premium class the patient asks for by name. The recommendation's items in any other non-standard class are quoted in the standard class.",
      }),
  })
  .strict()
  .openapi("QuoteRequest");

export const QuoteLineSchema = z
  .object({
    lineNo: z.number().int(),
    code: z.string(),
    name: z.record(z.string(), z.string()),
    department: z.string(),
    serviceClass: z.string(),
    kind: z.string(),
    unit: z.string(),
    quantity: z.number().int(),
    serviceDate: IsoDate,
    unitPrice: MoneySchema.openapi({ description: "Exactly the domestic unit price." }),
    standardUnitPrice: MoneySchema.nullable().openapi({
      description:
        "On a premium-class line: the standard class's domestic unit price of the same code, shown beside it. Null on a standard-class line.",
    }),
    lineTotal: MoneySchema,
    tariffVersion: z.object({ id: z.string(), version: z.number().int() }),
  })
  .openapi("QuoteLine");

export const ParityAffirmationSchema = z
  .object({
    algorithm: z.literal("Ed25519"),
    keyId: z.string(),
    payload: z
      .string()
      .openapi({ description: "The exact signed bytes (UTF-8 JSON): the medical lines and their tariff versions." }),
    signature: z.string().openapi({ description: "base64url Ed25519 signature over `payload`." }),
  })
  .openapi("ParityAffirmation");

export const QuoteSchema = z
  .object({
    id: z.string(),
    revision: z.number().int(),
    status: z.enum(["open", "expired", "withdrawn"]),
    patientId: z.string(),
    hospitalId: z.string(),
    consultationId: z.string().nullable(),
    serviceDate: IsoDate,
    validUntil: z.string(),
    lines: z.array(QuoteLineSchema),
    totals: z.object({
      medical: MoneySchema,
      medicalInPatientCurrency: MoneySchema,
      payableAtHospital: MoneySchema,
    }),
    fx: z.object({ from: z.string(), to: z.string(), rate: z.string(), source: z.string(), asOf: z.string() }),
    parityAffirmation: ParityAffirmationSchema,
    withdrawnReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Quote");
export type Quote = z.infer<typeof QuoteSchema>;
export const QuotePageSchema = page(QuoteSchema, "QuotePage");
