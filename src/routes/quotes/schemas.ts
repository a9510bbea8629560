import { z } from "@hono/zod-openapi";
import { CreateQuoteInputSchema } from "../../services/quotes/schemas";
import { IsoDate } from "../../services/schemas";
import { MoneySchema, page } from "../common-schemas";

/** The request body of createQuote: the service's input schema, named for the contract. */
export const CreateQuoteSchema = CreateQuoteInputSchema.openapi("QuoteRequest");

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
        "On a premium-class line: the standard class's domestic unit price of the same code, shown beside it. " +
        "Null on a standard-class line.",
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
