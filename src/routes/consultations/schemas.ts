import { z } from "@hono/zod-openapi";
import { IsoDate, IsoInstant, LanguageCode, LocalTimeSchema, MoneySchema, page } from "../common-schemas";

const RecordMetaSchema = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: "MRI brain 2026-10.pdf" }),
    kind: z.enum(["imaging", "lab_result", "discharge_summary", "prescription", "referral", "other"]),
    mediaType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, "expected a media type such as application/pdf"),
    sizeBytes: z.number().int().min(0).max(2_000_000_000),
    takenOn: IsoDate.optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, "expected a hex SHA-256")
      .optional(),
  })
  .strict()
  .openapi("RecordMetadata", {
    description: "Metadata of a medical record the patient will share; the file itself is not uploaded here.",
  });

export const RequestConsultationSchema = z
  .object({
    patientId: z
      .string()
      .min(3)
      .max(64)
      .optional()
      .openapi({ description: "Required when an agent or admin asks for a patient." }),
    hospitalId: z.string().min(3).max(64).openapi({ example: "hsp_xmu2" }),
    department: z.string().min(1).max(64).openapi({ example: "neurology" }),
    mode: z
      .enum(["video", "in_person"])
      .openapi({ description: "`video`: the cross-border tele-consultation from home; `in_person`: on arrival." }),
    complaint: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .openapi({ example: "Migraines and dizziness for two years; treatment at home did not help." }),
    language: LanguageCode,
    preferredTimes: z
      .array(z.object({ from: IsoInstant, to: IsoInstant }).strict())
      .max(10)
      .default([]),
    records: z.array(RecordMetaSchema).max(50).default([]),
  })
  .strict()
  .openapi("ConsultationRequest", {
    description: "A consultation is always free: there is no price field, and none is accepted.",
  });

const RecItemSchema = z
  .object({
    code: z.string().min(1).max(64).openapi({ example: "NEURO-MIGRAINE" }),
    quantity: z.number().int().min(1).max(10_000),
    department: z.string().min(1).max(64).optional(),
    serviceClass: z.string().min(1).max(64).optional(),
  })
  .strict();

export const RecommendationSchema = z
  .object({
    items: z.array(RecItemSchema).min(1).max(100),
    admissionDate: IsoDate.nullable().optional().openapi({ description: "Suggested admission date, hospital-local." }),
    inpatientNights: z.number().int().min(0).max(365),
    fitToFlyDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .openapi({ description: "Days after discharge before flying is safe." }),
    activityRestrictions: z
      .array(
        z
          .object({
            activity: z.enum(["strenuous", "walking_tours", "altitude", "flying", "swimming", "other"]),
            days: z.number().int().min(1).max(365),
            note: z.string().max(500).optional(),
          })
          .strict(),
      )
      .max(20)
      .default([]),
    notes: z.string().max(4000).optional(),
  })
  .strict()
  .openapi("Recommendation");

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
