import { z } from "@hono/zod-openapi";
import { PROBLEM_CODES } from "../../domain/tariffs/csv-report";
import { TariffUploadSchema } from "../../services/tariffs/schemas";

/** The upload as JSON: the service's schema, named for the contract. */
export const TariffUploadBodySchema = TariffUploadSchema.meta({ id: "TariffUpload" });

const list = (description: string) =>
  z
    .string()
    .max(50_000)
    .optional()
    .transform((s) =>
      s === undefined
        ? undefined
        : s
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean),
    )
    .meta({ description });

/** With a `text/csv` body, the rest of the upload comes in the query. */
export const TariffUploadQuerySchema = z.object({
  effectiveFrom: z.string().max(32).optional().meta({ description: "With text/csv: the date it takes effect." }),
  mode: z.enum(["replace", "amend"]).optional().meta({ description: "With text/csv: `amend` or `replace`." }),
  premiumClasses: list("With text/csv: comma-separated classes domestic patients buy at these prices."),
  acknowledgeRemoved: list("With text/csv: comma-separated removed codes open quotes use, acknowledged."),
  key: z.string().max(64).optional().meta({ description: "With text/csv: the preview's key." }),
  note: z.string().max(1000).optional(),
});

export const TariffCsvProblemSchema = z
  .object({
    severity: z.enum(["error", "warning"]),
    row: z.number().int().nullable().openapi({ description: "The file's line (1 = header); null: the whole file." }),
    column: z.string().nullable(),
    code: z.enum(PROBLEM_CODES),
    message: z.string(),
  })
  .openapi("TariffCsvProblem");

export const TariffUploadReportSchema = z
  .object({
    hospitalId: z.string(),
    currency: z.string(),
    effectiveFrom: z.string(),
    mode: z.enum(["replace", "amend"]),
    premiumClasses: z.array(z.string()),
    key: z.string().openapi({ description: "The upload's content hash: send it back to publish exactly this." }),
    valid: z.boolean(),
    rows: z.number().int(),
    items: z.number().int(),
    errorCount: z.number().int(),
    warningCount: z.number().int(),
    problems: z.array(TariffCsvProblemSchema),
  })
  .openapi("TariffUploadReport");

const ItemRef = {
  code: z.string(),
  department: z.string(),
  serviceClass: z.string(),
  name: z.record(z.string(), z.string()),
};
const Priced = z.object({ ...ItemRef, unitPrice: z.number().int() });
const Change = z.object({ ...ItemRef, before: z.number().int(), after: z.number().int() });

export const TariffUploadPreviewSchema = TariffUploadReportSchema.extend({
  preview: z
    .object({
      againstVersion: z.object({ version: z.number().int(), effectiveFrom: z.string() }).nullable(),
      amendedVersion: z.number().int().nullable(),
      itemCount: z.number().int(),
      diff: z.object({
        added: z.array(Priced),
        removed: z.array(Priced),
        up: z.array(Change),
        down: z.array(Change),
        unchanged: z.number().int(),
      }),
      quotes: z.array(
        z.object({
          quoteId: z.string(),
          before: z.number().int(),
          after: z.number().int(),
          withdrawn: z.boolean(),
          problems: z.array(z.string()),
        }),
      ),
      itineraries: z.array(z.object({ itineraryId: z.string(), before: z.number().int(), after: z.number().int() })),
      totals: z.object({
        quotesRepriced: z.number().int(),
        quotesWithdrawn: z.number().int(),
        quotesDelta: z.number().int(),
        itinerariesRepriced: z.number().int(),
        itinerariesDelta: z.number().int(),
      }),
      acknowledgeRemoved: z.array(z.object({ code: z.string(), quoteIds: z.array(z.string()) })),
    })
    .nullable()
    .openapi({ description: "Null while the upload has errors. Amounts in minor units of the hospital's currency." }),
}).openapi("TariffUploadPreview");
