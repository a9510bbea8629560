/**
 * The parity heart: a medical line is priced at exactly the domestic unit price of
 * the same code, department and service class in the tariff version in force on its
 * service date. Nothing a caller sends can change that price.
 */
import { assertSafeAmount, multiply } from "./money";
import { type TariffItem, type TariffVersion, compareStrings, versionInForce } from "./tariff";

export const DEFAULT_SERVICE_CLASS = "standard";
export const MAX_QUANTITY = 10_000;

export interface MedicalLineRequest {
  code: string;
  quantity: number;
  serviceDate: string;
  department?: string;
  serviceClass?: string;
  /** Anything a caller tried to set; its presence alone is a violation. */
  unitPrice?: unknown;
  currency?: unknown;
}

export interface PricedMedicalLine {
  lineNo: number;
  code: string;
  name: Record<string, string>;
  department: string;
  serviceClass: string;
  kind: string;
  unit: string;
  quantity: number;
  serviceDate: string;
  unitPrice: number;
  lineTotal: number;
  currency: string;
  tariffVersionId: string;
  tariffVersion: number;
}

export type ParityViolationCode =
  | "price_not_allowed"
  | "currency_not_allowed"
  | "no_tariff_in_force"
  | "unknown_code"
  | "class_not_domestic"
  | "department_mismatch"
  | "invalid_quantity";

export interface ParityViolation {
  lineNo: number;
  /** "unitPrice" | "currency" | "code" | "serviceClass" | "department" | "quantity" | "serviceDate" */
  field: string;
  code: ParityViolationCode;
  message: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = DATE.exec(value);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

function list(values: string[]): string {
  return [...new Set(values)].sort(compareStrings).map((v) => JSON.stringify(v)).join(", ");
}

/**
 * Prices each requested line (lineNo = index + 1) at exactly the domestic unit price of the same code,
 * department and service class in the version in force on the line's serviceDate.
 * Returns every violation (not just the first); `lines` holds only lines without violations.
 */
export function priceMedicalLines(
  requests: MedicalLineRequest[],
  versions: TariffVersion[],
): { lines: PricedMedicalLine[]; violations: ParityViolation[] } {
  const lines: PricedMedicalLine[] = [];
  const violations: ParityViolation[] = [];

  requests.forEach((request, index) => {
    const lineNo = index + 1;
    const found: ParityViolation[] = [];
    const violate = (field: string, code: ParityViolationCode, message: string): void => {
      found.push({ lineNo, field, code, message });
    };

    // A price or currency from the caller is never used; trying is a violation.
    if (request.unitPrice !== undefined) {
      violate("unitPrice", "price_not_allowed", `line ${lineNo}: the unit price comes from the domestic tariff and cannot be set`);
    }
    if (request.currency !== undefined) {
      violate("currency", "currency_not_allowed", `line ${lineNo}: the currency is the hospital's tariff currency and cannot be set`);
    }
    const quantity = request.quantity;
    if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
      violate("quantity", "invalid_quantity", `line ${lineNo}: quantity must be an integer from 1 to ${MAX_QUANTITY}`);
    }

    const serviceClass = request.serviceClass ?? DEFAULT_SERVICE_CLASS;
    const item = ((): { item: TariffItem; version: TariffVersion } | undefined => {
      if (!isIsoDate(request.serviceDate)) {
        violate("serviceDate", "no_tariff_in_force", `line ${lineNo}: serviceDate must be a date written YYYY-MM-DD`);
        return undefined;
      }
      const version = versionInForce(versions, request.serviceDate);
      if (version === undefined) {
        violate("serviceDate", "no_tariff_in_force", `line ${lineNo}: no tariff is in force on ${request.serviceDate}`);
        return undefined;
      }
      const byCode = version.items.filter((i) => i.code === request.code);
      if (byCode.length === 0) {
        violate("code", "unknown_code", `line ${lineNo}: code ${JSON.stringify(request.code)} is not in tariff version ${version.version}`);
        return undefined;
      }
      const byClass = byCode.filter((i) => i.serviceClass === serviceClass);
      if (byClass.length === 0) {
        violate(
          "serviceClass",
          "class_not_domestic",
          `line ${lineNo}: code ${JSON.stringify(request.code)} has no domestic price in class ${JSON.stringify(serviceClass)}; domestic classes: ${list(byCode.map((i) => i.serviceClass))}`,
        );
        return undefined;
      }
      if (request.department !== undefined) {
        const match = byClass.find((i) => i.department === request.department);
        if (match === undefined) {
          violate(
            "department",
            "department_mismatch",
            `line ${lineNo}: code ${JSON.stringify(request.code)} in class ${JSON.stringify(serviceClass)} is not priced in department ${JSON.stringify(request.department)}; departments: ${list(byClass.map((i) => i.department))}`,
          );
          return undefined;
        }
        return { item: match, version };
      }
      const departments = new Set(byClass.map((i) => i.department));
      const first = byClass[0];
      if (departments.size !== 1 || first === undefined) {
        violate(
          "department",
          "department_mismatch",
          `line ${lineNo}: code ${JSON.stringify(request.code)} in class ${JSON.stringify(serviceClass)} exists in several departments; name one of: ${list(byClass.map((i) => i.department))}`,
        );
        return undefined;
      }
      return { item: first, version };
    })();

    if (found.length > 0 || item === undefined) {
      violations.push(...found);
      return;
    }
    const { item: tariffItem, version } = item;
    const lineTotal = multiply({ amount: tariffItem.unitPrice, currency: version.currency }, quantity).amount;
    lines.push({
      lineNo,
      code: tariffItem.code,
      name: { ...tariffItem.name },
      department: tariffItem.department,
      serviceClass: tariffItem.serviceClass,
      kind: tariffItem.kind,
      unit: tariffItem.unit,
      quantity,
      serviceDate: request.serviceDate,
      unitPrice: tariffItem.unitPrice,
      lineTotal,
      currency: version.currency,
      tariffVersionId: version.id,
      tariffVersion: version.version,
    });
  });

