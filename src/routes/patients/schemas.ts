import { z } from "@hono/zod-openapi";
import { CurrencyCode, IanaZone, IsoDate, LanguageCode, page } from "../common-schemas";

export const SignUpSchema = z
  .object({
    fullName: z.string().trim().min(1).max(200).openapi({ example: "Anar Seitkali" }),
    email: z.email().max(254).openapi({ example: "anar@example.kz" }),
    phone: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, "expected E.164, e.g. +77011234567")
      .optional(),
    nationality: z
      .string()
      .regex(/^[A-Za-z]{2}$/, "expected an ISO 3166 alpha-2 code")
      .openapi({ example: "KZ" }),
    homeCity: z.string().trim().min(1).max(120).openapi({ example: "Almaty" }),
    language: LanguageCode.meta({ description: "Language for messages.", example: "ru" }),
    languages: z.array(LanguageCode).max(10).optional().openapi({ description: "Other languages spoken." }),
    currency: CurrencyCode.meta({ description: "Currency quotes are also shown in.", example: "KZT" }),
    passportNumber: z
      .string()
      .regex(/^[A-Za-z0-9]{5,20}$/, "5–20 letters and digits")
      .optional()
      .openapi({ description: "Encrypted at rest; masked for everyone but the patient." }),
    birthDate: IsoDate.optional().openapi({ description: "Encrypted at rest; masked for everyone but the patient." }),
    agencyId: z.string().min(3).max(64).optional().openapi({ description: "Concierge agency chosen at sign-up." }),
    timeZone: IanaZone.optional().openapi({
      description: "IANA zone of home, to show consultation times in your own time. Default: your country's capital.",
      example: "Asia/Almaty",
    }),
  })
  .strict()
  .openapi("PatientSignUp");

export const PatientSchema = z
  .object({
    id: z.string().openapi({ example: "pat_demo_anar" }),
    fullName: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    nationality: z.string(),
    homeCity: z.string(),
    language: z.string(),
    languages: z.array(z.string()),
    currency: z.string(),
    timeZone: z.string(),
    agencyId: z.string().nullable(),
    passportNumber: z.string().nullable().openapi({ example: "*****5678" }),
    birthDate: z.string().nullable().openapi({ example: "****-**-**" }),
    personalDataMasked: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("Patient");
export type Patient = z.infer<typeof PatientSchema>;

export const SignUpResultSchema = z
  .object({
    patient: PatientSchema,
    token: z.string().openapi({ description: "Bearer token, shown once. Store it." }),
  })
  .openapi("PatientSignUpResult");

export const PatientPageSchema = page(PatientSchema, "PatientPage");

export const MeSchema = z
  .object({
    userId: z.string(),
    role: z.enum(["patient", "agent", "clinician", "billing", "admin"]),
    displayName: z.string(),
    agencyId: z.string().nullable(),
    hospitalId: z.string().nullable(),
    patientId: z.string().nullable(),
  })
  .openapi("Me");
