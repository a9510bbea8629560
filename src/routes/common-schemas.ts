import { z } from "@hono/zod-openapi";
import { DateTime, IANAZone } from "luxon";

export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as CNY")
  .openapi({ example: "CNY" });

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

/** YYYY-MM-DD names a day that exists (no 2026-02-30); the regex above checked the shape. */
function isCalendarDate(s: string): boolean {
  const y = Number(s.slice(0, 4)), m = Number(s.slice(5, 7)), d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getUTCFullYear() === y && t.getUTCDate() === d;
}

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD")
  .refine(isCalendarDate, "not a real calendar date")
  .openapi({ example: "2026-12-01" });

export const IsoInstant = z
  .string()
  .refine(
    (s) => /(Z|[+-]\d{2}:\d{2})$/.test(s) && DateTime.fromISO(s, { setZone: true }).isValid,
    "expected an ISO-8601 instant with offset, e.g. 2026-12-01T08:30:00+06:00",
  )
  .openapi({ example: "2026-12-01T08:30:00+06:00" });

export const LanguageCode = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "expected a BCP 47 language code such as ru or kk")
  .openapi({ example: "ru" });

/** Query booleans: `true|false|1|0`. */
export const QueryBool = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .openapi({ type: "string", enum: ["true", "false", "1", "0"] });

export const PageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ description: "Page size, 1–100.", example: 20, type: "integer" }),
  cursor: z
    .string()
    .max(512)
    .optional()
    .openapi({ description: "Opaque cursor from the previous page's `nextCursor`." }),
};

export function page<T extends z.ZodTypeAny>(item: T, name: string) {
  return z
    .object({
      data: z.array(item),
      nextCursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page; null at the end." }),
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

export const IanaZone = z
  .string()
  .max(64)
  .refine((s) => IANAZone.isValidZone(s), "expected an IANA time zone such as Asia/Almaty")
  .openapi({ example: "Asia/Almaty" });
