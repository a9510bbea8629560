/**
 * The parity heart: a medical line is priced at exactly the domestic unit price of
 * the same code, department and service class in the tariff version in force on its
 * service date. Nothing a caller sends can change that price.
 *
 * Foreign-patient departments (marked by the hospital) never carry a price other than the
 * standard class's domestic price for the same code; a premium class is one domestic patients
 * buy at its price, chosen only by name, and its lines carry the standard price beside them.
 */
import { assertSafeAmount, multiply, PricingError } from "./money";
import { type TariffItem, type TariffVersion, compareStrings, versionInForce } from "./tariff";

export const DEFAULT_SERVICE_CLASS = "standard";
export const MAX_QUANTITY = 10_000;

/** The hospital's departments that serve foreign patients (international clinic, VIP ward…), by code. */
export type ForeignDepartments = ReadonlySet<string>;

export interface ParityOptions {
  /** Departments marked as serving foreign patients; none when omitted. */
  foreignDepartments?: ForeignDepartments;
}

const NO_DEPARTMENTS: ForeignDepartments = new Set<string>();

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
  /** On a premium-class line: the standard class's domestic unit price of the same code (absent or null on a standard-class line). */
  standardUnitPrice?: number | null;
}

export type ParityViolationCode =
  | "price_not_allowed"
  | "currency_not_allowed"
  | "no_tariff_in_force"
  | "unknown_code"
  | "class_not_domestic"
  | "department_mismatch"
  | "foreign_department_price"
  | "invalid_quantity"
  | "amount_overflow";

export interface ParityViolation {
  lineNo: number;
  /** "unitPrice" | "currency" | "code" | "serviceClass" | "department" | "quantity" | "serviceDate" */
  field: string;
  code: ParityViolationCode;
  message: string;
}

/** Days in each month of a common year; February gains one in a leap year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The decimal digit at `at` (0–9), or -1 for anything else: exactly what `\d` matches. */
function digitAt(value: string, at: number): number {
  const c = value.charCodeAt(at) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/**
 * A real calendar date written YYYY-MM-DD (what /^(\d{4})-(\d{2})-(\d{2})$/ matches, then a day that
 * exists in that month). Read character by character: it runs once per priced line.
 */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string" || value.length !== 10) return false;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const y0 = digitAt(value, 0);
  const y1 = digitAt(value, 1);
  const y2 = digitAt(value, 2);
  const y3 = digitAt(value, 3);
  const m0 = digitAt(value, 5);
  const m1 = digitAt(value, 6);
  const d0 = digitAt(value, 8);
  const d1 = digitAt(value, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return false;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return day <= (leap ? 29 : 28);
  }
  return day <= MONTH_DAYS[month - 1]!;
}

function list(values: string[]): string {
  return [...new Set(values)]
    .sort(compareStrings)
    .map((v) => JSON.stringify(v))
    .join(", ");
}

/** A version's items by code, then by class, in list order: what priceMedicalLines looks a line up in. */
interface CodeItems {
  /** Every item of the code, in list order. */
  all: TariffItem[];
  byClass: Map<string, TariffItem[]>;
}

interface VersionItemIndex {
  items: TariffItem[];
  length: number;
  byCode: Map<string, CodeItems>;
}

/**
 * One index per version object, built on first use. Tariff versions are values (loaded from the
 * database, never edited in place); the index is rebuilt if `items` was replaced or resized.
 */
const itemIndexes = new WeakMap<TariffVersion, VersionItemIndex>();

function itemsByCode(version: TariffVersion): Map<string, CodeItems> {
  const items = version.items;
  const cached = itemIndexes.get(version);
  if (cached !== undefined && cached.items === items && cached.length === items.length) return cached.byCode;
  const byCode = new Map<string, CodeItems>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    let entry = byCode.get(item.code);
    if (entry === undefined) byCode.set(item.code, (entry = { all: [], byClass: new Map() }));
    entry.all.push(item);
    const inClass = entry.byClass.get(item.serviceClass);
    if (inClass === undefined) entry.byClass.set(item.serviceClass, [item]);
    else inClass.push(item);
  }
  itemIndexes.set(version, { items, length: items.length, byCode });
  return byCode;
}

