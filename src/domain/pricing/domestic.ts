/**
 * The domestic price of a code: what every parity rule compares with. Foreign-patient departments
 * (marked by the hospital) have no price of their own: theirs is the standard class's domestic
 * price of the same code.
 */
import type { TariffItem, TariffVersion } from "./tariff";

export const DEFAULT_SERVICE_CLASS = "standard";

/** The hospital's departments that serve foreign patients (international clinic, VIP ward…), by code. */
export type ForeignDepartments = ReadonlySet<string>;

export interface ParityOptions {
  /** Departments marked as serving foreign patients; none when omitted. */
  foreignDepartments?: ForeignDepartments;
}

export const NO_DEPARTMENTS: ForeignDepartments = new Set<string>();

/** A version's items of one code: all of them and by class, in list order. */
export interface CodeItems {
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

/** A version's items by code, then by class, in list order. */
export function itemsByCode(version: TariffVersion): Map<string, CodeItems> {
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
export function referencePrice(
  version: TariffVersion,
  item: TariffItem,
  foreign: ForeignDepartments,
): number | undefined {
  if (!foreign.has(item.department)) return item.unitPrice;
  return standardDomesticItem(version, item.code, foreign)?.unitPrice;
}
