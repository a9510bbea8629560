/**
 * What the itinerary and payment verbs take, as zod schemas: the services' input types are inferred
 * from them and the REST routes reuse them in their contract (the `id`s name them there).
 */
import { z } from "zod";
import { CurrencyCode, dateRange, IsoDate, IsoInstant, LanguageCode, MAX_STAY_NIGHTS, PageQuery } from "../schemas";

const Id = z.string().min(3).max(64);
/** The version the caller read (`If-Match`): absent is the verb's 428, stale its 412. */
const IfMatch = z.number().int().optional();

const TravelerIds = z
  .array(z.string().regex(/^t\d{1,2}$/, "a traveler id such as t1"))
  .min(1)
  .max(20)
  .optional()
  .meta({ description: "Travelers by id (`t1` is the first traveler given, …); default all." });

const Restriction = z
  .object({
    activity: z.enum(["strenuous", "walking_tours", "altitude", "flying", "swimming", "other"]),
    days: z.number().int().min(1).max(365),
  })
  .strict();

export const ComponentInputSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("flight"), flightId: z.string().min(3).max(128), travelerIds: TravelerIds }).strict(),
    z
      .object({
        type: z.literal("transfer"),
        productId: z.string().min(3).max(128),
        pickupAt: IsoInstant,
        direction: z.enum(["arrival", "departure"]),
        travelerIds: TravelerIds,
      })
      .strict(),
    z
      .object({
        type: z.literal("lodging"),
        roomTypeId: z.string().min(3).max(128),
        checkIn: IsoDate,
        checkOut: IsoDate.meta({
          description: `After \`checkIn\` and at most ${MAX_STAY_NIGHTS} nights after it (400 otherwise).`,
        }),
        rooms: z.number().int().min(1).max(10).optional(),
        travelerIds: TravelerIds,
      })
      .strict()
      .superRefine(dateRange({ from: "checkIn", to: "checkOut", maxDays: MAX_STAY_NIGHTS, unit: "nights" })),
    z.object({ type: z.literal("tour"), departureId: z.string().min(3).max(128), travelerIds: TravelerIds }).strict(),
    z.object({ type: z.literal("consultation"), consultationId: z.string().min(3).max(64) }).strict(),
    z
      .object({
        type: z.literal("treatment"),
        quoteId: z.string().min(3).max(64).optional(),
        admissionDate: IsoDate.optional(),
        inpatientNights: z.number().int().min(0).max(365).optional(),
        fitToFlyDays: z.number().int().min(0).max(365).optional(),
        activityRestrictions: z.array(Restriction).max(20).optional(),
      })
      .strict(),
  ])
  .meta({ id: "ComponentInput" });
export type ComponentInput = z.infer<typeof ComponentInputSchema>;

export const TravelerInputSchema = z
  .object({
    fullName: z.string().trim().min(1).max(200),
    role: z.enum(["patient", "companion"]),
    languages: z.array(LanguageCode).max(10).optional(),
    needsLodging: z.boolean().optional().meta({ description: "Default true." }),
    wheelchair: z.boolean().optional(),
    nationality: z
      .string()
      .regex(/^[A-Za-z]{2}$/)
      .optional(),
    passportNumber: z
      .string()
      .regex(/^[A-Za-z0-9]{5,20}$/)
      .optional(),
    birthDate: IsoDate.optional(),
  })
  .strict()
  .meta({ id: "TravelerInput" });
export type TravelerInput = z.infer<typeof TravelerInputSchema>;

/** `createItinerary`: the body of `POST /v1/itineraries`. */
export const CreateItineraryInputSchema = z
  .object({
    patientId: Id.optional(),
    hospitalId: Id.optional(),
    quoteId: Id.optional(),
    currency: CurrencyCode.optional(),
    notes: z.string().max(4000).optional(),
    travelers: z.array(TravelerInputSchema).min(1).max(10),
    components: z.array(ComponentInputSchema).max(50).optional(),
  })
  .strict();
export type CreateItineraryInput = z.infer<typeof CreateItineraryInputSchema>;

/** `listItineraries`: filters and a page. */
export const ListItinerariesInputSchema = z.object({
  status: z.enum(["draft", "held", "confirmed", "completed", "cancelled"]).optional(),
  patientId: Id.optional(),
  hospitalId: Id.optional(),
  ...PageQuery,
});
export type ListItinerariesInput = z.infer<typeof ListItinerariesInputSchema>;

