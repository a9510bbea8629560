import { isUniqueViolation } from "../../data/errors";
import { newId } from "../../data/ids";
import * as catalog from "../../data/catalog-repo";
import * as repo from "../../data/tariffs-repo";
import { validateTariffDraft, type PremiumClassDeclaration } from "../../domain/pricing/medical";
import { versionInForce, type TariffVersion } from "../../domain/pricing/tariff";
import { localDate } from "../../domain/time/local-time";
import type { ServiceContext } from "../../http/context";
import { businessRule, conflict, notFound, validationError, type FieldError } from "../errors";
import { repriceItineraries } from "../itineraries/itineraries";
import { repriceOpenQuotes } from "../quotes/quotes";
import { requireActor, requireBillingOf } from "../scope";
import { withTransaction } from "../../data/unit-of-work";

export interface TariffItemInput {
  code: string;
  name: Record<string, string>;
  department: string;
  serviceClass: string;
  kind: string;
  unit: string;
  unitPrice: number;
  description?: string;
}

export interface PublishTariffInput {
  hospitalId: string;
  effectiveFrom: string;
  note?: string;
  items: TariffItemInput[];
  /** Every non-standard class the items use, declared as bought by domestic patients at these prices. */
  premiumClasses?: PremiumClassDeclaration[];
}

async function hospitalOr404(ctx: Pick<ServiceContext, "db">, id: string) {
  const h = await catalog.getHospital(ctx.db, id);
  if (!h) throw notFound("hospital", id);
  return h;
}

function versionSummary(v: { id: string; version: number; effective_from: string; currency: string; published_at: string; note: string | null }, itemCount: number, today: string, all: { effective_from: string; version: number }[]) {
  const current = all
    .filter((x) => x.effective_from <= today)
    .sort((a, b) => (a.effective_from === b.effective_from ? b.version - a.version : b.effective_from.localeCompare(a.effective_from)))[0];
  return {
    id: v.id,
    version: v.version,
    effectiveFrom: v.effective_from,
    currency: v.currency,
    publishedAt: v.published_at,
    note: v.note,
    itemCount,
    status: v.effective_from > today ? ("scheduled" as const) : current?.version === v.version ? ("in_force" as const) : ("superseded" as const),
  };
}

/**
 * Billing publishes a new version of the hospital's domestic tariff. Versions are immutable:
 * a correction is a new version. Publishing re-prices, in the same transaction, every open
 * quote with a service date the version covers, and tells each patient.
 */
