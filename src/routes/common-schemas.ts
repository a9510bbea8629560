import { z } from "@hono/zod-openapi";
import { CurrencyCode } from "../services/schemas";

export {
  CurrencyCode,
  DATE_MAX,
  DATE_MIN,
  dateRange,
  daysBetween,
  IanaZone,
  instantRange,
  IsoDate,
  isoDateMs,
  IsoInstant,
  LanguageCode,
  MAX_SLOT_WINDOW_DAYS,
  MAX_STAY_NIGHTS,
  PageQuery,
} from "../services/schemas";

export const MoneySchema = z
  .object({
    amount: z.number().int().openapi({ description: "Integer minor units (fen for CNY).", example: 1250000 }),
    currency: CurrencyCode,
  })
  .openapi("Money");

export const LocalTimeSchema = z
  .object({
    utc: z.string().openapi({ example: "2026-12-01T04:30:00Z" }),
    local: z.string().openapi({ example: "2026-12-01T12:30:00+08:00" }),
    zone: z.string().openapi({ example: "Asia/Shanghai" }),
  })
  .openapi("LocalTime", { description: "An instant, and its reading in the place's IANA zone." });

/** Query booleans: `true|false|1|0`. */
export const QueryBool = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .openapi({ type: "string", enum: ["true", "false", "1", "0"] });

export function page<T extends z.ZodTypeAny>(item: T, name: string) {
  return z
    .object({
      data: z.array(item),
      nextCursor: z
        .string()
        .nullable()
        .openapi({ description: "Pass as `cursor` for the next page; null at the end." }),
    })
    .openapi(name);
}

export const IdParam = (prefix: string) =>
  z.object({
    id: z
      .string()
      .min(3)
      .max(64)
      .openapi({ param: { name: "id", in: "path" }, example: `${prefix}_01` }),
  });
