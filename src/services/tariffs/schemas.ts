import { z } from "zod";
import { IsoDate } from "../schemas";

/** What a tariff item is, as billing files it. */
export const TariffItemKind = z.enum([
  "procedure",
  "diagnostic",
  "bed_day",
  "medication_package",
  "consultation",
  "vaccination",
  "course",
  "other",
]);

export const TariffItemInputSchema = z
  .object({
    code: z
      .string()
      .regex(/^[A-Z0-9][A-Z0-9._-]{0,63}$/, "upper-case letters, digits, . _ -")
      .meta({ example: "CARD-CABG" }),
    name: z
      .record(z.string().regex(/^[a-z]{2,3}$/), z.string().min(1).max(300))
      .refine((n) => Object.keys(n).length > 0, "at least one language")
      .meta({
        example: { en: "Coronary artery bypass graft", ru: "Аортокоронарное шунтирование", zh: "冠状动脉旁路移植术" },
      }),
    department: z.string().min(1).max(64),
    serviceClass: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, "lower-case identifier such as standard")
      .default("standard"),
    kind: TariffItemKind,
    unit: z.string().min(1).max(64).meta({ example: "per procedure" }),
    unitPrice: z.number().int().min(0).max(1e12).meta({ description: "Minor units of the hospital's currency." }),
    description: z.string().max(2000).optional(),
  })
  .strict()
  .meta({ id: "TariffItemInput" });

/** The body of publishTariff; the hospital comes from the path. */
export const PublishTariffBodySchema = z
  .object({
    effectiveFrom: IsoDate.meta({ description: "Hospital-local date it takes effect; today or later." }),
    note: z.string().max(1000).optional(),
    items: z.array(TariffItemInputSchema).min(1).max(5000),
    premiumClasses: z
      .array(
        z
          .object({
            serviceClass: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "lower-case identifier such as vip"),
            domesticallyAvailable: z.boolean().meta({
              description: "Domestic patients buy this class at these prices. Only such a class may be published.",
            }),
          })
          .strict(),
      )
      .max(50)
      .optional()
      .meta({
        description:
          "Every non-standard service class the items use. An undeclared class, or one not domestically " +
          "available, is a 422 naming each item.",
      }),
    mode: z
      .enum(["replace", "amend"])
      .default("replace")
      .meta({
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
      .meta({
        description:
          "Codes open quotes use that this version no longer prices (the line's code, department and class gone). " +
          "Without each such code listed here the publication is a 422 `removal_not_acknowledged` naming every " +
          "one in `errors[]`; with it, those quotes are withdrawn and their patients told.",
        example: ["CARD-PCI"],
      }),
  })
  .strict();
/** An item as parsed; one carried over from a stored version (amend) keeps whatever kind it was stored with. */
export type TariffItemInput = Omit<z.output<typeof TariffItemInputSchema>, "kind"> & { kind: string };
export type PublishMode = z.output<typeof PublishTariffBodySchema>["mode"];
/** The parsed body and the hospital; `mode` may be left out (replace). */
export type PublishTariffInput = Omit<z.output<typeof PublishTariffBodySchema>, "mode" | "items"> & {
  hospitalId: string;
  mode?: PublishMode;
  items: TariffItemInput[];
  /** Set by the spreadsheet verbs: the upload's hash, unique per hospital (one version per upload). */
  sourceHash?: string;
};

const TariffCode = z.string().regex(/^[A-Z0-9][A-Z0-9._-]{0,63}$/, "a tariff code");

/**
 * A tariff spreadsheet upload (validate, preview, publish). The CSV is read and checked by
 * domain/tariffs (every problem reported with its row and column), so the date here is only bounded:
 * a bad one is a problem of the report, not a refusal.
 */
export const TariffUploadSchema = z
  .object({
    csv: z
      .string()
      .max(4 * 1024 * 1024)
      .meta({ description: "The CSV text (at most 2 MiB and 20,000 rows are read; more is a problem reported)." }),
    effectiveFrom: z.string().max(32).meta({ description: "Hospital-local date YYYY-MM-DD it takes effect." }),
    mode: z.enum(["replace", "amend"]).default("replace"),
    premiumClasses: z
      .array(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "lower-case identifier such as vip"))
      .max(50)
      .optional()
      .meta({
        description:
          "Non-standard classes domestic patients buy at these prices; default: those declared with the version " +
          "in force on effectiveFrom.",
      }),
    acknowledgeRemoved: z.array(TariffCode).max(5000).optional(),
    note: z.string().max(1000).optional(),
    key: z
      .string()
      .regex(/^[0-9a-f]{64}$/, "the key of the preview")
      .optional()
      .meta({
        description:
          "The preview's `key` (the upload's content hash). Publishing the same upload twice publishes once; " +
          "a key that does not match the upload is a 412.",
      }),
  })
  .strict();
export type TariffUploadInput = z.output<typeof TariffUploadSchema> & { hospitalId: string };

/** Reading a version's items in the console: search by code or name, a page at a time. */
export const TariffItemsQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
