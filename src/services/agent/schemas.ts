/** What the agent console's verbs take (the queue, the agency's patients), as zod schemas. */
import { z } from "zod";
import { IsoDate } from "../schemas";

const Id = z.string().min(3).max(64);
/** The queue and patient lists page by a bounded offset: at most this many pages. */
export const MAX_PAGES = 10;
/** Rows a page shows at most. */
export const MAX_PAGE_SIZE = 50;

const Page = {
  page: z.coerce.number().int().min(1).max(MAX_PAGES).default(1),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
};

/** `agentQueue`: filters, a search by patient name or trip reference, a page. */
export const QueueInputSchema = z
  .object({
    status: z.enum(["draft", "held", "confirmed"]).optional(),
    hospitalId: Id.optional(),
    patientId: Id.optional(),
    q: z.string().trim().max(100).optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    ...Page,
  })
  .refine((x) => !x.from || !x.to || x.from <= x.to, { path: ["to"], message: "must not be before from" });
export type QueueInput = z.input<typeof QueueInputSchema>;

/** `agencyPatients`: a search by name (or patient id), a page. */
export const PatientsInputSchema = z.object({ q: z.string().trim().max(100).optional(), ...Page });
export type PatientsInput = z.input<typeof PatientsInputSchema>;

/** `patientFile`: one patient of the agency. */
export const PatientFileInputSchema = z.object({ id: Id });
export type PatientFileInput = z.infer<typeof PatientFileInputSchema>;
