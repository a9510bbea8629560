import { CsvSyntaxError, parseCsv } from "../../domain/parity/csv";
import { emptySummary, tally } from "../../domain/parity/summary";
import { judgeTotal } from "../../domain/parity/verdict";
import { isIsoDate } from "../../domain/pricing/iso-date";
import type { ServiceContext } from "../context";
import { type FieldError, validationError } from "../errors";
import { hospitalFor, parityIndexOf } from "./load";

export interface CheckLineInput {
  ref?: string;
  code: string;
  department?: string;
  serviceClass?: string;
  serviceDate: string;
  unitPrice: number;
  quantity?: number;
}

const CHECK_COLUMNS = ["ref", "code", "department", "serviceClass", "serviceDate", "unitPrice", "quantity"] as const;
export const MAX_CHECK_LINES = 50_000;

/** A cell of decimal digits as a number; anything else (`0x10`, `1e3`, `+5`, `-1`, `1.0`, "") is NaN. */
function digits(cell: string | undefined): number {
  return cell !== undefined && /^\d+$/.test(cell) ? Number(cell) : Number.NaN;
}

/** Lines from a CSV upload (header row required; columns by name, in any order). */
export function checkLinesFromCsv(text: string): CheckLineInput[] {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    throw validationError("The CSV cannot be read.", [
      { path: "body", message: `line ${err.line ?? "?"}: ${err.message}` },
    ]);
  }
  const header = rows.shift();
  if (!header)
    throw validationError("The CSV is empty.", [{ path: "body", message: "expected a header row and lines" }]);
  const norm = (h: string) =>
    h
      .trim()
      .replace(/[_\s-]+(\w)/g, (_m, c: string) => c.toUpperCase())
      .replace(/^\w/, (c) => c.toLowerCase());
  const cols = header.map(norm);
  const missing = ["code", "serviceDate", "unitPrice"].filter((c) => !cols.includes(c));
  if (missing.length)
    throw validationError(
      "The CSV header is missing columns.",
      missing.map((m) => ({ path: `body.header.${m}`, message: "required column" })),
    );
  if (rows.length > MAX_CHECK_LINES)
    throw validationError(`At most ${MAX_CHECK_LINES} lines per check.`, [{ path: "body", message: "too many lines" }]);
  const errors: FieldError[] = [];
  const lines = rows.map((r, i) => {
    const get = (c: (typeof CHECK_COLUMNS)[number]) => {
      const at = cols.indexOf(c);
      return at === -1 ? undefined : (r[at] ?? "").trim() || undefined;
    };
    const unitPrice = digits(get("unitPrice"));
    const quantity = get("quantity") === undefined ? 1 : digits(get("quantity"));
    const date = get("serviceDate") ?? "";
    if (!get("code")) errors.push({ path: `body.lines.${i}.code`, message: "required" });
    if (!isIsoDate(date))
      errors.push({ path: `body.lines.${i}.serviceDate`, message: "expected a calendar date YYYY-MM-DD" });
    if (!Number.isSafeInteger(unitPrice) || unitPrice < 0)
      errors.push({ path: `body.lines.${i}.unitPrice`, message: "expected integer minor units" });
    if (!Number.isSafeInteger(quantity) || quantity < 1)
      errors.push({ path: `body.lines.${i}.quantity`, message: "expected a positive integer" });
    return {
      ref: get("ref"),
      code: get("code") ?? "",
      department: get("department"),
      serviceClass: get("serviceClass"),
      serviceDate: date,
      unitPrice,
      quantity,
    };
  });
  if (errors.length) throw validationError("Some CSV lines are invalid.", errors.slice(0, 100));
  return lines;
}

/** Billing sends lines from its own invoices; each gets its verdict against the domestic tariff. */
export async function parityChecks({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { hospitalId: string; lines: CheckLineInput[] };
}) {
  const hospital = await hospitalFor(ctx, input.hospitalId);
  const index = await parityIndexOf(ctx, hospital.id);
  const summary = emptySummary();
  const results = input.lines.map((l, i) => {
    const quantity = l.quantity ?? 1;
    const { r, verdict, domesticLineTotal } = judgeTotal(index, { ...l, quantity, lineTotal: l.unitPrice * quantity });
    const res = {
      lineNo: i + 1,
      ref: l.ref ?? null,
      code: l.code,
      department: r.department ?? l.department ?? null,
      serviceClass: r.serviceClass,
      serviceDate: l.serviceDate,
      quantity,
      chargedUnitPrice: l.unitPrice,
      domesticUnitPrice: r.domesticUnitPrice,
      deviation: r.domesticUnitPrice === null ? null : l.unitPrice - r.domesticUnitPrice,
      verdict,
      tariffVersion: r.tariffVersion,
    };
    tally(summary, verdict, l.unitPrice * quantity, domesticLineTotal, r.serviceClass);
    return res;
  });
  return {
    hospitalId: hospital.id,
    currency: hospital.currency,
    checkedAt: ctx.clock.now().toISOString(),
    results,
    summary,
  };
}