/**
 * The standard class's domestic item for a code in a version: the standard-class item in a
 * department that does not serve foreign patients (a version has at most one per code and class).
 */
export function standardDomesticItem(
  version: TariffVersion,
  code: string,
  foreign: ForeignDepartments = NO_DEPARTMENTS,
): TariffItem | undefined {
  const standard = itemsByCode(version).get(code)?.byClass.get(DEFAULT_SERVICE_CLASS);
  if (standard === undefined) return undefined;
  for (let i = 0; i < standard.length; i++) if (!foreign.has(standard[i]!.department)) return standard[i];
  return undefined;
}

/**
 * The domestic price an item stands for: its own, except in a foreign-patient department, where it
 * is the standard class's domestic price of the code (undefined when there is none).
 */
function referencePrice(version: TariffVersion, item: TariffItem, foreign: ForeignDepartments): number | undefined {
  if (!foreign.has(item.department)) return item.unitPrice;
  return standardDomesticItem(version, item.code, foreign)?.unitPrice;
}

function departmentsOf(items: TariffItem[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) out.push(items[i]!.department);
  return out;
}

/**
 * The tariff item for one line, or undefined after recording why there is none in `found`
 * (service date, version in force, code, class, department: in that order, first failure only).
 */
function lookupItem(
  request: MedicalLineRequest,
  lineNo: number,
  serviceClass: string,
  versions: TariffVersion[],
  found: ParityViolation[],
): { item: TariffItem; version: TariffVersion } | undefined {
  if (!isIsoDate(request.serviceDate)) {
    found.push({
      lineNo,
      field: "serviceDate",
      code: "no_tariff_in_force",
      message: `line ${lineNo}: serviceDate must be a date written YYYY-MM-DD`,
    });
    return undefined;
  }
  const version = versionInForce(versions, request.serviceDate);
  if (version === undefined) {
    found.push({
      lineNo,
      field: "serviceDate",
      code: "no_tariff_in_force",
      message: `line ${lineNo}: no tariff is in force on ${request.serviceDate}`,
    });
    return undefined;
  }
  const byCode = itemsByCode(version).get(request.code);
  if (byCode === undefined) {
    found.push({
      lineNo,
      field: "code",
      code: "unknown_code",
      message: `line ${lineNo}: code ${JSON.stringify(request.code)} is not in tariff version ${version.version}`,
    });
    return undefined;
  }
  const byClass = byCode.byClass.get(serviceClass);
  if (byClass === undefined) {
    const classes: string[] = [];
    for (let i = 0; i < byCode.all.length; i++) classes.push(byCode.all[i]!.serviceClass);
    found.push({
      lineNo,
      field: "serviceClass",
      code: "class_not_domestic",
      message: `line ${lineNo}: code ${JSON.stringify(request.code)} has no domestic price in class ${JSON.stringify(serviceClass)}; domestic classes: ${list(classes)}`,
    });
    return undefined;
  }
  const department = request.department;
  if (department !== undefined) {
    for (let i = 0; i < byClass.length; i++) {
      if (byClass[i]!.department === department) return { item: byClass[i]!, version };
    }
    found.push({
      lineNo,
      field: "department",
      code: "department_mismatch",
      message: `line ${lineNo}: code ${JSON.stringify(request.code)} in class ${JSON.stringify(serviceClass)} is not priced in department ${JSON.stringify(department)}; departments: ${list(departmentsOf(byClass))}`,
    });
    return undefined;
  }
  const first = byClass[0]!;
  for (let i = 1; i < byClass.length; i++) {
    if (byClass[i]!.department !== first.department) {
      found.push({
        lineNo,
        field: "department",
        code: "department_mismatch",
        message: `line ${lineNo}: code ${JSON.stringify(request.code)} in class ${JSON.stringify(serviceClass)} exists in several departments; name one of: ${list(departmentsOf(byClass))}`,
      });
      return undefined;
    }
  }
  return { item: first, version };
}