  return { lines, violations };
}

/** Verdict for one charged line against the domestic tariff (parity report / parity checks). */
export type ParityVerdict = "parity" | "overcharge" | "undercharge" | "unknown_code" | "no_tariff_in_force";

export interface ChargedLine {
  code: string;
  department?: string;
  serviceClass?: string;
  serviceDate: string;
  unitPrice: number;
  quantity?: number;
}

export interface ParityResult {
  verdict: ParityVerdict;
  domesticUnitPrice: number | null;
  /** charged − domestic, per unit */
  deviation: number | null;
  tariffVersion: number | null;
  tariffVersionId: string | null;
  department: string | null;
  serviceClass: string;
}

/** Shared by parityVerdict and the index, so both answer identically. */
function judge(line: ChargedLine, version: TariffVersion | undefined, item: TariffItem | undefined): ParityResult {
  const serviceClass = line.serviceClass ?? DEFAULT_SERVICE_CLASS;
  if (version === undefined) {
    return {
      verdict: "no_tariff_in_force",
      domesticUnitPrice: null,
      deviation: null,
      tariffVersion: null,
      tariffVersionId: null,
      department: line.department ?? null,
      serviceClass,
    };
  }
  if (item === undefined) {
    return {
      verdict: "unknown_code",
      domesticUnitPrice: null,
      deviation: null,
      tariffVersion: version.version,
      tariffVersionId: version.id,
      department: line.department ?? null,
      serviceClass,
    };
  }
  const deviation = line.unitPrice - item.unitPrice;
  assertSafeAmount(deviation, "deviation");
  return {
    verdict: deviation === 0 ? "parity" : deviation > 0 ? "overcharge" : "undercharge",
    domesticUnitPrice: item.unitPrice,
    deviation,
    tariffVersion: version.version,
    tariffVersionId: version.id,
    department: item.department,
    serviceClass,
  };
}

function checkCharged(line: ChargedLine): void {
  assertSafeAmount(line.unitPrice, "charged unit price");
}

/**
 * The domestic item for code/class (and department when given). Without a department,
 * the first match sorted by department (then list order).
 */
function findItem(version: TariffVersion, line: ChargedLine): TariffItem | undefined {
  const serviceClass = line.serviceClass ?? DEFAULT_SERVICE_CLASS;
  let best: TariffItem | undefined;
  for (const item of version.items) {
    if (item.code !== line.code || item.serviceClass !== serviceClass) continue;
    if (line.department !== undefined) {
      if (item.department === line.department) return item;
      continue;
    }
    if (best === undefined || compareStrings(item.department, best.department) < 0) best = item;
  }
  return best;
}

export function parityVerdict(line: ChargedLine, versions: TariffVersion[]): ParityResult {
  checkCharged(line);
  const version = versionInForce(versions, line.serviceDate);
  return judge(line, version, version === undefined ? undefined : findItem(version, line));
}

const SEP = "\u0000";

/**
 * A fast evaluator for millions of lines: versions are indexed once (sorted effective
 * dates, a Map per version by code|department|class and by code|class), then each line
 * costs O(log versions). Answers exactly as parityVerdict.
 */
export function createParityIndex(versions: TariffVersion[]): { verdict(line: ChargedLine): ParityResult } {
  // Sorted so that the last entry with effectiveFrom ≤ date is the one versionInForce picks:
  // by date, then version, then list order reversed (the first listed wins exact ties).
  const order = versions
    .map((version, position) => ({ version, position }))
    .sort(
      (a, b) =>
        compareStrings(a.version.effectiveFrom, b.version.effectiveFrom) ||
        a.version.version - b.version.version ||
        b.position - a.position,
    );
  const dates = order.map((entry) => entry.version.effectiveFrom);
  const indexed = order.map(({ version }) => {
    const exact = new Map<string, TariffItem>();
    const anyDepartment = new Map<string, TariffItem>();
    for (const item of version.items) {
      const key = `${item.code}${SEP}${item.department}${SEP}${item.serviceClass}`;
      if (!exact.has(key)) exact.set(key, item);
      const loose = `${item.code}${SEP}${item.serviceClass}`;
      const current = anyDepartment.get(loose);
      if (current === undefined || compareStrings(item.department, current.department) < 0) {
        anyDepartment.set(loose, item);
      }
    }
    return { version, exact, anyDepartment };
  });

  return {
    verdict(line: ChargedLine): ParityResult {
      checkCharged(line);
      // Last index with effectiveFrom ≤ serviceDate.
      let lo = 0;
      let hi = dates.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((dates[mid] as string) <= line.serviceDate) lo = mid + 1;
        else hi = mid;
      }
      const entry = lo > 0 ? indexed[lo - 1] : undefined;
      if (entry === undefined) return judge(line, undefined, undefined);
      const serviceClass = line.serviceClass ?? DEFAULT_SERVICE_CLASS;
      const item =
        line.department !== undefined
          ? entry.exact.get(`${line.code}${SEP}${line.department}${SEP}${serviceClass}`)
          : entry.anyDepartment.get(`${line.code}${SEP}${serviceClass}`);
      return judge(line, entry.version, item);
    },
  };
}

