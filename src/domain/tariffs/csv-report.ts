/**
 * The validation report of a tariff spreadsheet, modelled on CMS's price transparency validator:
 * every problem with its row (the file's line number, 1 = the header), its column and a message,
 * errors (the file cannot be published) apart from warnings (it can; worth a look). Pure.
 */
import { csvLine } from "../parity/csv";

export type Severity = "error" | "warning";

export const PROBLEM_CODES = [
  "file_too_large",
  "too_many_rows",
  "empty_file",
  "malformed_csv",
  "missing_column",
  "duplicate_column",
  "unknown_column",
  "ambiguous_price_column",
  "field_count",
  "required",
  "invalid_code",
  "duplicate_code",
  "invalid_price",
  "negative_price",
  "price_too_large",
  "too_many_decimals",
  "zero_price",
  "unknown_kind",
  "unknown_department",
  "invalid_service_class",
  "undeclared_class",
  "parity",
  "too_long",
  "currency_mismatch",
  "invalid_date",
  "date_in_past",
  "date_ignored",
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface TariffCsvProblem {
  severity: Severity;
  /** The file's line number the row starts on (1 = header); null for the file as a whole. */
  row: number | null;
  /** The column's name as the header spells it (or the expected name when it is missing); null when none. */
  column: string | null;
  code: ProblemCode;
  message: string;
}

/** Problems in file order: whole-file first, then by row, then by column as found. */
export function sortProblems(problems: TariffCsvProblem[]): TariffCsvProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.row ?? 0) - (b.p.row ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

/** The report as a CSV file (severity, row, column, code, message), header included. */
export function problemsCsv(problems: readonly TariffCsvProblem[]): string {
  return (
    csvLine(["severity", "row", "column", "code", "message"]) +
    problems.map((p) => csvLine([p.severity, p.row, p.column, p.code, p.message])).join("")
  );
}
