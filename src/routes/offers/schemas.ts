import { z } from "@hono/zod-openapi";
import { CreateOfferBodySchema } from "../../services/offers/schemas";
import { LocalTimeSchema, MoneySchema } from "../common-schemas";

/** The body of `POST /v1/itineraries/{id}/change-offers`, as the service defines it. */
export const CreateOfferBody = CreateOfferBodySchema.meta({ id: "ChangeOfferInput" });

const Face = z.object({
  ref: z.string(),
  label: z.string(),
  start: LocalTimeSchema.nullable(),
  end: LocalTimeSchema.nullable(),
  price: MoneySchema,
});

const SideTotals = z.object({
  hospital: z.object({ dueNow: MoneySchema, grandTotal: MoneySchema }),
  patient: z.object({ dueNow: MoneySchema, grandTotal: MoneySchema }),
});

export const OfferSummarySchema = z.object({
  components: z.array(
    z.object({
      componentId: z.string(),
      type: z.string(),
      changed: z.boolean(),
      before: Face.nullable(),
      after: Face.nullable(),
    }),
  ),
  totals: z.object({ before: SideTotals, after: SideTotals }),
  timeline: z.array(
    z.object({
      componentId: z.string(),
      type: z.string(),
      title: z.string(),
      start: LocalTimeSchema,
      end: LocalTimeSchema.nullable(),
    }),
  ),
  issues: z.array(z.object({ severity: z.string(), code: z.string(), message: z.string() })),
});

export const ChangeOfferSchema = z
  .object({
    id: z.string().openapi({ example: "cof_01" }),
    itineraryId: z.string(),
    baseVersion: z.number().int().openapi({ description: "The itinerary version it was made on (If-Match)." }),
    status: z.enum(["open", "accepted", "declined", "expired", "superseded"]),
    change: CreateOfferBodySchema.shape.change,
    reason: z.string(),
    difference: z.object({ hospitalCurrency: MoneySchema, patientCurrency: MoneySchema }).openapi({
      description: "Trip total after minus before, in the hospital's and the patient's currency.",
    }),
    amountDue: MoneySchema.openapi({ description: "What the patient pays by card after accepting (0 if none)." }),
    refund: MoneySchema.openapi({ description: "What is refunded after accepting (0 if none)." }),
    summary: OfferSummarySchema,
    validUntil: z.string().openapi({ description: "UTC instant; the offer and what it holds lapse then." }),
    createdBy: z.string(),
    createdAt: z.string(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
  })
  .openapi("ChangeOffer");
export type ChangeOffer = z.infer<typeof ChangeOfferSchema>;

export const AcceptedOfferSchema = ChangeOfferSchema.extend({
  itineraryVersion: z.number().int().openapi({ description: "The itinerary's version after the change (its ETag)." }),
  outstanding: MoneySchema.openapi({ description: "Left to pay now (card payment of the itinerary); 0 if none." }),
}).openapi("AcceptedChangeOffer");

export const ChangeOfferListSchema = z
  .object({ itineraryId: z.string(), data: z.array(ChangeOfferSchema) })
  .openapi("ChangeOfferList");
