/**
 * Value schemas every area's inputs share (dates, instants, currencies, languages, zones, paging), in plain
 * zod: the services parse with them, and the REST routes reuse them in their contract.
 */
import { IANAZone } from "luxon";
import { z } from "zod";

export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as CNY")
  .meta({ example: "CNY" });

/** Dates and instants the service accepts: a sane window, so no range can be centuries long. */
export const DATE_MIN = "1900-01-01";
export const DATE_MAX = "2100-12-31";
/** Longest stay (lodging search and itinerary lodging), in nights. */
export const MAX_STAY_NIGHTS = 90;
/** Widest consultation-slot window, in days. */
export const MAX_SLOT_WINDOW_DAYS = 92;

const DAY_MS = 86_400_000;
const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO 8601 extended format only: YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM). */
const INSTANT_SHAPE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** Epoch ms of a real calendar day (no 2026-02-30) at 00:00 UTC, else NaN. */
function dayMs(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1) return NaN;
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getUTCFullYear() === y && t.getUTCDate() === d ? t.getTime() : NaN;
}

/** Epoch ms (00:00 UTC) of a YYYY-MM-DD that names a real day, else NaN. */
export function isoDateMs(s: string): number {
  const m = DATE_SHAPE.exec(s);
  return m ? dayMs(Number(m[1]), Number(m[2]), Number(m[3])) : NaN;
}

/** Whole days from one YYYY-MM-DD to another (negative when reversed; NaN if either is not a date). */
export function daysBetween(from: string, to: string): number {
  return Math.round((isoDateMs(to) - isoDateMs(from)) / DAY_MS);
}

const inWindow = (date: string) => date >= DATE_MIN && date <= DATE_MAX;

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "expected a date as YYYY-MM-DD", abort: true })
  .refine((s) => !Number.isNaN(isoDateMs(s)), { message: "not a real calendar date", abort: true })
  .refine(inWindow, `must be between ${DATE_MIN} and ${DATE_MAX}`)
  .meta({ example: "2026-12-01", description: `A calendar date, YYYY-MM-DD, from ${DATE_MIN} to ${DATE_MAX}.` });

/** Why a string is not an instant this service reads, or null when it is one. */
function instantProblem(s: string): string | null {
  const m = INSTANT_SHAPE.exec(s);
  if (!m)
    return "expected an ISO 8601 instant YYYY-MM-DDTHH:MM[:SS[.fff]] with Z or ±HH:MM, e.g. 2026-12-01T08:30:00+06:00";
  if (Number.isNaN(dayMs(Number(m[1]), Number(m[2]), Number(m[3])))) return "not a real calendar date";
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59))
    return "not a real time of day";
  if (m[9] !== undefined && (Number(m[10]) > 59 || Number(m[9]) * 60 + Number(m[10]) > 14 * 60))
    return "offset must be within ±14:00";
  if (!inWindow(s.slice(0, 10))) return `must be between ${DATE_MIN} and ${DATE_MAX}`;
  return null;
}

/** The one instant format of the contract: every instant the API accepts is parsed by this schema. */
export const IsoInstant = z
  .string()
  .max(40)
  .superRefine((s, ctx) => {
    const problem = instantProblem(s);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .meta({
    example: "2026-12-01T08:30:00+06:00",
    pattern: INSTANT_SHAPE.source,
    description:
      `An instant in ISO 8601 extended format, \`YYYY-MM-DDTHH:MM[:SS[.fff]]\` then \`Z\` or \`±HH:MM\` (offset ` +
      `within ±14:00), dated ${DATE_MIN} to ${DATE_MAX}. Week dates, ordinal dates and the basic format are refused.`,
  });

/**
 * Object-level check of a date range, O(1) and before any per-day work: `to` must be after
 * `from` (or equal, when `sameDay`), and at most `maxDays` days later. The issue names `to`.
 */
export function dateRange<K extends string>(opts: {
  from: K;
  to: K;
  maxDays: number;
  sameDay?: boolean;
  unit?: string;
}) {
  return (v: Partial<Record<K, unknown>>, ctx: z.RefinementCtx) => {
    const from = v[opts.from],
      to = v[opts.to];
    // A bad end already has its own issue.
    if (typeof from !== "string" || typeof to !== "string" || !inWindow(from) || !inWindow(to)) return;
    const days = daysBetween(from, to);
    if (Number.isNaN(days)) return;
    if (days < 0 || (days === 0 && !opts.sameDay)) {
      ctx.addIssue({
        code: "custom",
        path: [opts.to],
        message: `must be ${opts.sameDay ? "on or after" : "after"} ${opts.from}`,
      });
    } else if (days > opts.maxDays) {
      ctx.addIssue({
        code: "custom",
        path: [opts.to],
        message: `must be at most ${opts.maxDays} ${opts.unit ?? "days"} after ${opts.from}`,
      });
    }
  };
}

/** Like `dateRange`, for two instants of `IsoInstant` (either may be absent: then nothing to compare). */
export function instantRange<K extends string>(opts: { from: K; to: K; maxDays: number }) {
  return (v: Partial<Record<K, unknown>>, ctx: z.RefinementCtx) => {
    const from = v[opts.from],
      to = v[opts.to];
    if (typeof from !== "string" || typeof to !== "string" || instantProblem(from) || instantProblem(to)) return;
    const ms = Date.parse(to) - Date.parse(from);
    if (ms <= 0) ctx.addIssue({ code: "custom", path: [opts.to], message: `must be after ${opts.from}` });
    else if (ms > opts.maxDays * DAY_MS)
      ctx.addIssue({
        code: "custom",
        path: [opts.to],
        message: `must be at most ${opts.maxDays} days after ${opts.from}`,
      });
  };
}

export const LanguageCode = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "expected a BCP 47 language code such as ru or kk")
  .meta({ example: "ru" });

export const PageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .meta({ description: "Page size, 1–100.", example: 20, type: "integer" }),
  cursor: z.string().max(512).optional().meta({ description: "Opaque cursor from the previous page's `nextCursor`." }),
};

export const IanaZone = z
  .string()
  .max(64)
  .refine((s) => IANAZone.isValidZone(s), "expected an IANA time zone such as Asia/Almaty")
  .meta({ example: "Asia/Almaty" });
