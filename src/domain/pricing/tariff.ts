/** The hospital's domestic tariff, published as dated versions. */

export interface TariffItem {
  code: string;
  name: Record<string, string>;
  department: string;
  serviceClass: string;
  kind: string;
  unit: string;
  unitPrice: number;
}

export interface TariffVersion {
  id: string;
  version: number;
  /** YYYY-MM-DD, hospital-local */
  effectiveFrom: string;
  currency: string;
  items: TariffItem[];
}

/** Latest effectiveFrom ≤ date; ties → highest version (then the first listed). */
export function versionInForce(versions: TariffVersion[], date: string): TariffVersion | undefined {
  let best: TariffVersion | undefined;
  for (const candidate of versions) {
    if (!(candidate.effectiveFrom <= date)) continue;
    if (
      best === undefined ||
      candidate.effectiveFrom > best.effectiveFrom ||
      (candidate.effectiveFrom === best.effectiveFrom && candidate.version > best.version)
    ) {
      best = candidate;
    }
  }
  return best;
}

/** String order by UTF-16 code units; deterministic regardless of locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
