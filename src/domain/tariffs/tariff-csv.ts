/**
 * A tariff spreadsheet checked against the same rules as publishing a version through the API
 * (services/tariffs/schemas.ts TariffItemInputSchema, the one-price-per-code-and-class rule, the
 * hospital's departments, the parity rules of domain/parity/tariff-draft.ts), reporting EVERY
 * problem with its row and column rather than the first. Pure.
 */
import { isIsoDate } from "../pricing/iso-date";
import { minorUnitExponent } from "../pricing/money";
import { validateTariffDraft } from "../parity/tariff-draft";
import { type ProblemCode, sortProblems, type TariffCsvProblem } from "./csv-report";
import { type Column, type CsvRow, NAME_COLUMNS, readTariffCsv, type ReadCsv } from "./csv-rows";

export const TARIFF_KINDS = [
  "procedure",
  "diagnostic",
  "bed_day",
  "medication_package",
  "consultation",
  "vaccination",
  "course",
  "other",
] as const;

const CODE = /^[A-Z0-9][A-Z0-9._-]{0,63}$/;
const SERVICE_CLASS = /^[a-z][a-z0-9_]{0,63}$/;
const MAX_PRICE = 1e12;
const LIMITS: Partial<Record<Column, number>> = {
  name_en: 300,
  name_ru: 300,
  name_zh: 300,
  name_kk: 300,
  unit: 64,
  department: 64,
  description: 2000,
};

export interface TariffCsvItem {
  code: string;
  name: Record<string, string>;
  department: string;
  serviceClass: string;
  kind: string;
  unit: string;
  /** Minor units of the hospital's currency. */
  unitPrice: number;
  description?: string;
  /** The line the item's row starts on. */
  row: number;
}

export interface TariffCsvContext {
  /** The hospital's currency: `unit_price` (major units) is read with its minor-unit exponent. */
  currency: string;
  departments: readonly string[];
  foreignDepartments: readonly string[];
  /** Non-standard classes declared as bought by domestic patients at these prices. */
  premiumClasses: readonly string[];
  /** The date the version takes effect and the hospital's today, both hospital-local. */
  effectiveFrom: string;
  today: string;
}

export interface TariffCsvReport {
  rows: number;
  errorCount: number;
  warningCount: number;
  problems: TariffCsvProblem[];
  /** The items, when there is no error; empty otherwise. */
  items: TariffCsvItem[];
}

type Add = (column: string | null, code: ProblemCode, message: string, severity?: "error" | "warning") => void;

/** A price cell in minor units: integers for `unit_price_minor`; decimals up to the exponent for `unit_price`. */
function priceOf(cell: string, major: boolean, exponent: number, add: Add, column: string): number | undefined {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(cell.replace(/[\s,](?=\d{3}\b)/g, ""));
  if (!m || (!major && m[3] !== undefined)) {
    add(column, "invalid_price", `"${cell}" is not ${major ? "a number" : "a whole number of minor units"}`);
    return undefined;
  }
  if (m[1]) {
    add(column, "negative_price", `${cell}: a price cannot be negative`);
    return undefined;
  }
  const fraction = m[3] ?? "";
  if (fraction.length > exponent) {
    add(column, "too_many_decimals", `${cell}: at most ${exponent} decimal places in this currency`);
    return undefined;
  }
  const minor = Number(m[2]) * 10 ** (major ? exponent : 0) + Number(fraction.padEnd(exponent, "0") || 0);
  if (!Number.isSafeInteger(minor) || minor > MAX_PRICE) {
    add(column, "price_too_large", `${cell}: above the largest price accepted`);
    return undefined;
  }
  if (minor === 0) add(column, "zero_price", "a price of zero: is the item free?", "warning");
  return minor;
}

interface Seen {
  byKey: Map<string, number>;
}