/**
 * Prices each requested line (lineNo = index + 1) at exactly the domestic unit price of the same code,
 * department and service class in the version in force on the line's serviceDate.
 * Returns every violation (not just the first); `lines` holds only lines without violations.
 */
export function priceMedicalLines(
  requests: MedicalLineRequest[],
  versions: TariffVersion[],
  options: ParityOptions = {},
): { lines: PricedMedicalLine[]; violations: ParityViolation[] } {
  const foreign = options.foreignDepartments ?? NO_DEPARTMENTS;
  const lines: PricedMedicalLine[] = [];
  const violations: ParityViolation[] = [];

  for (let index = 0; index < requests.length; index++) {
    if (!(index in requests)) continue; // a hole in a sparse array, skipped as forEach does
    const request = requests[index]!;
    const lineNo = index + 1;
    // Violations of this line; most lines have none, so the array is made only when needed.
    let found: ParityViolation[] | undefined;

    // A price or currency from the caller is never used; trying is a violation.
    if (request.unitPrice !== undefined) {
      (found ??= []).push({
        lineNo,
        field: "unitPrice",
        code: "price_not_allowed",
        message: `line ${lineNo}: the unit price comes from the domestic tariff and cannot be set`,
      });
    }
    if (request.currency !== undefined) {
      (found ??= []).push({
        lineNo,
        field: "currency",
        code: "currency_not_allowed",
        message: `line ${lineNo}: the currency is the hospital's tariff currency and cannot be set`,
      });
    }
    const quantity = request.quantity;
    if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
      (found ??= []).push({
        lineNo,
        field: "quantity",
        code: "invalid_quantity",
        message: `line ${lineNo}: quantity must be an integer from 1 to ${MAX_QUANTITY}`,
      });
    }

    const serviceClass = request.serviceClass ?? DEFAULT_SERVICE_CLASS;
    // With no earlier violation on this line, a lookup failure goes straight into `violations`.
    const item = lookupItem(request, lineNo, serviceClass, versions, found ?? violations);
    if (found !== undefined) {
      for (let i = 0; i < found.length; i++) violations.push(found[i]!);
      continue;
    }
    if (item === undefined) continue;
    const { item: tariffItem, version } = item;
    const premium = tariffItem.serviceClass !== DEFAULT_SERVICE_CLASS;
    const standard =
      premium || foreign.has(tariffItem.department)
        ? standardDomesticItem(version, tariffItem.code, foreign)
        : undefined;
    if (foreign.has(tariffItem.department) && standard?.unitPrice !== tariffItem.unitPrice) {
      violations.push({
        lineNo,
        field: "department",
        code: "foreign_department_price",
        message:
          standard === undefined
            ? `line ${lineNo}: department ${JSON.stringify(tariffItem.department)} serves foreign patients and code ${JSON.stringify(tariffItem.code)} has no standard-class domestic price in tariff version ${version.version}`
            : `line ${lineNo}: department ${JSON.stringify(tariffItem.department)} serves foreign patients and may only charge the standard-class domestic price ${standard.unitPrice} for ${JSON.stringify(tariffItem.code)}, not ${tariffItem.unitPrice}`,
      });
      continue;
    }
    let lineTotal: number;
    try {
      lineTotal = multiply({ amount: tariffItem.unitPrice, currency: version.currency }, quantity).amount;
    } catch (err) {
      if (!(err instanceof PricingError) || err.code !== "amount_overflow") throw err;
      violations.push({
        lineNo,
        field: "quantity",
        code: "amount_overflow",
        message: `line ${lineNo}: ${quantity} × ${tariffItem.unitPrice} (${JSON.stringify(tariffItem.code)}) is beyond the largest amount Caravan can hold`,
      });
      continue;
    }
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
      // Publication guarantees a premium class's code a standard price; null only in a version published before that rule.
      ...(premium ? { standardUnitPrice: standard?.unitPrice ?? null } : {}),
    });
  }

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

