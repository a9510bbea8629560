/**
 * The parity heart: a medical line is priced at exactly the domestic unit price of the same code,
 * department and service class in the tariff version in force on its service date. Nothing a
 * caller sends can change that price.
 *
 * Foreign-patient departments (marked by the hospital) never carry a price other than the standard
 * class's domestic price for the same code; a premium class is one domestic patients buy at its
 * price, chosen only by name, and its lines carry the standard price beside them.
 */
import {
  DEFAULT_SERVICE_CLASS,
  type ForeignDepartments,
  itemsByCode,
  NO_DEPARTMENTS,
  type ParityOptions,
  standardDomesticItem,
} from "./domestic";
import { isIsoDate } from "./iso-date";
import { multiply, PricingError } from "./money";
import { compareStrings, type TariffItem, type TariffVersion, versionInForce } from "./tariff";

// The domestic-price names quotes and tariffs import with `priceMedicalLines`.
export {
  DEFAULT_SERVICE_CLASS,
  type ForeignDepartments,
  type ParityOptions,
  standardDomesticItem,
} from "./domestic";
export { isIsoDate } from "./iso-date";

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
  /** On a premium-class line: the standard class's domestic unit price of the same code (absent or null otherwise). */
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

const quoted = (s: string) => JSON.stringify(s);

function list(values: string[]): string {
  return [...new Set(values)]
    .sort(compareStrings)
    .map((v) => quoted(v))
    .join(", ");
}

function departmentsOf(items: TariffItem[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) out.push(items[i]!.department);
  return out;
}

interface Found {
  item: TariffItem;
  version: TariffVersion;
}

/** The version in force on the line's date, or undefined after recording why there is none. */
function versionFor(
  request: MedicalLineRequest,
  lineNo: number,
  versions: TariffVersion[],
  found: ParityViolation[],
): TariffVersion | undefined {
  const field = "serviceDate";
  const code = "no_tariff_in_force";
  if (!isIsoDate(request.serviceDate)) {
    found.push({ lineNo, field, code, message: `line ${lineNo}: serviceDate must be a date written YYYY-MM-DD` });
    return undefined;
  }
  const version = versionInForce(versions, request.serviceDate);
  if (version === undefined) {
    found.push({ lineNo, field, code, message: `line ${lineNo}: no tariff is in force on ${request.serviceDate}` });
  }
  return version;
}

/** Why a line names no department its class is priced in: a department_mismatch violation. */
function departmentMismatch(lineNo: number, request: MedicalLineRequest, serviceClass: string, why: string) {
  const message = `line ${lineNo}: code ${quoted(request.code)} in class ${quoted(serviceClass)} ${why}`;
  return { lineNo, field: "department", code: "department_mismatch" as const, message };
}

/** The item of the line's department among a class's items; without a department, the only one there is. */
function inDepartment(
  request: MedicalLineRequest,
  lineNo: number,
  serviceClass: string,
  byClass: TariffItem[],
  found: ParityViolation[],
): TariffItem | undefined {
  const department = request.department;
  if (department !== undefined) {
    for (let i = 0; i < byClass.length; i++) if (byClass[i]!.department === department) return byClass[i]!;
    const why = `is not priced in department ${quoted(department)}; departments: ${list(departmentsOf(byClass))}`;
    found.push(departmentMismatch(lineNo, request, serviceClass, why));
    return undefined;
  }
  const first = byClass[0]!;
  for (let i = 1; i < byClass.length; i++) {
    if (byClass[i]!.department !== first.department) {
      const why = `exists in several departments; name one of: ${list(departmentsOf(byClass))}`;
      found.push(departmentMismatch(lineNo, request, serviceClass, why));
      return undefined;
    }
  }
  return first;
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
): Found | undefined {
  const version = versionFor(request, lineNo, versions, found);
  if (version === undefined) return undefined;
  const byCode = itemsByCode(version).get(request.code);
  if (byCode === undefined) {
    const message = `line ${lineNo}: code ${quoted(request.code)} is not in tariff version ${version.version}`;
    found.push({ lineNo, field: "code", code: "unknown_code", message });
    return undefined;
  }
  const byClass = byCode.byClass.get(serviceClass);
  if (byClass === undefined) {
    const classes: string[] = [];
    for (let i = 0; i < byCode.all.length; i++) classes.push(byCode.all[i]!.serviceClass);
    const message =
      `line ${lineNo}: code ${quoted(request.code)} has no domestic price in class ${quoted(serviceClass)}; ` +
      `domestic classes: ${list(classes)}`;
    found.push({ lineNo, field: "serviceClass", code: "class_not_domestic", message });
    return undefined;
  }
  const item = inDepartment(request, lineNo, serviceClass, byClass, found);
  return item === undefined ? undefined : { item, version };
}

