import { z } from "@hono/zod-openapi";
import { CurrencyCode, IsoDate } from "../common-schemas";

const Verdict = z.enum(["parity", "overcharge", "undercharge", "unknown_code", "no_tariff_in_force"]);

export const ParitySummarySchema = z
  .object({
    lines: z.number().int(),
    parity: z.number().int(),
    overcharge: z.number().int(),
    undercharge: z.number().int(),
    unknownCode: z.number().int(),
    noTariffInForce: z.number().int(),
    premiumClassLines: z
      .number()
      .int()
      .openapi({ description: "Lines in a premium (non-standard) class, counted apart whatever their verdict." }),
    totalCharged: z.number().int(),
    totalDomestic: z.number().int(),
    totalDeviation: z.number().int(),
    verdict: z.enum(["parity", "violations"]),
  })
  .openapi("ParitySummary");

export const ParityReportLineSchema = z
  .object({
    quoteId: z.string(),
    lineNo: z.number().int(),
    quoteStatus: z.string(),
    serviceDate: IsoDate,
    code: z.string(),
    department: z.string(),
    serviceClass: z.string(),
    quantity: z.number().int(),
    chargedUnitPrice: z.number().int(),
    domesticUnitPrice: z.number().int().nullable(),
    deviation: z.number().int().nullable(),
    chargedLineTotal: z.number().int(),
    domesticLineTotal: z.number().int().nullable(),
    verdict: Verdict,
    tariffVersion: z.number().int().nullable(),
  })
  .openapi("ParityReportLine");

export const ParityReportSchema = z
  .object({
    hospitalId: z.string(),
    currency: CurrencyCode,
    from: IsoDate,
    to: IsoDate,
    generatedAt: z.string(),
    lines: z.array(ParityReportLineSchema),
    summary: ParitySummarySchema,
  })
  .openapi("ParityReport");

export const CheckLineSchema = z
  .object({
    ref: z.string().max(128).optional().openapi({ description: "Your invoice line reference, echoed back." }),
    code: z.string().min(1).max(64),
    department: z.string().min(1).max(64).optional(),
    serviceClass: z.string().min(1).max(64).optional(),
    serviceDate: IsoDate,
    unitPrice: z
      .number()
      .int()
      .min(0)
      .openapi({ description: "Charged unit price, minor units of the hospital currency." }),
    quantity: z.number().int().min(1).max(10_000).optional(),
  })
  .strict()
  .openapi("ParityCheckLine");

export const ParityChecksInputSchema = z
  .object({ lines: z.array(CheckLineSchema).min(1).max(50_000) })
  .strict()
  .openapi("ParityChecksInput");

export const ParityChecksResultSchema = z
  .object({
    hospitalId: z.string(),
    currency: CurrencyCode,
    checkedAt: z.string(),
    results: z.array(
      z.object({
        lineNo: z.number().int(),
        ref: z.string().nullable(),
        code: z.string(),
        department: z.string().nullable(),
        serviceClass: z.string(),
        serviceDate: z.string(),
        quantity: z.number().int(),
        chargedUnitPrice: z.number().int(),
        domesticUnitPrice: z.number().int().nullable(),
        deviation: z.number().int().nullable(),
        verdict: Verdict,
        tariffVersion: z.number().int().nullable(),
      }),
    ),
    summary: ParitySummarySchema,
  })
  .openapi("ParityChecksResult");

export const ParityKeysSchema = z
  .object({
    keys: z.array(
      z.object({
        kty: z.literal("OKP"),
        crv: z.literal("Ed25519"),
        x: z.string(),
        kid: z.string(),
        alg: z.literal("EdDSA"),
        use: z.literal("sig"),
      }),
    ),
  })
  .openapi("ParityKeys", { description: "JWK Set of the keys that sign parity affirmations." });

export const VerifyInputSchema = z
  .object({
    algorithm: z.literal("Ed25519").optional().openapi({ description: "Post a quote's `parityAffirmation` as it is." }),
    payload: z.string().min(2).max(1_000_000),
    signature: z.string().min(10).max(200),
    keyId: z.string().max(100).optional(),
  })
  .strict()
  .openapi("ParityVerifyInput");

export const VerifyResultSchema = z
  .object({
    valid: z.boolean(),
    signatureValid: z.boolean(),
    keyId: z.string(),
    document: z
      .unknown()
      .nullable()
      .openapi({
        description:
          "The signed payload parsed as JSON (the quote's medical lines and tariff versions), or null when it is " +
          "not a Caravan parity affirmation.",
      }),
    parity: z
      .object({
        holds: z.boolean(),
        lines: z.array(
          z.object({
            lineNo: z.number().int(),
            code: z.string(),
            unitPrice: z.number().int(),
            domesticUnitPrice: z.number().int().nullable(),
            holds: z.boolean(),
          }),
        ),
      })
      .nullable(),
    reasons: z.array(z.string()),
  })
  .openapi("ParityVerifyResult");
