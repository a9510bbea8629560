/**
 * Publishing a tariff version from a spreadsheet, in three verbs both transports call: validate
 * (the report: every problem with its row and column), preview (what it changes and re-prices; reads
 * only) and publish (the same checks again, then publishTariff once per upload). Nothing is kept
 * between the steps: the caller sends the CSV each time, and the upload's content hash is the key that
 * makes a second confirmation find the version the first one published.
 */
import * as repo from "../../data/tariffs-repo";
import { versionInForce } from "../../domain/pricing/tariff";
import type { TariffCsvProblem } from "../../domain/tariffs/csv-report";
import { validateTariffCsv } from "../../domain/tariffs/tariff-csv";
import { isIsoDate } from "../../domain/pricing/iso-date";
import { localDate } from "../../domain/time/local-time";
import type { ServiceContext } from "../context";
import { type FieldError, validationError } from "../errors";
import { requireTariffConsole } from "./policy";
import type { TariffUploadInput } from "./schemas";
import { hospitalOr404 } from "./versions";

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The premium classes declared with the version in force on the date (today when the date is not one). */
async function inheritedPremiumClasses(ctx: ServiceContext, hospitalId: string, date: string): Promise<string[]> {
  const rows = await repo.listVersionRows(ctx.db, hospitalId);
  const inForce = versionInForce(
    rows.map((r) => ({
      id: r.id,
      version: r.version,
      effectiveFrom: r.effective_from,
      currency: r.currency,
      items: [],
    })),
    date,
  );
  const row = rows.find((r) => r.id === inForce?.id);
  return row?.premium_classes ? (JSON.parse(row.premium_classes) as string[]) : [];
}

/** The upload read and checked against the hospital; its key binds the CSV to the date, mode and classes. */
export async function checkUpload(ctx: ServiceContext, input: TariffUploadInput) {
  requireTariffConsole(ctx, input.hospitalId);
  const hospital = await hospitalOr404(ctx, input.hospitalId);
  const today = localDate(ctx.clock.now(), hospital.zone);
  const effectiveFrom = input.effectiveFrom.trim();
  const premiumClasses = [
    ...new Set(
      input.premiumClasses ??
        (await inheritedPremiumClasses(ctx, hospital.id, isIsoDate(effectiveFrom) ? effectiveFrom : today)),
    ),
  ].sort();
  // Line breaks as LF: a form posting the CSV back (hidden field) sends CRLF, and the key must not change.
  const csv = input.csv.replace(/\r\n?/g, "\n");
  const report = validateTariffCsv(csv, {
    currency: hospital.currency,
    departments: await repo.departmentCodes(ctx.db, hospital.id),
    foreignDepartments: [...(await repo.foreignDepartmentCodes(ctx.db, hospital.id))],
    premiumClasses,
    effectiveFrom,
    today,
  });
  const mode = input.mode ?? "replace";
  const key = await sha256Hex(JSON.stringify([hospital.id, effectiveFrom, mode, premiumClasses, csv]));
  return { hospital, today, effectiveFrom, mode, premiumClasses, report, key };
}

export type CheckedUpload = Awaited<ReturnType<typeof checkUpload>>;

/** The report as both transports show it. */
export function reportOf(checked: CheckedUpload) {
  const { report } = checked;
  return {
    hospitalId: checked.hospital.id,
    currency: checked.hospital.currency,
    effectiveFrom: checked.effectiveFrom,
    mode: checked.mode,
    premiumClasses: checked.premiumClasses,
    key: checked.key,
    valid: report.errorCount === 0,
    rows: report.rows,
    items: report.items.length,
    errorCount: report.errorCount,
    warningCount: report.warningCount,
    problems: report.problems,
  };
}

/** Billing checks a tariff spreadsheet: every problem with its row, column and message. Reads only. */
export async function validateTariffUpload({ ctx, input }: { ctx: ServiceContext; input: TariffUploadInput }) {
  return reportOf(await checkUpload(ctx, input));
}

/** A report's errors as field errors: `body.rows.7.unit_price`, `body.columns.unit`, `body.effectiveFrom`. */
export function problemPaths(problems: readonly TariffCsvProblem[]): FieldError[] {
  return problems
    .filter((p) => p.severity === "error")
    .map((p) => {
      const column = p.column ?? "";
      const path =
        p.row !== null && p.row > 1
          ? `body.rows.${p.row}${column ? `.${column}` : ""}`
          : p.row === 1
            ? `body.columns.${column}`
            : column === "effective_from"
              ? "body.effectiveFrom"
              : "body.csv";
      return { path, message: `${p.code}: ${p.message}` };
    });
}

/** Refuses an upload with errors (400, each error with its place), as the API refuses a bad JSON body. */
export function requireValid(checked: CheckedUpload): void {
  if (checked.report.errorCount > 0)
    throw validationError(
      `The spreadsheet has ${checked.report.errorCount} error(s); validate it for the full report.`,
      problemPaths(checked.report.problems),
    );
}