/** What the caller tried to set and a quantity out of range; undefined when none (most lines). */
function requestViolations(request: MedicalLineRequest, lineNo: number): ParityViolation[] | undefined {
  let found: ParityViolation[] | undefined;
  // A price or currency from the caller is never used; trying is a violation.
  if (request.unitPrice !== undefined) {
    const message = `line ${lineNo}: the unit price comes from the domestic tariff and cannot be set`;
    (found ??= []).push({ lineNo, field: "unitPrice", code: "price_not_allowed", message });
  }
  if (request.currency !== undefined) {
    const message = `line ${lineNo}: the currency is the hospital's tariff currency and cannot be set`;
    (found ??= []).push({ lineNo, field: "currency", code: "currency_not_allowed", message });
  }
  const quantity = request.quantity;
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    const message = `line ${lineNo}: quantity must be an integer from 1 to ${MAX_QUANTITY}`;
    (found ??= []).push({ lineNo, field: "quantity", code: "invalid_quantity", message });
  }
  return found;
}

/** A foreign-patient department's item priced other than the standard domestic price: why it cannot be sold. */
function foreignPriceMessage(lineNo: number, { item, version }: Found, standard: TariffItem | undefined): string {
  const where = `line ${lineNo}: department ${quoted(item.department)} serves foreign patients`;
  return standard === undefined
    ? `${where} and code ${quoted(item.code)} has no standard-class domestic price in tariff version ${version.version}`
    : `${where} and may only charge the standard-class domestic price ${standard.unitPrice} ` +
        `for ${quoted(item.code)}, not ${item.unitPrice}`;
}

/** The line at its item's price, or the violation that keeps it from being sold. */
function priceFound(
  request: MedicalLineRequest,
  lineNo: number,
  found: Found,
  foreign: ForeignDepartments,
): PricedMedicalLine | ParityViolation {
  const { item, version } = found;
  const premium = item.serviceClass !== DEFAULT_SERVICE_CLASS;
  const inForeign = foreign.has(item.department);
  const standard = premium || inForeign ? standardDomesticItem(version, item.code, foreign) : undefined;
  if (inForeign && standard?.unitPrice !== item.unitPrice) {
    const message = foreignPriceMessage(lineNo, found, standard);
    return { lineNo, field: "department", code: "foreign_department_price", message };
  }
  const quantity = request.quantity;
  let lineTotal: number;
  try {
    lineTotal = multiply({ amount: item.unitPrice, currency: version.currency }, quantity).amount;
  } catch (err) {
    if (!(err instanceof PricingError) || err.code !== "amount_overflow") throw err;
    const message =
      `line ${lineNo}: ${quantity} × ${item.unitPrice} (${quoted(item.code)}) ` +
      "is beyond the largest amount Caravan can hold";
    return { lineNo, field: "quantity", code: "amount_overflow", message };
  }
  return {
    lineNo,
    code: item.code,
    name: { ...item.name },
    department: item.department,
    serviceClass: item.serviceClass,
    kind: item.kind,
    unit: item.unit,
    quantity,
    serviceDate: request.serviceDate,
    unitPrice: item.unitPrice,
    lineTotal,
    currency: version.currency,
    tariffVersionId: version.id,
    tariffVersion: version.version,
    // Publication guarantees a premium class's code a standard price: null only in a version published
    // before that rule.
    ...(premium ? { standardUnitPrice: standard?.unitPrice ?? null } : {}),
  };
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
    const found = requestViolations(request, lineNo);
    const serviceClass = request.serviceClass ?? DEFAULT_SERVICE_CLASS;
    // With no earlier violation on this line, a lookup failure goes straight into `violations`.
    const item = lookupItem(request, lineNo, serviceClass, versions, found ?? violations);
    if (found !== undefined) {
      for (let i = 0; i < found.length; i++) violations.push(found[i]!);
      continue;
    }
    if (item === undefined) continue;
    const priced = priceFound(request, lineNo, item, foreign);
    if ("message" in priced) violations.push(priced);
    else lines.push(priced);
  }
  return { lines, violations };
}
