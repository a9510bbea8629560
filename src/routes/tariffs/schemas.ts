import { z } from "@hono/zod-openapi";
import { PublishTariffBodySchema, TariffItemInputSchema, TariffItemKind } from "../../services/tariffs/schemas";
import { CurrencyCode, IsoDate, MoneySchema } from "../common-schemas";

export { TariffItemInputSchema };

/** The publishTariff body: the service's input schema, named for the contract. */
export const PublishTariffSchema = PublishTariffBodySchema.openapi("TariffVersionInput");

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
    alreadyPublished: z
      .boolean()
      .optional()
      .openapi({ description: "text/csv: true when this upload had been published already (nothing re-priced)." }),
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
    kind: TariffItemKind,
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