/** One row as an item, or undefined with each of its problems added. */
function itemOf(row: CsvRow, read: ReadCsv, ctx: TariffCsvContext, seen: Seen, add: Add): TariffCsvItem | undefined {
  const label = (c: Column) => read.header.find((h) => h.column === c)?.label ?? c;
  const cell = (c: Column) => row.cells[c] ?? "";
  const before = { errors: 0 };
  const err: Add = (column, code, message, severity = "error") => {
    if (severity === "error") before.errors++;
    add(column, code, message, severity);
  };
  if (row.fieldCount !== read.headerFieldCount)
    err(null, "field_count", `${row.fieldCount} fields where the header has ${read.headerFieldCount}`);
  for (const c of ["code", "kind", "unit", "department"] as const)
    if (row.cells[c] === "") err(label(c), "required", "required");
  const code = cell("code");
  if (code !== "" && !CODE.test(code))
    err(label("code"), "invalid_code", `"${code}": upper-case letters, digits, . _ -`);
  const names = Object.fromEntries(
    NAME_COLUMNS.filter((c) => cell(c) !== "").map((c) => [c.slice(5), cell(c)] as const),
  );
  const nameColumns = NAME_COLUMNS.filter((c) => c in row.cells);
  if (Object.keys(names).length === 0) err(label(nameColumns[0] ?? "name_en"), "required", "a name in one language");
  for (const [c, max] of Object.entries(LIMITS) as [Column, number][])
    if (cell(c).length > max) err(label(c), "too_long", `${cell(c).length} characters; at most ${max}`);
  const kind = cell("kind");
  if (kind !== "" && !(TARIFF_KINDS as readonly string[]).includes(kind))
    err(label("kind"), "unknown_kind", `"${kind}" is not one of ${TARIFF_KINDS.join(", ")}`);
  const department = cell("department");
  if (department !== "" && !ctx.departments.includes(department))
    err(label("department"), "unknown_department", `"${department}" is not a department of this hospital`);
  const serviceClass = cell("service_class") || "standard";
  if (!SERVICE_CLASS.test(serviceClass))
    err(label("service_class"), "invalid_service_class", `"${serviceClass}": a lower-case identifier such as vip`);
  else if (serviceClass !== "standard" && !ctx.premiumClasses.includes(serviceClass))
    err(
      label("service_class"),
      "undeclared_class",
      `class "${serviceClass}" is not declared as one domestic patients buy at these prices`,
    );
  const major = !("unit_price_minor" in row.cells);
  const priceColumn = major ? "unit_price" : "unit_price_minor";
  const priceCell = cell(priceColumn);
  let unitPrice: number | undefined;
  if (priceCell === "") err(label(priceColumn), "required", "required");
  else unitPrice = priceOf(priceCell, major, minorUnitExponent(ctx.currency), err, label(priceColumn));
  const currency = cell("currency");
  if (currency !== "" && currency !== ctx.currency)
    err(label("currency"), "currency_mismatch", `"${currency}": this hospital's prices are in ${ctx.currency}`);
  const date = cell("effective_from");
  if (date !== "" && !isIsoDate(date)) err(label("effective_from"), "invalid_date", `"${date}": expected YYYY-MM-DD`);
  else if (date !== "" && date !== ctx.effectiveFrom)
    err(label("effective_from"), "date_ignored", `${date}: the version takes effect ${ctx.effectiveFrom}`, "warning");
  if (code !== "" && CODE.test(code) && SERVICE_CLASS.test(serviceClass)) {
    const key = `${code}|${serviceClass}`;
    const first = seen.byKey.get(key);
    if (first !== undefined)
      err(
        label("code"),
        "duplicate_code",
        `"${code}" (${serviceClass}) is also on row ${first}: one price per version`,
      );
    else seen.byKey.set(key, row.line);
  }
  if (before.errors > 0 || unitPrice === undefined) return undefined;
  const description = cell("description");
  return {
    code,
    name: names,
    department,
    serviceClass,
    kind,
    unit: cell("unit"),
    unitPrice,
    ...(description === "" ? {} : { description }),
    row: row.line,
  };
}

function missingColumns(read: ReadCsv, add: (column: string, message: string, code?: ProblemCode) => void) {
  const has = (c: Column) => read.header.some((h) => h.column === c);
  for (const c of ["code", "kind", "unit", "department"] as const) if (!has(c)) add(c, "required column is missing");
  if (!NAME_COLUMNS.some(has)) add("name_en", `required column is missing (one of ${NAME_COLUMNS.join(", ")})`);
  if (!has("unit_price") && !has("unit_price_minor"))
    add("unit_price", "required column is missing (unit_price in major units, or unit_price_minor)");
  if (has("unit_price") && has("unit_price_minor"))
    add("unit_price", "both unit_price and unit_price_minor: keep one", "ambiguous_price_column");
}

function dateProblems(ctx: TariffCsvContext, problems: TariffCsvProblem[]) {
  const at = { severity: "error" as const, row: null, column: "effective_from" };
  if (!isIsoDate(ctx.effectiveFrom))
    problems.push({ ...at, code: "invalid_date", message: `"${ctx.effectiveFrom}": expected YYYY-MM-DD` });
  else if (ctx.effectiveFrom < ctx.today)
    problems.push({ ...at, code: "date_in_past", message: `${ctx.effectiveFrom} is before today (${ctx.today})` });
}

/** The parity rules (domain/parity/tariff-draft) over the rows that are otherwise valid. */
function parityProblems(items: TariffCsvItem[], ctx: TariffCsvContext, problems: TariffCsvProblem[]) {
  const declared = ctx.premiumClasses.map((serviceClass) => ({ serviceClass, domesticallyAvailable: true }));
  const issues = validateTariffDraft(items, declared, { foreignDepartments: new Set(ctx.foreignDepartments) });
  for (const issue of issues) {
    const m = /^items\.(\d+)\.?(.*)$/.exec(issue.path);
    const item = m ? items[Number(m[1])] : undefined;
    const column = m?.[2] === "unitPrice" ? "unit_price" : m?.[2] === "serviceClass" ? "service_class" : null;
    problems.push({ severity: "error", row: item?.row ?? null, column, code: "parity", message: issue.message });
  }
}

/** Reads and checks a tariff spreadsheet: every problem, and the items when there is no error. */
export function validateTariffCsv(text: string, ctx: TariffCsvContext): TariffCsvReport {
  const problems: TariffCsvProblem[] = [];
  dateProblems(ctx, problems);
  const read = readTariffCsv(text, problems);
  const items: TariffCsvItem[] = [];
  if (read) {
    missingColumns(read, (column, message, code = "missing_column") =>
      problems.push({ severity: "error", row: 1, column, code, message }),
    );
    const seen: Seen = { byKey: new Map() };
    for (const row of read.rows) {
      const add: Add = (column, code, message, severity = "error") =>
        problems.push({ severity, row: row.line, column, code, message });
      const item = itemOf(row, read, ctx, seen, add);
      if (item) items.push(item);
    }
    if (read.rows.length === 0)
      problems.push({
        severity: "error",
        row: null,
        column: null,
        code: "empty_file",
        message: "no rows under the header",
      });
    if (!problems.some((p) => p.severity === "error")) parityProblems(items, ctx, problems);
  }
  const sorted = sortProblems(problems);
  const errorCount = sorted.filter((p) => p.severity === "error").length;
  return {
    rows: read?.rows.length ?? 0,
    errorCount,
    warningCount: sorted.length - errorCount,
    problems: sorted,
    items: errorCount === 0 ? items : [],
  };
}
