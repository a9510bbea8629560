import { z } from "zod";
import { IsoDate, IsoInstant, instantRange, LanguageCode, MAX_SLOT_WINDOW_DAYS, PageQuery } from "../schemas";

const Id = z.string().min(3).max(64);

export const RecordMetaSchema = z
  .object({
    name: z.string().trim().min(1).max(200).meta({ example: "MRI brain 2026-10.pdf" }),
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
  .meta({
    id: "RecordMetadata",
    description: "Metadata of a medical record the patient will share; the file itself is not uploaded here.",
  });
export type RecordMeta = z.infer<typeof RecordMetaSchema>;

export const RequestConsultationInputSchema = z
  .object({
    patientId: Id.optional().meta({ description: "Required when an agent or admin asks for a patient." }),
    hospitalId: Id.meta({ example: "hsp_xmu2" }),
    department: z.string().min(1).max(64).meta({ example: "neurology" }),
    mode: z
      .enum(["video", "in_person"])
      .meta({ description: "`video`: the cross-border tele-consultation from home; `in_person`: on arrival." }),
    complaint: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .meta({ example: "Migraines and dizziness for two years; treatment at home did not help." }),
    language: LanguageCode,
    preferredTimes: z
      .array(z.object({ from: IsoInstant, to: IsoInstant }).strict())
      .max(10)
      .default([]),
    records: z.array(RecordMetaSchema).max(50).default([]),
  })
  .strict();
export type RequestConsultationInput = z.infer<typeof RequestConsultationInputSchema>;

const RecItemSchema = z
  .object({
    code: z.string().min(1).max(64).meta({ example: "NEURO-MIGRAINE" }),
    quantity: z.number().int().min(1).max(10_000),
    department: z.string().min(1).max(64).optional(),
    serviceClass: z.string().min(1).max(64).optional(),
  })
  .strict();

export const RecommendationSchema = z
  .object({
    items: z.array(RecItemSchema).min(1).max(100),
    admissionDate: IsoDate.nullable().optional().meta({ description: "Suggested admission date, hospital-local." }),
    inpatientNights: z.number().int().min(0).max(365),
    fitToFlyDays: z.number().int().min(0).max(365).meta({ description: "Days after discharge before flying is safe." }),
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
  .meta({ id: "Recommendation" });
export type Recommendation = z.infer<typeof RecommendationSchema>;

export const ScheduleConsultationInputSchema = z.object({ slotId: z.string().min(3).max(128) }).strict();
export type ScheduleConsultationInput = z.infer<typeof ScheduleConsultationInputSchema>;
export const CancelConsultationInputSchema = z.object({ reason: z.string().max(1000).optional() }).strict();
export type CancelConsultationInput = z.infer<typeof CancelConsultationInputSchema>;

export const ListConsultationsInputSchema = z.object({
  status: z.enum(["requested", "scheduled", "completed", "cancelled"]).optional(),
  hospitalId: Id.optional(),
  ...PageQuery,
});
export type ListConsultationsInput = z.infer<typeof ListConsultationsInputSchema>;

export const ListSlotsQuerySchema = z
  .object({
    department: z.string().min(1).max(64).optional(),
    mode: z.enum(["video", "in_person"]).optional(),
    from: IsoInstant.optional().meta({ description: "Window start; default now (earlier is read as now)." }),
    to: IsoInstant.optional().meta({
      description:
        `Window end: after the start and at most ${MAX_SLOT_WINDOW_DAYS} days after it (400 naming \`query.to\` ` +
        `otherwise); default 60 days after the start.`,
    }),
    ...PageQuery,
  })
  .superRefine(instantRange({ from: "from", to: "to", maxDays: MAX_SLOT_WINDOW_DAYS }));
export type ListSlotsInput = z.infer<typeof ListSlotsQuerySchema> & { hospitalId: string };

export const HospitalConsultationsInputSchema = z.object({
  hospitalId: Id,
  status: z.enum(["requested", "scheduled", "completed", "cancelled"]).optional(),
  ...PageQuery,
});
export type HospitalConsultationsInput = z.infer<typeof HospitalConsultationsInputSchema>;
