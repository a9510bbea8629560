/** Reading the hospital's tariff versions: the list, one version with its items. */
import * as catalog from "../../data/catalog-repo";
import * as repo from "../../data/tariffs-repo";
import { localDate } from "../../domain/time/local-time";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";

export async function hospitalOr404(ctx: Pick<ServiceContext, "db">, id: string) {
  const h = await catalog.getHospital(ctx.db, id);
  if (!h) throw notFound("hospital", id);
  return h;
}

export function versionSummary(
  v: {
    id: string;
    version: number;
    effective_from: string;
    currency: string;
    published_at: string;
    note: string | null;
  },
  itemCount: number,
  today: string,
  all: { effective_from: string; version: number }[],
) {
  const current = all
    .filter((x) => x.effective_from <= today)
    .sort((a, b) =>
      a.effective_from === b.effective_from ? b.version - a.version : b.effective_from.localeCompare(a.effective_from),
    )[0];
  return {
    id: v.id,
    version: v.version,
    effectiveFrom: v.effective_from,
    currency: v.currency,
    publishedAt: v.published_at,
    note: v.note,
    itemCount,
    status:
      v.effective_from > today
        ? ("scheduled" as const)
        : current?.version === v.version
          ? ("in_force" as const)
          : ("superseded" as const),
  };
}

export async function listTariffVersions({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { hospitalId: string; date?: string };
}) {
  const hospital = await hospitalOr404(ctx, input.hospitalId);
  const today = localDate(ctx.clock.now(), hospital.zone);
  const rows = await repo.listVersionRows(ctx.db, hospital.id);
  const date = input.date ?? today;
  const inForce = rows
    .filter((v) => v.effective_from <= date)
    .sort((a, b) =>
      a.effective_from === b.effective_from ? b.version - a.version : b.effective_from.localeCompare(a.effective_from),
    )[0];
  return {
    hospitalId: hospital.id,
    date,
    inForceVersion: inForce?.version ?? null,
    data: rows.map((v) => versionSummary(v, Number(v.item_count ?? 0), today, rows)),
  };
}

export async function getTariffVersion({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { hospitalId: string; version: number };
}) {
  const hospital = await hospitalOr404(ctx, input.hospitalId);
  const today = localDate(ctx.clock.now(), hospital.zone);
  const rows = await repo.listVersionRows(ctx.db, hospital.id);
  const row = rows.find((v) => v.version === input.version);
  if (!row) throw notFound("tariff version", String(input.version));
  const items = await repo.itemsOfVersion(ctx.db, row.id);
  return {
    ...versionSummary(row, items.length, today, rows),
    hospitalId: hospital.id,
    premiumClasses: row.premium_classes === null ? null : (JSON.parse(row.premium_classes) as string[]),
    items: items.map((i) => ({
      code: i.code,
      name: JSON.parse(i.name) as Record<string, string>,
      department: i.department_code,
      serviceClass: i.service_class,
      kind: i.kind,
      unit: i.unit,
      unitPrice: { amount: i.unit_price, currency: row.currency },
      description: i.description,
    })),
  };
}
