/** The parity verdict for millions of lines: the tariff indexed once, each line in O(log versions). */
import { DEFAULT_SERVICE_CLASS, NO_DEPARTMENTS, type ParityOptions } from "../pricing/domestic";
import { compareStrings, type TariffItem, type TariffVersion } from "../pricing/tariff";
import { asReference, type ChargedLine, checkCharged, judge, type ParityResult } from "./verdict";

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

interface IndexedVersion {
  version: TariffVersion;
  /** By code|department|class: the first listed. */
  exact: Map<string, TariffItem>;
  /** By code|class: the first by department (then list order). */
  anyDepartment: Map<string, TariffItem>;
}

/** One version's maps, foreign-patient departments' items at their reference price (dropped without one). */
function indexVersion(version: TariffVersion, foreign: ReadonlySet<string>): IndexedVersion {
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
}

/**
 * Sorted so that the last entry with effectiveFrom ≤ date is the one versionInForce picks:
 * by date, then version, then list order reversed (the first listed wins exact ties).
 */
function inDateOrder(versions: TariffVersion[]): TariffVersion[] {
  return versions
    .map((version, position) => ({ version, position }))
    .sort(
      (a, b) =>
        compareStrings(a.version.effectiveFrom, b.version.effectiveFrom) ||
        a.version.version - b.version.version ||
        b.position - a.position,
    )
    .map((entry) => entry.version);
}

function exactItemsOf(indexed: IndexedVersion[]): ParityIndexItem[] {
  const out: ParityIndexItem[] = [];
  indexed.forEach(({ version, exact }, entry) => {
    for (const item of exact.values()) {
      const { code, department, serviceClass, unitPrice } = item;
      out.push({ entry, code, department, serviceClass, unitPrice, version: version.version });
    }
  });
  return out;
}

/**
 * A fast evaluator for millions of lines: versions are indexed once (sorted effective
 * dates, a Map per version by code|department|class and by code|class), then each line
 * costs O(log versions). Answers exactly as parityVerdict.
 */
export function createParityIndex(versions: TariffVersion[], options: ParityOptions = {}): ParityIndex {
  const foreign = options.foreignDepartments ?? NO_DEPARTMENTS;
  const order = inDateOrder(versions);
  const dates = order.map((version) => version.effectiveFrom);
  const indexed = order.map((version) => indexVersion(version, foreign));
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
    exactItems: () => exactItemsOf(indexed),
  };
}
