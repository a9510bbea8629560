import type { Kysely, Transaction } from "kysely";
import { isUniqueViolation } from "../../data/errors";
import { newId } from "../../data/ids";
import * as catalog from "../../data/catalog-repo";
import * as quotesRepo from "../../data/quotes-repo";
import type { Database } from "../../data/schema";
import * as repo from "../../data/tariffs-repo";
import { validateTariffDraft, type PremiumClassDeclaration } from "../../domain/pricing/medical";
import { versionInForce, type TariffVersion } from "../../domain/pricing/tariff";

type Db = Kysely<Database> | Transaction<Database>;
import { localDate } from "../../domain/time/local-time";
import type { ServiceContext } from "../context";
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

export type PublishMode = "replace" | "amend";

export interface PublishTariffInput {
  hospitalId: string;
  effectiveFrom: string;
  note?: string;
  items: TariffItemInput[];
  /** Every non-standard class the items use, declared as bought by domestic patients at these prices. */
  premiumClasses?: PremiumClassDeclaration[];
  /** replace (default): `items` is the complete version. amend: the version in force on effectiveFrom with `items` added or changed. */
  mode?: PublishMode;
  /** Codes open quotes use that the new version drops: publishing withdraws those quotes only when each is listed here. */
  acknowledgeRemoved?: string[];
}

/** An item of the version to publish, and where it came from: the request's items[j], or the amended version. */
interface DraftItem {
  item: TariffItemInput;
  /** Index in the request's items, or undefined when inherited from the amended version. */
  from?: number;
}

/**
 * The complete item list of the version to publish. Replace: the request's items. Amend: the version
 * in force on effectiveFrom, each of its items replaced by a listed one of the same code and class
 * (in place), then the listed items it did not have. Premium classes: the request's, then the
 * amended version's not declared again.
 */
async function draftOf(db: Db, hospitalId: string, input: PublishTariffInput, mode: PublishMode) {
  const listed: DraftItem[] = input.items.map((item, j) => ({ item, from: j }));
  const declared = input.premiumClasses ?? [];
  if (mode === "replace") return { items: listed, premiumClasses: declared, amended: null };
  const rows = await repo.listVersionRows(db, hospitalId);
  const base = rows
    .filter((v) => v.effective_from <= input.effectiveFrom)
    .sort((a, b) =>
      a.effective_from === b.effective_from ? b.version - a.version : b.effective_from.localeCompare(a.effective_from),
    )[0];
  if (!base) {
    throw businessRule(
      "nothing_to_amend",
      `No tariff version is in force on ${input.effectiveFrom} to amend: publish a complete version (mode "replace").`,
      [{ path: "body.mode", message: `no version in force on ${input.effectiveFrom}` }],
    );
  }
  const key = (code: string, serviceClass: string) => `${code}|${serviceClass}`;
  const byKey = new Map(listed.map((d) => [key(d.item.code, d.item.serviceClass), d]));
  const used = new Set<string>();
  const items: DraftItem[] = [];
  for (const r of await repo.itemsOfVersion(db, base.id)) {
    const k = key(r.code, r.service_class);
    const replacement = byKey.get(k);
    if (replacement) {
      if (!used.has(k)) items.push(replacement);
      used.add(k);
      continue;
    }
    items.push({
      item: {
        code: r.code,
        name: JSON.parse(r.name) as Record<string, string>,
        department: r.department_code,
        serviceClass: r.service_class,
        kind: r.kind,
        unit: r.unit,
        unitPrice: r.unit_price,
        ...(r.description === null ? {} : { description: r.description }),
      },
    });
  }
  for (const d of listed) if (!used.has(key(d.item.code, d.item.serviceClass))) items.push(d);
  const redeclared = new Set(declared.map((p) => p.serviceClass));
  const inherited = (base.premium_classes === null ? [] : (JSON.parse(base.premium_classes) as string[])).filter(
    (c) => !redeclared.has(c),
  );
  return {
    items,
    premiumClasses: [...declared, ...inherited.map((serviceClass) => ({ serviceClass, domesticallyAvailable: true }))],
    amended: base.version,
  };
}

/**
 * Codes open quotes use (on a date the new version will govern) whose line the new version can no
 * longer price: no item of that code, department and class. Each must be acknowledged by the request.
 */
async function unacknowledgedRemovals(
  db: Db,
  hospitalId: string,
  input: PublishTariffInput,
  items: DraftItem[],
  nowIso: string,
): Promise<FieldError[]> {
  const lines = await quotesRepo.openQuoteLinesFrom(db, hospitalId, input.effectiveFrom, nowIso);
  if (lines.length === 0) return [];
  // A line is governed by the new version unless a version already published takes effect after it, on or before the line's date.
  const later = (await repo.listVersionRows(db, hospitalId))
    .map((v) => v.effective_from)
    .filter((d) => d > input.effectiveFrom);
  const kept = new Set(items.map((d) => `${d.item.code}|${d.item.department}|${d.item.serviceClass}`));
  const acknowledged = new Set(input.acknowledgeRemoved ?? []);
  const dropped = new Map<string, Set<string>>();
  for (const l of lines) {
    if (later.some((d) => d <= l.service_date)) continue;
    if (kept.has(`${l.code}|${l.department_code}|${l.service_class}`) || acknowledged.has(l.code)) continue;
    const quotes = dropped.get(l.code) ?? new Set<string>();
    quotes.add(l.quote_id);
    dropped.set(l.code, quotes);
  }
  return [...dropped.keys()].sort().map((code) => {
    const ids = [...dropped.get(code)!];
    return {
      path: "body.acknowledgeRemoved",
      message: `${JSON.stringify(code)} is used by ${ids.length} open quote(s) (${ids.join(", ")}) and this version no longer prices it; list it in acknowledgeRemoved to publish anyway (those quotes are withdrawn)`,
    };
  });
}

