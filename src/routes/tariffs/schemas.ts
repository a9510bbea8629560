import { z } from "@hono/zod-openapi";
import { CurrencyCode, IsoDate, MoneySchema } from "../common-schemas";

export const TariffItemInputSchema = z
  .object({
    code: z
      .string()
      .regex(/^[A-Z0-9][A-Z0-9._-]{0,63}$/, "upper-case letters, digits, . _ -")
      .openapi({ example: "CARD-CABG" }),
    name: z
      .record(z.string().regex(/^[a-z]{2,3}$/), z.string().min(1).max(300))
      .refine((n) => Object.keys(n).length > 0, "at least one language")
      .openapi({
        example: { en: "Coronary artery bypass graft", ru: "Аортокоронарное шунтирование", zh: "冠状动脉旁路移植术" },
      }),
    department: z.string().min(1).max(64),
    serviceClass: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, "lower-case identifier such as standard")
      .default("standard"),
    kind: z.enum([
      "procedure",
      "diagnostic",
      "bed_day",
      "medication_package",
      "consultation",
      "vaccination",
      "course",
      "other",
    ]),
    unit: z.string().min(1).max(64).openapi({ example: "per procedure" }),
    unitPrice: z.number().int().min(0).max(1e12).openapi({ description: "Minor units of the hospital's currency." }),
    description: z.string().max(2000).optional(),
  })
  .strict()
  .openapi("TariffItemInput");

export const PublishTariffSchema = z
  .object({
    effectiveFrom: IsoDate.openapi({ description: "Hospital-local date it takes effect; today or later." }),
    note: z.string().max(1000).optional(),
    items: z.array(TariffItemInputSchema).min(1).max(5000),
    premiumClasses: z
      .array(
        z
          .object({
            serviceClass: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "lower-case identifier such as vip"),
            domesticallyAvailable: z.boolean().openapi({
              description: "Domestic patients buy this class at these prices. Only such a class may be published.",
            }),
          })
          .strict(),
      )
      .max(50)
      .optional()
      .openapi({
        description:
          "Every non-standard service class the items use. An undeclared class, or one not domestically " +
          "available, is a 422 naming each item.",
      }),
    mode: z
      .enum(["replace", "amend"])
      .default("replace")
      .openapi({
        description:
          "`replace` (default): `items` is the complete version; any code left out is no longer sold from " +
          "`effectiveFrom`. `amend`: the new version is the version in force on `effectiveFrom` with `items` added, " +
          "or replacing its item of the same code and service class; nothing is removed (422 `nothing_to_amend` if " +
          "no version is in force then). Either way the whole version must pass the publication rules.",
      }),
    acknowledgeRemoved: z
      .array(z.string().regex(/^[A-Z0-9][A-Z0-9._-]{0,63}$/, "a tariff code"))
      .max(5000)
      .optional()
      .openapi({
        description:
          "Codes open quotes use that this version no longer prices (the line's code, department and class gone). " +
          "Without each such code listed here the publication is a 422 `removal_not_acknowledged` naming every " +
          "one in `errors[]`; with it, those quotes are withdrawn and their patients told.",
        example: ["CARD-PCI"],
      }),
  })
  .strict()
  .openapi("TariffVersionInput");

export const TariffVersionSummarySchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    effectiveFrom: IsoDate,
    currency: CurrencyCode,
    publishedAt: z.string(),
    note: z.string().nullable(),
    itemCount: z.number().int(),
    status: z.enum(["scheduled", "in_force", "superseded"]),
  })
  .openapi("TariffVersionSummary");

export const TariffItemSchema = z
  .object({
    code: z.string(),
    name: z.record(z.string(), z.string()),
    department: z.string(),
    serviceClass: z.string(),
    kind: z.string(),
    unit: z.string(),
    unitPrice: MoneySchema,
    description: z.string().nullable().optional(),
  })
  .openapi("DomesticTariffItem");

export const TariffVersionSchema = TariffVersionSummarySchema.extend({
  hospitalId: z.string(),
  premiumClasses: z
    .array(z.string())
    .nullable()
    .openapi({
      description:
        "The premium classes declared at publication as bought by domestic patients at these prices (null: " +
        "published before such declarations).",
    }),
  items: z.array(TariffItemSchema),
}).openapi("TariffVersion");

export const PublishResultSchema = z
  .object({
    tariffVersion: TariffVersionSummarySchema,
    mode: z.enum(["replace", "amend"]),
    amendedVersion: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "With `mode: amend`, the version the new one was built from." }),
    repricedQuotes: z.array(
      z.object({
        quoteId: z.string(),
        revision: z.number().int(),
        before: z.number().int(),
        after: z.number().int(),
        withdrawn: z.boolean(),
      }),
    ),
    repricedItineraries: z.array(
      z.object({ itineraryId: z.string(), before: z.number().int(), after: z.number().int() }),
    ),
  })
  .openapi("TariffPublished");

export const TariffVersionListSchema = z
  .object({
    hospitalId: z.string(),
    date: IsoDate,
    inForceVersion: z.number().int().nullable(),
    data: z.array(TariffVersionSummarySchema),
  })
  .openapi("TariffVersionList");

export const PriceFileItemSchema = z
  .object({
    code: z.string().openapi({ example: "CARD-CABG" }),
    name: z.record(z.string(), z.string()).openapi({
      description: "By language code.",
      example: { en: "Coronary artery bypass graft", zh: "冠状动脉旁路移植术" },
    }),
    department: z.string().openapi({ example: "cardiac_surgery" }),
    serviceClass: z.string().openapi({ example: "standard" }),
    kind: z.enum([
      "procedure",
      "diagnostic",
      "bed_day",
      "medication_package",
      "consultation",
      "vaccination",
      "course",
      "other",
    ]),
    unit: z.string().openapi({ example: "per procedure" }),
    unitPrice: MoneySchema.openapi({
      description: "The domestic price every patient pays, in the hospital's currency.",
    }),
  })
  .openapi("PriceFileItem");

export const PriceFileSchema = z
  .object({
    schema: z.literal("caravan.price-file/v1"),
    hospital: z.object({
      id: z.string(),
      name: z.string(),
      nameLocal: z.string(),
      city: z.string(),
      country: z.string(),
      zone: z.string(),
      address: z.string(),
    }),
    currency: CurrencyCode,
    asOfDate: IsoDate,
    lastUpdated: z.string().nullable(),
    generatedAt: z.string(),
    parityStatement: z.string(),
    tariffVersion: z
      .object({ id: z.string(), version: z.number().int(), effectiveFrom: IsoDate, publishedAt: z.string() })
      .nullable()
      .openapi({ description: "The version in force on `asOfDate`; null when none is." }),
    items: z.array(PriceFileItemSchema),
    upcomingVersions: z.array(z.object({ version: z.number().int(), effectiveFrom: IsoDate, publishedAt: z.string() })),
  })
  .openapi("PriceFile");
