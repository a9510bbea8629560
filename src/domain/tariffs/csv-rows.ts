/**
 * A tariff spreadsheet's rows by column name, with the line each row starts on, read by csv-parse
 * (a maintained CSV library) after the upload's size is bounded. Pure.
 */
import { CsvError, parse } from "csv-parse/sync";
import type { TariffCsvProblem } from "./csv-report";

export const TARIFF_CSV_MAX_BYTES = 2 * 1024 * 1024;
export const TARIFF_CSV_MAX_ROWS = 20_000;

/** Columns a tariff file may have, by their canonical (snake_case) name. */
export const NAME_COLUMNS = ["name_en", "name_ru", "name_zh", "name_kk"] as const;
export const KNOWN_COLUMNS = [
  "code",
  ...NAME_COLUMNS,
  "kind",
  "unit",
  "unit_price_minor",
  "unit_price",
  "department",
  "service_class",
  "description",
  "currency",
  // What the price file's CSV (priceFileCsv) has besides: accepted, so an export can be edited and uploaded.
  "effective_from",
  "hospital_id",
  "tariff_version",
] as const;
export type Column = (typeof KNOWN_COLUMNS)[number];

const ALIASES: Record<string, Column> = {
  name: "name_en",
  price: "unit_price",
  price_minor: "unit_price_minor",
  class: "service_class",
  dept: "department",
};

/** "Unit Price", "unitPrice", "unit-price" → "unit_price"; aliases ("name", "class") to their column. */
export function canonicalColumn(header: string): string {
  const snake = header
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  return ALIASES[snake] ?? snake;
}

export interface CsvRow {
  /** The line the row starts on (1 = header). */
  line: number;
  cells: Partial<Record<Column, string>>;
  fieldCount: number;
}

export interface ReadCsv {
  header: { column: Column; label: string }[];
  headerFieldCount: number;
  rows: CsvRow[];
}

type Parsed = { record: string[]; info: { lines: number } };

/** The lines csv-parse reports are where a record ends; one with line breaks in its cells started earlier. */
function startLine(p: Parsed): number {
  return p.info.lines - p.record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
}

function headerOf(first: Parsed, problems: TariffCsvProblem[]) {
  const header: ReadCsv["header"] = [];
  const at = new Map<string, number>();
  first.record.forEach((label, i) => {
    const name = canonicalColumn(label);
    const problem = (p: Omit<TariffCsvProblem, "row" | "column">) => problems.push({ ...p, row: 1, column: label });
    if (!(KNOWN_COLUMNS as readonly string[]).includes(name)) {
      if (label.trim() !== "") problem({ severity: "warning", code: "unknown_column", message: "column ignored" });
      return;
    }
    if (at.has(name)) {
      problem({
        severity: "error",
        code: "duplicate_column",
        message: `the same column as column ${at.get(name)! + 1} ("${first.record[at.get(name)!]}")`,
      });
      return;
    }
    at.set(name, i);
    header.push({ column: name as Column, label });
  });
  return { header, at };
}

/**
 * The file's rows keyed by column, or null with the problem that stops reading: too large, too many
 * rows, not CSV, no header. Blank lines are skipped; a row's line is the one it starts on.
 */
export function readTariffCsv(text: string, problems: TariffCsvProblem[]): ReadCsv | null {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > TARIFF_CSV_MAX_BYTES) {
    const message = `the file is ${bytes} bytes; at most ${TARIFF_CSV_MAX_BYTES} bytes (2 MiB) are read`;
    problems.push({ severity: "error", row: null, column: null, code: "file_too_large", message });
    return null;
  }
  let parsed: Parsed[];
  try {
    parsed = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      to: TARIFF_CSV_MAX_ROWS + 2,
    }) as unknown as Parsed[];
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const row = (err as CsvError & { lines?: number }).lines ?? null;
    const message = err.message.replace(/^Invalid Record Length: /, "");
    problems.push({ severity: "error", row, column: null, code: "malformed_csv", message });
    return null;
  }
  const first = parsed[0];
  if (!first) {
    problems.push({ severity: "error", row: null, column: null, code: "empty_file", message: "no header row" });
    return null;
  }
  if (parsed.length - 1 > TARIFF_CSV_MAX_ROWS) {
    const message = `more than ${TARIFF_CSV_MAX_ROWS} rows; split the tariff or publish an amendment`;
    problems.push({ severity: "error", row: null, column: null, code: "too_many_rows", message });
    return null;
  }
  const { header, at } = headerOf(first, problems);
  const rows = parsed.slice(1).map((p) => {
    const cells: CsvRow["cells"] = {};
    for (const h of header) cells[h.column] = (p.record[at.get(h.column)!] ?? "").trim();
    return { line: startLine(p), cells, fieldCount: p.record.length };
  });
  return { header, headerFieldCount: first.record.length, rows };
}