async function hospitalOr404(ctx: Pick<ServiceContext, "db">, id: string) {
  const h = await catalog.getHospital(ctx.db, id);
  if (!h) throw notFound("hospital", id);
  return h;
}

function versionSummary(
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

/**
 * Billing publishes a new version of the hospital's domestic tariff. Versions are immutable:
 * a correction is a new version, complete (`replace`, the default) or built on the version in force
 * (`amend`). A version that drops a code open quotes use needs that code in `acknowledgeRemoved`.
 * Publishing re-prices, in the same transaction, every open quote with a service date the version
 * covers, and tells each patient.
 */
export async function publishTariff({ ctx, input }: { ctx: ServiceContext; input: PublishTariffInput }) {
  const actor = requireActor(ctx);
  const hospital = await hospitalOr404(ctx, input.hospitalId);
  requireBillingOf(actor, hospital.id);
  const now = ctx.clock.now();
  const today = localDate(now, hospital.zone);
  if (input.effectiveFrom < today) {
    throw businessRule(
      "tariff_in_past",
      `A tariff version cannot take effect before today (${today}, ${hospital.zone}): history is immutable.`,
      [{ path: "body.effectiveFrom", message: `must be ${today} or later` }],
    );
  }
  const mode = input.mode ?? "replace";
  const departments = new Set(await repo.departmentCodes(ctx.db, hospital.id));
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  input.items.forEach((item, i) => {
    if (!departments.has(item.department))
      errors.push({
        path: `body.items.${i}.department`,
        message: `unknown department '${item.department}' at ${hospital.id}`,
      });
    // One code and class has one price in a version, whatever the department: no "international"
    // department can carry the same service at another price (the database enforces it too).
    const key = `${item.code}|${item.serviceClass}`;
    const dup = seen.get(key);
    if (dup !== undefined)
      errors.push({
        path: `body.items.${i}.code`,
        message: `duplicate of items.${dup}: a code and service class has one price per version`,
      });
    seen.set(key, i);
  });
  if (errors.length) throw validationError("Some tariff items are invalid.", errors);
  const foreignDepartments = await repo.foreignDepartmentCodes(ctx.db, hospital.id);

  const publishedAt = now.toISOString();
  try {
    return await withTransaction(ctx, async (uow) => {
      const trx = uow.db;
      // The complete version, read in the transaction that publishes it (an amend builds on the version in force).
      const draft = await draftOf(trx, hospital.id, input, mode);
      const issues = validateTariffDraft(
        draft.items.map((d) => d.item),
        draft.premiumClasses,
        { foreignDepartments },
      );
      if (issues.length) {
        // Paths name the request's item; an item kept from the amended version is named by code and class.
        const where = (path: string) => {
          const m = /^items\.(\d+)(\..*)?$/.exec(path);
          if (!m) return { path: `body.${path}`, prefix: "" };
          const d = draft.items[Number(m[1])]!;
          return d.from !== undefined
            ? { path: `body.items.${d.from}${m[2] ?? ""}`, prefix: "" }
            : {
                path: "body.items",
                prefix: `${JSON.stringify(d.item.code)} (${d.item.serviceClass}), kept from version ${draft.amended}: `,
              };
        };
        const named = issues.map((x) => ({ ...where(x.path), x }));
        throw businessRule(
          "parity_violation",
          `Foreign-patient departments charge only the standard domestic price, and a premium class is only one domestic patients buy at its price: ${named.map((n) => `${n.path.slice(5)}: ${n.prefix}${n.x.message}`).join("; ")}.`,
          named.map((n) => ({ path: n.path, message: `${n.x.code}: ${n.prefix}${n.x.message}` })),
        );
      }
      const removals = await unacknowledgedRemovals(trx, hospital.id, input, draft.items, publishedAt);
      if (removals.length) {
        throw businessRule(
          "removal_not_acknowledged",
          `This version drops codes open quotes use; publishing it withdraws those quotes. List each in acknowledgeRemoved to proceed: ${removals.map((r) => r.message).join("; ")}.`,
          removals,
        );
      }
      const items = draft.items.map((d) => d.item);
      const version = (await repo.maxVersion(trx, hospital.id)) + 1;
      const id = newId("tfv", now);
      await repo.insertVersion(
        trx,
        {
          id,
          hospital_id: hospital.id,
          version,
          effective_from: input.effectiveFrom,
          currency: hospital.currency,
          published_at: publishedAt,
          published_by: actor.userId,
          note: input.note ?? null,
          premium_classes: JSON.stringify(draft.premiumClasses.map((p) => p.serviceClass)),
        },
        items.map((it) => ({
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
      const repriced = await repriceOpenQuotes(uow, trx, {
        hospitalId: hospital.id,
        fromDate: input.effectiveFrom,
        versions,
        reason: `tariff version ${version}`,
      });
      const repricedItineraries = await repriceItineraries(uow, {
        hospitalId: hospital.id,
        fromDate: input.effectiveFrom,
        versions,
        reason: `tariff version ${version}`,
      });
      const all = await repo.listVersionRows(trx, hospital.id);
      const row = all.find((v) => v.id === id)!;
      return {
        tariffVersion: versionSummary(row, items.length, today, all),
        mode,
        amendedVersion: draft.amended,
        repricedQuotes: repriced,
        repricedItineraries,
      };
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict("Another tariff version was published at the same time; retry.", "tariff_version_conflict");
    throw err;
  }
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
      "These are the domestic prices. Caravan charges foreign patients exactly these prices for the same code, department and service class; nationality never selects a price.",
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