/** The item as the parity verdict prices it: at its reference price, or undefined when it has none. */
function asReference(
  version: TariffVersion,
  item: TariffItem | undefined,
  foreign: ForeignDepartments,
): TariffItem | undefined {
  if (item === undefined || !foreign.has(item.department)) return item;
  const unitPrice = referencePrice(version, item, foreign);
  return unitPrice === undefined ? undefined : unitPrice === item.unitPrice ? item : { ...item, unitPrice };
}

/**
 * A charged line against the domestic tariff. In a foreign-patient department the domestic price is
 * the standard class's domestic price of the code, whatever the department's own item says; with no
 * such price the line is an unknown code.
 */
export function parityVerdict(line: ChargedLine, versions: TariffVersion[], options: ParityOptions = {}): ParityResult {
  checkCharged(line);
  const version = versionInForce(versions, line.serviceDate);
  return judge(
    line,
    version,
    version === undefined
      ? undefined
      : asReference(version, findItem(version, line), options.foreignDepartments ?? NO_DEPARTMENTS),
  );
}

const SEP = "\u0000";

/** One (code, department, class) of a tariff version, as the parity index prices it. */
export interface ParityIndexItem {
  /** Position of its version in the index's date order (what `inForce` returns). */
  entry: number;
  code: string;
  department: string;
  serviceClass: string;
  unitPrice: number;
  /** The version's number (`tariffVersion` in a report). */
  version: number;
}

export interface ParityIndex {
  verdict(line: ChargedLine): ParityResult;
  /** The position of the version in force on `serviceDate` (the same one `verdict` uses), or -1 if none is. */
  inForce(serviceDate: string): number;
  /** The versions' effective dates in the index's order: `inForce(d)` is `lastOnOrBefore(effectiveDates(), d)`. */
  effectiveDates(): string[];
  /**
   * Every item `verdict` can find for a line that names its department: per version, the first
   * item listed for each (code, department, class). A line of that version with those three
   * fields gets exactly this item's price; a line matching none is an unknown code.
   */
  exactItems(): ParityIndexItem[];
}

/** The last position in `sorted` (ascending ISO dates) whose date is on or before `date`; -1 if none is. */
export function lastOnOrBefore(sorted: readonly string[], date: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * A fast evaluator for millions of lines: versions are indexed once (sorted effective
 * dates, a Map per version by code|department|class and by code|class), then each line
 * costs O(log versions). Answers exactly as parityVerdict.
 */
export function createParityIndex(versions: TariffVersion[], options: ParityOptions = {}): ParityIndex {
  const foreign = options.foreignDepartments ?? NO_DEPARTMENTS;
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
    // Foreign-patient departments' items at their reference price; without one, dropped (unknown code).
    if (foreign.size > 0) {
      for (const map of [exact, anyDepartment]) {
        for (const [key, item] of map) {
          const reference = asReference(version, item, foreign);
          if (reference === undefined) map.delete(key);
          else if (reference !== item) map.set(key, reference);
        }
      }
    }
    return { version, exact, anyDepartment };
  });

  const inForce = (serviceDate: string): number => lastOnOrBefore(dates, serviceDate);

  return {
    verdict(line: ChargedLine): ParityResult {
      checkCharged(line);
      const at = inForce(line.serviceDate);
      const entry = at >= 0 ? indexed[at] : undefined;
      if (entry === undefined) return judge(line, undefined, undefined);
      const serviceClass = line.serviceClass ?? DEFAULT_SERVICE_CLASS;
      const item =
        line.department !== undefined
          ? entry.exact.get(`${line.code}${SEP}${line.department}${SEP}${serviceClass}`)
          : entry.anyDepartment.get(`${line.code}${SEP}${serviceClass}`);
      return judge(line, entry.version, item);
    },
    inForce,
    effectiveDates: () => [...dates],
    exactItems(): ParityIndexItem[] {
      const out: ParityIndexItem[] = [];
      indexed.forEach(({ version, exact }, entry) => {
        for (const item of exact.values()) {
          out.push({
            entry,
            code: item.code,
            department: item.department,
            serviceClass: item.serviceClass,
            unitPrice: item.unitPrice,
            version: version.version,
          });
        }
      });
      return out;
    },
  };
}

