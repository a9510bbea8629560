import * as repo from "../../data/tariffs-repo";
import { type TariffVersion, versionInForce } from "../../domain/pricing/tariff";
import { localDate } from "../../domain/time/local-time";
import type { ServiceContext } from "../context";
import { hospitalOr404 } from "./versions";

/**
 * The hospital's machine-readable price file, in the spirit of the US CMS hospital
 * price-transparency file: the tariff in force on a date, every item and price, plus
 * versions already published to take effect later.
 */
export async function priceFile({ ctx, input }: { ctx: ServiceContext; input: { hospitalId: string; date?: string } }) {
  const hospital = await hospitalOr404(ctx, input.hospitalId);
  const today = localDate(ctx.clock.now(), hospital.zone);
  const date = input.date ?? today;
  const versions: TariffVersion[] = await repo.loadTariffVersions(ctx.db, hospital.id);
  const rows = await repo.listVersionRows(ctx.db, hospital.id);
  const current = versionInForce(versions, date);
  const currentRow = current ? rows.find((r) => r.id === current.id) : undefined;
  const lastUpdated = rows.reduce<string | null>(
    (m, r) => (m === null || r.published_at > m ? r.published_at : m),
    null,
  );
  return {
    schema: "caravan.price-file/v1",
    hospital: {
      id: hospital.id,
      name: hospital.name,
      nameLocal: hospital.name_local,
      city: hospital.city,
      country: hospital.country,
      zone: hospital.zone,
      address: hospital.address,
    },
    currency: hospital.currency,
    asOfDate: date,
    lastUpdated,
    generatedAt: ctx.clock.now().toISOString(),
    parityStatement:
      "These are the domestic prices. Caravan charges foreign patients exactly these prices for the same code, " +
      "department and service class; nationality never selects a price.",
    tariffVersion:
      current && currentRow
        ? {
            id: current.id,
            version: current.version,
            effectiveFrom: current.effectiveFrom,
            publishedAt: currentRow.published_at,
          }
        : null,
    items: (current?.items ?? []).map((i) => ({
      code: i.code,
      name: i.name,
      department: i.department,
      serviceClass: i.serviceClass,
      kind: i.kind,
      unit: i.unit,
      unitPrice: { amount: i.unitPrice, currency: hospital.currency },
    })),
    upcomingVersions: rows
      .filter((r) => r.effective_from > date)
      .map((r) => ({ version: r.version, effectiveFrom: r.effective_from, publishedAt: r.published_at }))
      .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)),
  };
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function priceFileCsv(file: Awaited<ReturnType<typeof priceFile>>): string {
  const head = [
    "hospital_id",
    "tariff_version",
    "effective_from",
    "code",
    "name_en",
    "name_zh",
    "department",
    "service_class",
    "kind",
    "unit",
    "unit_price_minor",
    "currency",
  ];
  const lines = file.items.map((i) =>
    [
      file.hospital.id,
      file.tariffVersion?.version ?? "",
      file.tariffVersion?.effectiveFrom ?? "",
      i.code,
      i.name.en ?? "",
      i.name.zh ?? "",
      i.department,
      i.serviceClass,
      i.kind,
      i.unit,
      i.unitPrice.amount,
      i.unitPrice.currency,
    ]
      .map(csvCell)
      .join(","),
  );
  return `${[head.join(","), ...lines].join("\r\n")}\r\n`;
}
