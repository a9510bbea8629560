/** What the change-offer verbs take, as zod schemas the REST routes and the web pages reuse. */
import { z } from "zod";
import { ComponentChangeSchema } from "../itineraries/schemas";

const Id = z.string().min(3).max(64);
const IfMatch = z.number().int().optional();

export const OFFER_MINUTES = { min: 15, max: 10_080, default: 1440 } as const;

/** The body of `POST /v1/itineraries/{id}/change-offers`. */
export const CreateOfferBodySchema = z
  .object({
    change: ComponentChangeSchema,
    reason: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .meta({ description: "Why the agent proposes it (shown to the patient)." }),
    validMinutes: z
      .number()
      .int()
      .min(OFFER_MINUTES.min)
      .max(OFFER_MINUTES.max)
      .optional()
      .meta({
        description: `How long the offer (and the inventory it holds) lasts; default ${OFFER_MINUTES.default}.`,
      }),
  })
  .strict();
export type CreateOfferBody = z.infer<typeof CreateOfferBodySchema>;
export const CreateOfferInputSchema = CreateOfferBodySchema.extend({ id: Id, ifMatch: IfMatch });
export type CreateOfferInput = z.infer<typeof CreateOfferInputSchema>;

/** One offer of one itinerary. */
export const OfferIdInputSchema = z.object({ id: Id, offerId: Id });
export type OfferIdInput = z.infer<typeof OfferIdInputSchema>;

/** Accept or decline: the offer and the itinerary version it was made on (`If-Match`). */
export const DecideOfferInputSchema = OfferIdInputSchema.extend({ ifMatch: IfMatch });
export type DecideOfferInput = z.infer<typeof DecideOfferInputSchema>;

/** An itinerary's offers. */
export const ListOffersInputSchema = z.object({ id: Id });
export type ListOffersInput = z.infer<typeof ListOffersInputSchema>;
