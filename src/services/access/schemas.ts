import { z } from "zod";
import { CurrencyCode, IanaZone, IsoDate, LanguageCode, PageQuery } from "../schemas";

const Id = z.string().min(3).max(64);

export const SignUpInputSchema = z
  .object({
    fullName: z.string().trim().min(1).max(200).meta({ example: "Anar Seitkali" }),
    email: z.email().max(254).meta({ example: "anar@example.kz" }),
    phone: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, "expected E.164, e.g. +77011234567")
      .optional(),
    nationality: z
      .string()
      .regex(/^[A-Za-z]{2}$/, "expected an ISO 3166 alpha-2 code")
      .meta({ example: "KZ" }),
    homeCity: z.string().trim().min(1).max(120).meta({ example: "Almaty" }),
    language: LanguageCode.meta({ description: "Language for messages.", example: "ru" }),
    languages: z.array(LanguageCode).max(10).optional().meta({ description: "Other languages spoken." }),
    currency: CurrencyCode.meta({ description: "Currency quotes are also shown in.", example: "KZT" }),
    passportNumber: z
      .string()
      .regex(/^[A-Za-z0-9]{5,20}$/, "5–20 letters and digits")
      .optional()
      .meta({ description: "Encrypted at rest; masked for everyone but the patient." }),
    birthDate: IsoDate.optional().meta({ description: "Encrypted at rest; masked for everyone but the patient." }),
    agencyId: Id.optional().meta({ description: "Concierge agency chosen at sign-up." }),
    timeZone: IanaZone.optional().meta({
      description: "IANA zone of home, to show consultation times in your own time. Default: your country's capital.",
      example: "Asia/Almaty",
    }),
  })
  .strict();
export type SignUpInput = z.infer<typeof SignUpInputSchema>;

export const ListPatientsInputSchema = z.object(PageQuery);
export type ListPatientsInput = z.infer<typeof ListPatientsInputSchema>;

export const StaffInputSchema = z
  .object({
    role: z.enum(["agent", "clinician", "billing", "admin"]),
    displayName: z.string().trim().min(1).max(200),
    email: z.email().max(254),
    language: LanguageCode.default("en"),
    agencyId: Id.optional().meta({ description: "Required for agents." }),
    hospitalId: Id.optional().meta({ description: "Required for clinicians and billing." }),
  })
  .strict();
export type StaffInput = z.infer<typeof StaffInputSchema>;
