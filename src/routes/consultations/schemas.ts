import { z } from "@hono/zod-openapi";
import {
  RecommendationSchema,
  RecordMetaSchema,
  RequestConsultationInputSchema,
} from "../../services/consultations/schemas";
import { LocalTimeSchema, MoneySchema, page } from "../common-schemas";

export { RecommendationSchema, RecordMetaSchema };

/** The request body of requestConsultation: the service's input schema, named for the contract. */
export const RequestConsultationSchema = RequestConsultationInputSchema.openapi("ConsultationRequest", {
  description: "A consultation is always free: there is no price field, and none is accepted.",
});

export const ConsultationSchema = z
  .object({
    id: z.string(),
    status: z.enum(["requested", "scheduled", "completed", "cancelled"]),
    patientId: z.string(),
    hospitalId: z.string(),
    department: z.string(),
    mode: z.enum(["video", "in_person"]),
    complaint: z.string(),
    language: z.string(),
    interpreterNeeded: z.boolean(),
    preferredTimes: z.array(z.object({ from: z.string(), to: z.string() })),
    records: z.array(RecordMetaSchema),
    price: MoneySchema.openapi({ description: "Always zero." }),
    slot: z
      .object({
        id: z.string(),
        durationMinutes: z.number().int(),
        startsAt: z.object({ utc: z.string(), hospital: LocalTimeSchema, patient: LocalTimeSchema }),
      })
      .nullable(),
    recommendation: RecommendationSchema.nullable(),
    recommendedAt: z.string().nullable(),
    cancelReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Consultation");
export const ConsultationPageSchema = page(ConsultationSchema, "ConsultationPage");

export const SlotSchema = z
  .object({
    id: z.string(),
    hospitalId: z.string(),
    department: z.string(),
    mode: z.enum(["video", "in_person"]),
    startsAt: LocalTimeSchema,
    durationMinutes: z.number().int(),
    placesLeft: z.number().int(),
  })
  .openapi("ConsultationSlot");
export const SlotPageSchema = page(SlotSchema, "ConsultationSlotPage");
