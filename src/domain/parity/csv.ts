import { CsvError, parse } from "csv-parse/sync";

/** A CSV csv-parse could not read (e.g. a quote never closed), with the line it stopped at. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

/**
 * RFC 4180 CSV read by csv-parse (a maintained parser): quoted fields, doubled quotes, CRLF, LF or
 * CR, a leading BOM dropped, rows of any length, a stray quote inside an unquoted field kept as is,
 * rows with no value skipped. A quote never closed is a CsvSyntaxError. Pure.
 */
export function parseCsv(text: string): string[][] {
  try {
    const rows = parse(text, { bom: true, relax_column_count: true, relax_quotes: true }) as string[][];
    return rows.filter((r) => r.some((f) => f !== ""));
  } catch (err) {
    if (err instanceof CsvError) throw new CsvSyntaxError(err.message, (err as { lines?: number }).lines ?? null);
    throw err;
  }
}

export function csvCell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
