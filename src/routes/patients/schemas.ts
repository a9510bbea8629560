import { z } from "@hono/zod-openapi";
import { SignUpInputSchema } from "../../services/access/schemas";
import { page } from "../common-schemas";

/** The sign-up body: the service's input schema, named for the contract. */
export const SignUpSchema = SignUpInputSchema.openapi("PatientSignUp");

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
