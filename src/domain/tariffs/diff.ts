/** What a tariff version changes against the version in force: items added, removed, dearer or cheaper. Pure. */
import type { TariffItem } from "../pricing/tariff";

export interface ItemRef {
  code: string;
  department: string;
  serviceClass: string;
  name: Record<string, string>;
}
export interface PriceChange extends ItemRef {
  before: number;
  after: number;
}
export interface TariffDiff {
  added: (ItemRef & { unitPrice: number })[];
  removed: (ItemRef & { unitPrice: number })[];
  up: PriceChange[];
  down: PriceChange[];
  unchanged: number;
}

type Priced = Pick<TariffItem, "code" | "department" | "serviceClass" | "name" | "unitPrice">;
const keyOf = (i: Priced) => `${i.code}|${i.department}|${i.serviceClass}`;
const ref = (i: Priced) => ({ code: i.code, department: i.department, serviceClass: i.serviceClass, name: i.name });
const byKey = (a: ItemRef, b: ItemRef) => {
  const x = `${a.code}|${a.department}|${a.serviceClass}`;
  const y = `${b.code}|${b.department}|${b.serviceClass}`;
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Items are the same item when code, department and class are (the key quotes price by). */
export function diffTariff(current: readonly Priced[], next: readonly Priced[]): TariffDiff {
  const old = new Map(current.map((i) => [keyOf(i), i]));
  const seen = new Set<string>();
  const diff: TariffDiff = { added: [], removed: [], up: [], down: [], unchanged: 0 };
  for (const item of next) {
    const k = keyOf(item);
    seen.add(k);
    const was = old.get(k);
    if (!was) diff.added.push({ ...ref(item), unitPrice: item.unitPrice });
    else if (item.unitPrice > was.unitPrice)
      diff.up.push({ ...ref(item), before: was.unitPrice, after: item.unitPrice });
    else if (item.unitPrice < was.unitPrice)
      diff.down.push({ ...ref(item), before: was.unitPrice, after: item.unitPrice });
    else diff.unchanged++;
  }
  for (const [k, was] of old) if (!seen.has(k)) diff.removed.push({ ...ref(was), unitPrice: was.unitPrice });
  for (const list of [diff.added, diff.removed, diff.up, diff.down]) list.sort(byKey);
  return diff;
}
