import { z } from "zod";
import { CurrencyCode, IsoDate, PageQuery } from "../schemas";

const Id = z.string().min(3).max(64);

export const QuoteItemInputSchema = z
  .object({
    code: z.string().min(1).max(64).meta({ example: "CARD-CABG" }),
    quantity: z.number().int().min(1).max(10_000),
    department: z.string().min(1).max(64).optional(),
    serviceClass: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .meta({
        description:
          "Default `standard`, whoever the patient is. A premium class only when named here: one domestic " +
          "patients buy, at its domestic price.",
      }),
    serviceDate: IsoDate.optional().meta({
      description:
        "Hospital-local date of service; default the quote's serviceDate. Today or later (422 " +
        "`service_date_in_past`).",
    }),
    unitPrice: z.unknown().optional().meta({
      description: "Never accepted: the price is the domestic tariff's. Sending it is a 422 naming the line.",
    }),
    currency: z
      .unknown()
      .optional()
      .meta({ description: "Never accepted: medical lines are in the hospital's currency." }),
  })
  .strict();
export type QuoteItemInput = z.infer<typeof QuoteItemInputSchema>;

export const CreateQuoteInputSchema = z
  .object({
    consultationId: Id.optional().meta({ description: "Quote the consultation's recommendation." }),
    hospitalId: Id.optional(),
    patientId: Id.optional().meta({ description: "Required for agents and admins; a patient quotes for themselves." }),
    serviceDate: IsoDate.optional().meta({
      description:
        "Planned admission date (hospital-local); default the recommendation's. Today or later at the " +
        "hospital, by the service clock (422 `service_date_in_past`).",
    }),
    items: z.array(QuoteItemInputSchema).min(1).max(200).optional(),
    currency: CurrencyCode.optional().meta({
      description: "Patient's currency for the converted total; default the patient's.",
    }),
    hospitalCurrency: z.string().optional().meta({ description: "Must be the hospital's own currency if given." }),
    premiumClass: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .meta({
        description:
          "With consultationId only: a premium class the patient asks for by name. The recommendation's " +
          "items in any other non-standard class are quoted in the standard class.",
      }),
  })
  .strict();
export type CreateQuoteInput = z.infer<typeof CreateQuoteInputSchema>;

export const ListQuotesInputSchema = z.object({
  status: z.enum(["open", "expired", "withdrawn"]).optional(),
  hospitalId: Id.optional(),
  patientId: Id.optional(),
  ...PageQuery,
});
export type ListQuotesInput = z.infer<typeof ListQuotesInputSchema>;