export async function publishTariff({ ctx, input }: { ctx: ServiceContext; input: PublishTariffInput }) {
  const actor = requireActor(ctx);
  const hospital = await hospitalOr404(ctx, input.hospitalId);
  requireBillingOf(actor, hospital.id);
  const now = ctx.clock.now();
  const today = localDate(now, hospital.zone);
  if (input.effectiveFrom < today) {
    throw businessRule("tariff_in_past", `A tariff version cannot take effect before today (${today}, ${hospital.zone}): history is immutable.`, [
      { path: "body.effectiveFrom", message: `must be ${today} or later` },
    ]);
  }
  const departments = new Set(await repo.departmentCodes(ctx.db, hospital.id));
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  input.items.forEach((item, i) => {
    if (!departments.has(item.department)) errors.push({ path: `body.items.${i}.department`, message: `unknown department '${item.department}' at ${hospital.id}` });
    // One code and class has one price in a version, whatever the department: no "international"
    // department can carry the same service at another price (the database enforces it too).
    const key = `${item.code}|${item.serviceClass}`;
    const dup = seen.get(key);
    if (dup !== undefined) errors.push({ path: `body.items.${i}.code`, message: `duplicate of items.${dup}: a code and service class has one price per version` });
    seen.set(key, i);
  });
  if (errors.length) throw validationError("Some tariff items are invalid.", errors);
  const premiumClasses = input.premiumClasses ?? [];
  const issues = validateTariffDraft(input.items, premiumClasses, { foreignDepartments: await repo.foreignDepartmentCodes(ctx.db, hospital.id) });
  if (issues.length) {
    throw businessRule(
      "parity_violation",
      `Foreign-patient departments charge only the standard domestic price, and a premium class is only one domestic patients buy at its price: ${issues.map((x) => `${x.path}: ${x.message}`).join("; ")}.`,
      issues.map((x) => ({ path: `body.${x.path}`, message: `${x.code}: ${x.message}` })),
    );
  }

  const publishedAt = now.toISOString();
  try {
    return await withTransaction(ctx, async (uow) => {
      const trx = uow.db;
      const version = (await repo.maxVersion(trx, hospital.id)) + 1;
      const id = newId("tfv", now);
      await repo.insertVersion(
        trx,
        { id, hospital_id: hospital.id, version, effective_from: input.effectiveFrom, currency: hospital.currency, published_at: publishedAt, published_by: actor.userId, note: input.note ?? null, premium_classes: JSON.stringify(premiumClasses.map((p) => p.serviceClass)) },
        input.items.map((it) => ({
          id: newId("tfi", now),
          code: it.code,
          name: JSON.stringify(it.name),
          department_code: it.department,
          service_class: it.serviceClass,
          kind: it.kind,
          unit: it.unit,
          unit_price: it.unitPrice,
          description: it.description ?? null,
        })),
      );
      const versions = await repo.loadTariffVersions(trx, hospital.id);
      const repriced = await repriceOpenQuotes(uow, trx, { hospitalId: hospital.id, fromDate: input.effectiveFrom, versions, reason: `tariff version ${version}` });
      const repricedItineraries = await repriceItineraries(uow, { hospitalId: hospital.id, fromDate: input.effectiveFrom, versions, reason: `tariff version ${version}` });
      const all = await repo.listVersionRows(trx, hospital.id);
      const row = all.find((v) => v.id === id)!;
      return { tariffVersion: versionSummary(row, input.items.length, today, all), repricedQuotes: repriced, repricedItineraries };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("Another tariff version was published at the same time; retry.", "tariff_version_conflict");
    throw err;
  }
}

export async function listTariffVersions({ ctx, input }: { ctx: ServiceContext; input: { hospitalId: string; date?: string } }) {
  const hospital = await hospitalOr404(ctx, input.hospitalId);
  const today = localDate(ctx.clock.now(), hospital.zone);
  const rows = await repo.listVersionRows(ctx.db, hospital.id);
  const date = input.date ?? today;
  const inForce = rows
    .filter((v) => v.effective_from <= date)
    .sort((a, b) => (a.effective_from === b.effective_from ? b.version - a.version : b.effective_from.localeCompare(a.effective_from)))[0];
  return {
    hospitalId: hospital.id,
    date,
    inForceVersion: inForce?.version ?? null,
    data: rows.map((v) => versionSummary(v, Number(v.item_count ?? 0), today, rows)),
  };
}

export async function getTariffVersion({ ctx, input }: { ctx: ServiceContext; input: { hospitalId: string; version: number } }) {
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
  const lastUpdated = rows.reduce<string | null>((m, r) => (m === null || r.published_at > m ? r.published_at : m), null);
  return {
    schema: "caravan.price-file/v1",
    hospital: { id: hospital.id, name: hospital.name, nameLocal: hospital.name_local, city: hospital.city, country: hospital.country, zone: hospital.zone, address: hospital.address },
    currency: hospital.currency,
    asOfDate: date,
    lastUpdated,
    generatedAt: ctx.clock.now().toISOString(),
    parityStatement:
      "These are the domestic prices. Caravan charges foreign patients exactly these prices for the same code, department and service class; nationality never selects a price.",
    tariffVersion: current && currentRow ? { id: current.id, version: current.version, effectiveFrom: current.effectiveFrom, publishedAt: currentRow.published_at } : null,
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
  const head = ["hospital_id", "tariff_version", "effective_from", "code", "name_en", "name_zh", "department", "service_class", "kind", "unit", "unit_price_minor", "currency"];
  const lines = file.items.map((i) =>
    [file.hospital.id, file.tariffVersion?.version ?? "", file.tariffVersion?.effectiveFrom ?? "", i.code, i.name.en ?? "", i.name.zh ?? "", i.department, i.serviceClass, i.kind, i.unit, i.unitPrice.amount, i.unitPrice.currency]
      .map(csvCell)
      .join(","),
  );
  return `${[head.join(","), ...lines].join("\r\n")}\r\n`;
}
