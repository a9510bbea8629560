import { z } from "zod";
import type { RecordMeta, RequestConsultationInput } from "../../services/consultations";
import type { FieldMessages } from "../ui/form";

/** How many record rows the form offers (the API takes up to 50; a page asks for a few). */
export const RECORD_ROWS = 3;
export const RECORD_KINDS = [
  "imaging",
  "lab_result",
  "discharge_summary",
  "prescription",
  "referral",
  "other",
] as const;

/** The form as typed, kept for re-showing. */
export interface ConsultationForm {
  department: string;
  mode: string;
  slot: string;
  complaint: string;
  language: string;
  records: { name: string; kind: string; mediaType: string; sizeBytes: string; takenOn: string; sha256: string }[];
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

export function readConsultationForm(body: Record<string, unknown>): ConsultationForm {
  return {
    department: str(body.department).trim(),
    mode: str(body.mode),
    slot: str(body.slot),
    complaint: str(body.complaint),
    language: str(body.language),
    records: Array.from({ length: RECORD_ROWS }, (_, i) => ({
      name: str(body[`records.${i}.name`]),
      kind: str(body[`records.${i}.kind`]),
      mediaType: str(body[`records.${i}.mediaType`]),
      sizeBytes: str(body[`records.${i}.sizeBytes`]),
      takenOn: str(body[`records.${i}.takenOn`]),
      sha256: str(body[`records.${i}.sha256`]),
    })),
  };
}

// The API's rules for the same fields (RequestConsultationSchema), as the page's messages name them.
const RecordSchema = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(RECORD_KINDS),
  mediaType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/),
  sizeBytes: z.coerce.number().int().min(0).max(2_000_000_000),
  takenOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

const FormSchema = z.object({
  department: z.string().min(1).max(64),
  mode: z.enum(["video", "in_person"]),
  complaint: z.string().trim().min(1).max(4000),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/),
  slot: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\/(\d{1,4})$/)
    .or(z.literal("")),
  records: z.array(RecordSchema),
});

/** A chosen slot ("<utc start>/<minutes>") as the preferred time window the request carries. */
function preferredTimes(slot: string) {
  if (!slot) return [];
  const [from = "", minutes = "0"] = slot.split("/");
  return [{ from, to: new Date(Date.parse(from) + Number(minutes) * 60_000).toISOString() }];
}

/**
 * The service input, or each field's problem: the same field names the API's paths give
 * ("records.0.mediaType"), each with a message key the page translates.
 */
export function consultationInput(
  hospitalId: string,
  form: ConsultationForm,
): { input: RequestConsultationInput } | { problems: FieldMessages } {
  const rows = form.records.map((r, i) => ({ r, i })).filter(({ r }) => r.name.trim() !== "");
  const parsed = FormSchema.safeParse({
    ...form,
    records: rows.map(({ r }) => ({ ...r, takenOn: r.takenOn || undefined, sha256: r.sha256 || undefined })),
  });
  if (!parsed.success) {
    const problems: FieldMessages = {};
    for (const issue of parsed.error.issues) {
      const [head, index, field] = issue.path.map(String);
      // The fingerprint is a hidden field: its message goes beside the record's name.
      const shown = field === "sha256" ? "name" : field;
      const name = head === "records" ? `records.${rows[Number(index)]?.i ?? 0}.${shown}` : (head ?? "form");
      problems[name] ??= `care.new.error.${head === "records" ? field : head}`;
    }
    return { problems };
  }
  const d = parsed.data;
  // Optional fields left empty are left out, as a program would leave them out of the JSON.
  const records: RecordMeta[] = d.records.map(({ takenOn, sha256, ...r }) => ({
    ...r,
    ...(takenOn ? { takenOn } : {}),
    ...(sha256 ? { sha256 } : {}),
  }));
  return {
    input: {
      hospitalId,
      department: d.department,
      mode: d.mode,
      complaint: d.complaint,
      language: d.language,
      preferredTimes: preferredTimes(d.slot),
      records,
    },
  };
}
