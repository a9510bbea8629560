import { type Recommendation, RecommendationSchema } from "../../../services/consultations";
import type { FieldError } from "../../../services/errors";

/** The API's bound on items; the form never grows past it. */
export const MAX_ITEMS = 100;
/** Activity-restriction rows the form offers (the API takes up to 20; a doctor writes a few). */
export const RESTRICTION_ROWS = 3;
export const ACTIVITIES = ["strenuous", "walking_tours", "altitude", "flying", "swimming", "other"] as const;

export interface ItemRow {
  code: string;
  quantity: string;
  department: string;
  serviceClass: string;
}

/** The recommendation form as typed (strings), kept for re-showing. */
export interface RecForm {
  items: ItemRow[];
  admissionDate: string;
  inpatientNights: string;
  fitToFlyDays: string;
  activityRestrictions: { activity: string; days: string; note: string }[];
  notes: string;
  /** The tariff search's text. */
  q: string;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

export const emptyRow = (): ItemRow => ({ code: "", quantity: "", department: "", serviceClass: "" });

export function emptyRecForm(): RecForm {
  return {
    items: [emptyRow()],
    admissionDate: "",
    inpatientNights: "",
    fitToFlyDays: "",
    activityRestrictions: Array.from({ length: RESTRICTION_ROWS }, () => ({ activity: "", days: "", note: "" })),
    notes: "",
    q: "",
  };
}

/** Reads the posted form: item rows `items.N.*` (as many as were sent, at most MAX_ITEMS). */
export function readRecForm(body: Record<string, unknown>): RecForm {
  const items: ItemRow[] = [];
  for (let i = 0; i < MAX_ITEMS && `items.${i}.code` in body; i++) {
    items.push({
      code: str(body[`items.${i}.code`]).trim(),
      quantity: str(body[`items.${i}.quantity`]).trim(),
      department: str(body[`items.${i}.department`]).trim(),
      serviceClass: str(body[`items.${i}.serviceClass`]).trim(),
    });
  }
  return {
    items,
    admissionDate: str(body.admissionDate).trim(),
    inpatientNights: str(body.inpatientNights).trim(),
    fitToFlyDays: str(body.fitToFlyDays).trim(),
    activityRestrictions: Array.from({ length: RESTRICTION_ROWS }, (_, i) => ({
      activity: str(body[`activityRestrictions.${i}.activity`]),
      days: str(body[`activityRestrictions.${i}.days`]).trim(),
      note: str(body[`activityRestrictions.${i}.note`]),
    })),
    notes: str(body.notes),
    q: str(body.q).trim().slice(0, 100),
  };
}

/** One blank row at the end for typing a code by hand (unless the form is full). */
export function withBlankRow(form: RecForm): RecForm {
  const rows = form.items.filter((r) => r.code || r.quantity);
  if (rows.length < MAX_ITEMS) rows.push(emptyRow());
  return { ...form, items: rows };
}

/** "CODE|department|class" from an "add" button: the row added with quantity 1 (or one more of it). */
export function addItem(form: RecForm, value: string): RecForm {
  const [code = "", department = "", serviceClass = ""] = value.split("|");
  if (!code) return form;
  const items = form.items.filter((r) => r.code || r.quantity);
  const same = items.find((r) => r.code === code && r.department === department && r.serviceClass === serviceClass);
  if (same) same.quantity = String((Number.parseInt(same.quantity, 10) || 0) + 1);
  else if (items.length < MAX_ITEMS) items.push({ code, quantity: "1", department, serviceClass });
  return withBlankRow({ ...form, items });
}

export function removeItem(form: RecForm, index: number): RecForm {
  return withBlankRow({ ...form, items: form.items.filter((_, i) => i !== index) });
}

/** "" → left out (so the API's "required" says so); anything else as a number (NaN says "a number"). */
const num = (s: string) => (s === "" ? undefined : Number(s));

/**
 * The service's input, checked by the API's own schema (RecommendationSchema), or the problems
 * with the form's field names: a path `items.K.code` of the K-th item sent names the row it came
 * from (blank rows are not sent).
 */
export function recommendationInput(form: RecForm): { input: Recommendation } | { errors: FieldError[] } {
  const rowsOf = sentRows(form);
  const items = rowsOf.items!.map((i) => form.items[i]!);
  const restrictions = rowsOf.activityRestrictions!.map((i) => form.activityRestrictions[i]!);
  const candidate = {
    items: items.map((r) => ({
      code: r.code,
      quantity: num(r.quantity),
      ...(r.department ? { department: r.department } : {}),
      ...(r.serviceClass ? { serviceClass: r.serviceClass } : {}),
    })),
    admissionDate: form.admissionDate || null,
    inpatientNights: num(form.inpatientNights),
    fitToFlyDays: num(form.fitToFlyDays),
    activityRestrictions: restrictions.map((r) => ({
      activity: r.activity,
      days: num(r.days),
      ...(r.note.trim() ? { note: r.note.trim() } : {}),
    })),
    ...(form.notes.trim() ? { notes: form.notes.trim() } : {}),
  };
  const parsed = RecommendationSchema.safeParse(candidate);
  if (parsed.success) return { input: parsed.data };
  return {
    errors: parsed.error.issues.map((issue) => ({
      path: formPath(issue.path.map(String), rowsOf),
      message: issue.message,
    })),
  };
}

/** A path of the sent body ("items.1.code") as the form's field ("items.3.code"); `body.` kept off. */
export function formPath(path: string[], rowsOf: Record<string, number[]>): string {
  const [head = "form", index, ...rest] = path;
  const rows = rowsOf[head];
  if (!rows || index === undefined) return head;
  const row = rows[Number(index)] ?? Number(index);
  return [head, String(row), ...(rest.length ? rest : head === "items" ? ["code"] : ["activity"])].join(".");
}

/** The rows each sent list came from, for mapping the service's own field paths back to the form. */
export function sentRows(form: RecForm): Record<string, number[]> {
  return {
    items: form.items.flatMap((r, i) => (r.code || r.quantity ? [i] : [])),
    activityRestrictions: form.activityRestrictions.flatMap((r, i) =>
      r.activity || r.days || r.note.trim() ? [i] : [],
    ),
  };
}