/** One item of a tariff version billing wants to publish. */
export interface TariffItemDraft {
  code: string;
  department: string;
  serviceClass: string;
  unitPrice: number;
}

/** A non-standard class billing declares with a version: domestic patients buy it at its prices. */
export interface PremiumClassDeclaration {
  serviceClass: string;
  domesticallyAvailable: boolean;
}

export interface TariffDraftIssue {
  /** Where, relative to the version: `items.3.unitPrice`, `premiumClasses.0.serviceClass`. */
  path: string;
  code: "foreign_department_price" | "no_standard_price" | "class_not_domestic" | "invalid_premium_class";
  message: string;
}

/**
 * The parity rules a tariff version must meet before it is published (every issue, not just the first):
 * - an item in a foreign-patient department costs exactly the standard class's domestic price of its
 *   code in this version (the standard-class item in a department that does not serve foreign patients);
 *   a code with no such price cannot be sold there at all;
 * - a non-standard class is declared as a premium class domestic patients buy at these prices
 *   (`domesticallyAvailable: true`), and each of its codes has a standard-class domestic price to show
 *   beside it.
 */
export function validateTariffDraft(
  items: readonly TariffItemDraft[],
  premiumClasses: readonly PremiumClassDeclaration[],
  options: ParityOptions = {},
): TariffDraftIssue[] {
  const foreign = options.foreignDepartments ?? NO_DEPARTMENTS;
  const issues: TariffDraftIssue[] = [];
  const declared = new Map<string, PremiumClassDeclaration>();
  premiumClasses.forEach((p, j) => {
    if (p.serviceClass === DEFAULT_SERVICE_CLASS) {
      issues.push({
        path: `premiumClasses.${j}.serviceClass`,
        code: "invalid_premium_class",
        message: `${JSON.stringify(DEFAULT_SERVICE_CLASS)} is the standard class, not a premium one`,
      });
    } else if (declared.has(p.serviceClass)) {
      issues.push({
        path: `premiumClasses.${j}.serviceClass`,
        code: "invalid_premium_class",
        message: `class ${JSON.stringify(p.serviceClass)} is declared twice`,
      });
    } else declared.set(p.serviceClass, p);
  });
  const standardPrice = new Map<string, number>();
  for (const item of items) {
    if (item.serviceClass === DEFAULT_SERVICE_CLASS && !foreign.has(item.department) && !standardPrice.has(item.code))
      standardPrice.set(item.code, item.unitPrice);
  }
  items.forEach((item, i) => {
    const standard = standardPrice.get(item.code);
    const premium = item.serviceClass !== DEFAULT_SERVICE_CLASS;
    if (premium && declared.get(item.serviceClass)?.domesticallyAvailable !== true) {
      issues.push({
        path: `items.${i}.serviceClass`,
        code: "class_not_domestic",
        message: declared.has(item.serviceClass)
          ? `class ${JSON.stringify(item.serviceClass)} is declared as not available to domestic patients: only a class domestic patients buy at its price may be published`
          : `class ${JSON.stringify(item.serviceClass)} is not declared in premiumClasses as a class domestic patients buy at its price`,
      });
    }
    if (foreign.has(item.department)) {
      if (standard === undefined) {
        issues.push({
          path: `items.${i}.code`,
          code: "no_standard_price",
          message: `department ${JSON.stringify(item.department)} serves foreign patients and ${JSON.stringify(item.code)} has no standard-class domestic price in this version`,
        });
      } else if (item.unitPrice !== standard) {
        issues.push({
          path: `items.${i}.unitPrice`,
          code: "foreign_department_price",
          message: `department ${JSON.stringify(item.department)} serves foreign patients: ${JSON.stringify(item.code)} must cost the standard-class domestic price ${standard}, not ${item.unitPrice}`,
        });
      }
    } else if (premium && standard === undefined) {
      issues.push({
        path: `items.${i}.code`,
        code: "no_standard_price",
        message: `premium class ${JSON.stringify(item.serviceClass)} of ${JSON.stringify(item.code)} needs a standard-class domestic price for the same code in this version`,
      });
    }
  });
  return issues;
}
