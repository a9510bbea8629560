/**
 * The parity verdict: a charged line against the domestic tariff in force on its service date.
 * In a foreign-patient department the domestic price is the standard class's domestic price of the
 * code, whatever the department's own item says; with no such price the line is an unknown code.
 */
import {
  DEFAULT_SERVICE_CLASS,
  type ForeignDepartments,
  NO_DEPARTMENTS,
  type ParityOptions,
  referencePrice,
} from "../pricing/domestic";
import { assertSafeAmount } from "../pricing/money";
import { compareStrings, type TariffItem, type TariffVersion, versionInForce } from "../pricing/tariff";

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

/** The verdict of a line given the version in force and its domestic item: one rule for every evaluator. */
export function judge(
  line: ChargedLine,
  version: TariffVersion | undefined,
  item: TariffItem | undefined,
): ParityResult {
  const serviceClass = line.serviceClass ?? DEFAULT_SERVICE_CLASS;
  if (version === undefined || item === undefined) {
    return {
      verdict: version === undefined ? "no_tariff_in_force" : "unknown_code",
      domesticUnitPrice: null,
      deviation: null,
      tariffVersion: version?.version ?? null,
      tariffVersionId: version?.id ?? null,
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

/** A charged unit price must be an amount Caravan can hold. */
export function checkCharged(line: ChargedLine): void {
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
export function asReference(
  version: TariffVersion,
  item: TariffItem | undefined,
  foreign: ForeignDepartments,
): TariffItem | undefined {
  if (item === undefined || !foreign.has(item.department)) return item;
  const unitPrice = referencePrice(version, item, foreign);
  return unitPrice === undefined ? undefined : unitPrice === item.unitPrice ? item : { ...item, unitPrice };
}

/** A charged line against the domestic tariff (see the module's comment). */
export function parityVerdict(line: ChargedLine, versions: TariffVersion[], options: ParityOptions = {}): ParityResult {
  checkCharged(line);
  const version = versionInForce(versions, line.serviceDate);
  const foreign = options.foreignDepartments ?? NO_DEPARTMENTS;
  return judge(
    line,
    version,
    version === undefined ? undefined : asReference(version, findItem(version, line), foreign),
  );
}

/**
 * The verdict of a line whose domestic price is known. It looks at both the unit price and the
 * line total, so a total edited behind the engine's back is caught too.
 */
export function pricedVerdict(
  unitPrice: number,
  lineTotal: number,
  domesticUnitPrice: number,
  domesticLineTotal: number,
): ParityVerdict {
  const unitDev = unitPrice - domesticUnitPrice;
  const totalDev = lineTotal - domesticLineTotal;
  return unitDev === 0 && totalDev === 0
    ? "parity"
    : unitDev > 0 || (unitDev === 0 && totalDev > 0)
      ? "overcharge"
      : "undercharge";
}

/** A charged line with its quantity and line total, as a report or an invoice holds it. */
export type ChargedTotalLine = ChargedLine & { lineTotal: number; quantity: number };

/** One charged line with its total against the domestic tariff: unit price and line total both judged. */
export function judgeTotal(
  index: { verdict(line: ChargedLine): ParityResult },
  line: ChargedTotalLine,
): { r: ParityResult; verdict: ParityVerdict; domesticLineTotal: number | null } {
  const r = index.verdict(line);
  if (r.domesticUnitPrice === null) return { r, verdict: r.verdict, domesticLineTotal: null };
  const domesticLineTotal = r.domesticUnitPrice * line.quantity;
  return {
    r,
    verdict: pricedVerdict(line.unitPrice, line.lineTotal, r.domesticUnitPrice, domesticLineTotal),
    domesticLineTotal,
  };
}
