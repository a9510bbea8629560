import { z } from "zod";
import { dateRange, IsoDate } from "../schemas";

/** The longest range the report page judges at once: one year, leap or not. */
export const MAX_OVERVIEW_DAYS = 366;
/** Deviating lines shown per page of the overview. */
export const OVERVIEW_PAGE_SIZE = 50;
/** The last page the overview shows (deeper than this: download the CSV). */
export const MAX_OVERVIEW_PAGE = 2_000;

export const ParityOverviewInputSchema = z
  .object({
    hospitalId: z.string().min(3).max(64),
    from: IsoDate,
    to: IsoDate,
    page: z.number().int().min(1).max(MAX_OVERVIEW_PAGE).default(1),
  })
  .superRefine(dateRange({ from: "from", to: "to", maxDays: MAX_OVERVIEW_DAYS, sameDay: true }));
export type ParityOverviewInput = z.input<typeof ParityOverviewInputSchema>;