/** Verbs on one itinerary: get, history, calendar, quote a cancellation, pay by card. */
export const ItineraryIdInputSchema = z.object({ id: Id });
export type ItineraryIdInput = z.infer<typeof ItineraryIdInputSchema>;

/** Holding: the itinerary and the version read. */
export const HoldInputSchema = z.object({ id: Id, ifMatch: IfMatch });
export type HoldInput = z.infer<typeof HoldInputSchema>;

/** Why the change is made, in the agent's words (kept in the history, told to the patient). */
export const ChangeReason = z
  .string()
  .trim()
  .max(500)
  .optional()
  .meta({ description: "Why the change is made (at most 500 characters); kept in the history." });

export const AddComponentInputSchema = z.object({
  id: Id,
  ifMatch: IfMatch,
  component: ComponentInputSchema,
  reason: ChangeReason,
});
export type AddComponentInput = z.infer<typeof AddComponentInputSchema>;
export const ReplaceComponentInputSchema = AddComponentInputSchema.extend({ componentId: Id });
export type ReplaceComponentInput = z.infer<typeof ReplaceComponentInputSchema>;
export const RemoveComponentInputSchema = z.object({ id: Id, ifMatch: IfMatch, componentId: Id, reason: ChangeReason });
export type RemoveComponentInput = z.infer<typeof RemoveComponentInputSchema>;

/**
 * One change to an itinerary's components, as one value: what a change offer proposes (and what
 * the add, replace and remove verbs take, minus the itinerary id and version).
 */
export const ComponentChangeSchema = z
  .discriminatedUnion("action", [
    z.object({ action: z.literal("add"), component: ComponentInputSchema }).strict(),
    z.object({ action: z.literal("replace"), componentId: Id, component: ComponentInputSchema }).strict(),
    z.object({ action: z.literal("remove"), componentId: Id }).strict(),
  ])
  .meta({ id: "ComponentChange" });
export type ComponentChange = z.infer<typeof ComponentChangeSchema>;

/** `applyComponentChange` and `previewChange`: one change of an itinerary, the version read, the reason. */
export const ApplyChangeInputSchema = z.object({
  id: Id,
  ifMatch: IfMatch,
  change: ComponentChangeSchema,
  reason: ChangeReason,
});
export type ApplyChangeInput = z.infer<typeof ApplyChangeInputSchema>;

/** An amount in minor units of a currency. */
export const MoneyInputSchema = z.object({ amount: z.number().int(), currency: CurrencyCode });

/** The body of `POST /v1/itineraries/{id}/bank-transfers`. */
export const BankTransferBodySchema = z
  .object({ reference: z.string().trim().min(1).max(200), amount: MoneyInputSchema })
  .strict();
export const BankTransferInputSchema = BankTransferBodySchema.extend({ id: Id, ifMatch: IfMatch });
export type BankTransferInput = z.infer<typeof BankTransferInputSchema>;

/** The body of `POST /v1/itineraries/{id}/cancel`. */
export const CancelBodySchema = z.object({ cancellationQuoteId: z.string().min(3).max(64) }).strict();
export const CancelInputSchema = CancelBodySchema.extend({ id: Id, ifMatch: IfMatch });
export type CancelInput = z.infer<typeof CancelInputSchema>;

/** `createCardPayment`: the itinerary, and the caller's idempotency key if any. */
export const CardPaymentInputSchema = z.object({ id: Id, idempotencyKey: z.string().min(1).max(255).optional() });
export type CardPaymentInput = z.infer<typeof CardPaymentInputSchema>;

/** `handleStripeWebhook`: the raw body as received and its signature header. */
export const StripeWebhookInputSchema = z.object({ rawBody: z.string(), signature: z.string().optional() });
export type StripeWebhookInput = z.infer<typeof StripeWebhookInputSchema>;

/** `startCheckout`: the itinerary, where the hosted card page sends the customer back, and its language. */
export const StartCheckoutInputSchema = z.object({
  id: Id,
  successUrl: z.string().url(),
  cancelUrl: z.string().url(),
  locale: LanguageCode.optional(),
});
export type StartCheckoutInput = z.infer<typeof StartCheckoutInputSchema>;
