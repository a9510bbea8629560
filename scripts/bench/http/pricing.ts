/**
 * In-process: pricing a 20-line itinerary in the pure module (`priceMedicalLines` +
 * `priceItinerary`): 12 medical lines from the real hsp_xjph tariff and 8 travel lines in KZT and
 * CNY, with the agency's fees and the seeded FX rates, in ops/s over 2 s.
 */
import SQLite from "better-sqlite3";
import {
  type FeePolicy,
  type FxRate,
  type MedicalLineRequest,
  type TariffVersion,
  type TravelLine,
  priceItinerary,
  priceMedicalLines,
} from "../../../src/domain/pricing/index";
import { addDays, log } from "../common";
import { HOSPITAL } from "./catalog";

interface ItemRow {
  code: string;
  name: string;
  department_code: string;
  service_class: string;
  kind: string;
  unit: string;
  unit_price: number;
}

/** The hospital's tariff versions, every FX rate and the demo agency's fee terms, from the file. */
function loadInputs(file: string): { versions: TariffVersion[]; rates: FxRate[]; feePolicy: FeePolicy } {
  const db = new SQLite(file, { readonly: true });
  const versionRows = db
    .prepare("select id, version, effective_from, currency from tariff_versions where hospital_id = ? order by version")
    .all(HOSPITAL) as { id: string; version: number; effective_from: string; currency: string }[];
  const items = db.prepare(
    `select code, name, department_code, service_class, kind, unit, unit_price from tariff_items
     where tariff_version_id = ? order by code`,
  );
  const versions: TariffVersion[] = versionRows.map((v) => ({
    id: v.id,
    version: v.version,
    effectiveFrom: v.effective_from,
    currency: v.currency,
    items: (items.all(v.id) as ItemRow[]).map((r) => ({
      code: r.code,
      name: JSON.parse(r.name) as Record<string, string>,
      department: r.department_code,
      serviceClass: r.service_class,
      kind: r.kind,
      unit: r.unit,
      unitPrice: r.unit_price,
    })),
  }));
  const rateRows = db.prepare("select base, quote, rate, source, as_of from fx_rates").all() as {
    base: string;
    quote: string;
    rate: string;
    source: string;
    as_of: string;
  }[];
  const rates = rateRows.map((r) => ({ base: r.base, quote: r.quote, rate: r.rate, source: r.source, asOf: r.as_of }));
  const agency = db
    .prepare("select fee_percent_bp, fee_flat_amount, fee_currency from agencies where id = 'agy_silkroad'")
    .get() as { fee_percent_bp: number; fee_flat_amount: number; fee_currency: string };
  db.close();
  const feePolicy = {
    percentBp: agency.fee_percent_bp,
    flat: { amount: agency.fee_flat_amount, currency: agency.fee_currency },
  };
  return { versions, rates, feePolicy };
}

/** 12 medical lines: standard-class codes priced in exactly one department of the first version. */
function medicalLines(versions: TariffVersion[], serviceDate: string): MedicalLineRequest[] {
  const counts = new Map<string, number>();
  for (const it of versions[0]!.items)
    if (it.serviceClass === "standard") counts.set(it.code, (counts.get(it.code) ?? 0) + 1);
  const codes = [...counts].filter(([, n]) => n === 1).map(([c]) => c);
  if (codes.length === 0) throw new Error("pricing benchmark: no standard-class codes in the tariff");
  // Codes repeat on later service dates (bed-days, daily medication), as a real stay does.
  return Array.from({ length: 12 }, (_, k) => ({
    code: codes[k % codes.length]!,
    quantity: 1 + (k % 3),
    serviceDate: addDays(serviceDate, k),
  }));
}

type TravelRow = [TravelLine["kind"], string, string, number, number, string];
/** 8 travel lines: kind, ref, description, quantity, unit price, currency. */
const TRAVEL: TravelLine[] = (
  [
    ["flight", "flt_kc931", "ALA→URC", 2, 9_800_000, "KZT"],
    ["flight", "flt_kc932", "URC→ALA", 2, 9_800_000, "KZT"],
    ["transfer", "trp_urc_xjph_minivan", "arrival", 1, 24_000, "CNY"],
    ["transfer", "trp_urc_xjph_minivan", "departure", 1, 24_000, "CNY"],
    ["lodging", "rmt_urc_yindu_std", "2 nights", 2, 38_000, "CNY"],
    ["lodging", "rmt_urc_yindu_std", "10 nights", 10, 38_000, "CNY"],
    ["lodging", "rmt_urc_hoitak_std", "7 nights", 7, 58_000, "CNY"],
    ["tour", "tur_urc_bazaar_ru", "2 participants", 2, 12_000, "CNY"],
  ] satisfies TravelRow[]
).map(([kind, ref, description, quantity, unit, currency]) => ({
  kind,
  ref,
  description,
  quantity,
  unitPrice: { amount: unit, currency },
  total: { amount: unit * quantity, currency },
}));

/** Calls `once` for `ms` milliseconds: ops per wall second and per CPU second. */
function spin(ms: number, once: () => number): { opsPerS: number; opsPerCpuS: number; sink: number } {
  const end = performance.now() + ms;
  let n = 0;
  let sink = 0;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() < end) {
    for (let k = 0; k < 200; k++) sink += once() & 1;
    n += 200;
  }
  const cpu = process.cpuUsage(cpu0);
  const opsPerCpuS = n / ((cpu.user + cpu.system) / 1e6);
  return { opsPerS: n / ((performance.now() - start) / 1000), opsPerCpuS, sink };
}

export function benchPricing(
  file: string,
  serviceDate: string,
): { opsPerS: number; opsPerCpuS: number; lines: number } {
  const { versions, rates, feePolicy } = loadInputs(file);
  const medical = medicalLines(versions, serviceDate);
  const once = () => {
    const priced = priceMedicalLines(medical, versions);
    if (priced.violations.length > 0)
      throw new Error(`pricing benchmark: ${priced.violations.map((v) => v.message).join("; ")}`);
    return priceItinerary({
      medical: priced.lines,
      travel: TRAVEL,
      feePolicy,
      hospitalCurrency: "CNY",
      patientCurrency: "KZT",
      rates,
      onDate: serviceDate,
    });
  };
  const check = once();
  const lines = medical.length + TRAVEL.length;
  if (lines !== 20 || check.medical.length !== 12 || check.patientCurrency.grandTotal.amount <= 0)
    throw new Error(`pricing benchmark: bad fixture (${check.medical.length} medical lines priced)`);
  const total = () => once().hospitalCurrency.grandTotal.amount;
  spin(300, total);
  const { opsPerS, opsPerCpuS, sink } = spin(2000, total);
  if (sink < 0) log(String(sink));
  return { opsPerS, opsPerCpuS, lines };
}
