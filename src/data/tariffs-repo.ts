import type { Kysely, Transaction } from "kysely";
import { type TariffVersion, versionInForce } from "../domain/pricing/tariff";
import type { Database, TariffItemRow, TariffVersionRow } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

export function toTariffVersion(v: TariffVersionRow, items: TariffItemRow[]): TariffVersion {
  return {
    id: v.id,
    version: v.version,
    effectiveFrom: v.effective_from,
    currency: v.currency,
    items: items.map((i) => ({
      code: i.code,
      name: JSON.parse(i.name) as Record<string, string>,
      department: i.department_code,
      serviceClass: i.service_class,
      kind: i.kind,
      unit: i.unit,
      unitPrice: i.unit_price,
    })),
  };
}

/**
 * A published version never changes (a correction is a new version; nothing in the service updates
 * or deletes a version or its items), so each is kept, frozen, by id once read: per database (keyed
 * by its Kysely adapter, which its transactions share) and bounded. The same object each time also
 * lets the pricing module reuse its per-version index. Which versions exist, and which is in force,
 * is always read afresh: another instance may have published one.
 */
const versionsByDatabase = new WeakMap<object, Map<string, TariffVersion>>();
const MAX_CACHED_VERSIONS = 256;

function freezeVersion(v: TariffVersion): TariffVersion {
  for (const i of v.items) Object.freeze(Object.freeze(i).name);
  Object.freeze(v.items);
  return Object.freeze(v);
}

async function withItems(db: Db, rows: TariffVersionRow[]): Promise<TariffVersion[]> {
  const adapter = db.getExecutor().adapter;
  let cache = versionsByDatabase.get(adapter);
  if (!cache) versionsByDatabase.set(adapter, (cache = new Map()));
  const missing = rows.filter((r) => !cache.has(r.id));
  if (missing.length > 0) {
    const items = await db
      .selectFrom("tariff_items")
      .selectAll()
      .where(
        "tariff_version_id",
        "in",
        missing.map((v) => v.id),
      )
      .orderBy("code")
      .orderBy("service_class")
      .execute();
    for (const v of missing) {
      if (cache.size >= MAX_CACHED_VERSIONS) cache.delete(cache.keys().next().value as string);
      cache.set(
        v.id,
        freezeVersion(
          toTariffVersion(
            v,
            items.filter((i) => i.tariff_version_id === v.id),
          ),
        ),
      );
    }
  }
  return rows.map((r) => cache.get(r.id)!);
}

/** Every tariff version of a hospital with its items (a hospital's tariff is small: tens to a few thousand items). */
export async function loadTariffVersions(db: Db, hospitalId: string): Promise<TariffVersion[]> {
  const versions = await db
    .selectFrom("tariff_versions")
    .selectAll()
    .where("hospital_id", "=", hospitalId)
    .orderBy("effective_from")
    .orderBy("version")
    .execute();
  return versions.length === 0 ? [] : withItems(db, versions);
}

/**
 * Only the versions in force on the given (hospital-local) dates, with their items: what pricing
 * lines on those dates reads (it looks up each line in the version in force on its date), without
 * loading every version the hospital ever published.
 */
export async function loadTariffVersionsInForce(db: Db, hospitalId: string, dates: string[]): Promise<TariffVersion[]> {
  const rows = await db.selectFrom("tariff_versions").selectAll().where("hospital_id", "=", hospitalId).execute();
  const shells = rows.map((v) => ({ row: v, version: toTariffVersion(v, []) }));
  const wanted = new Set<TariffVersionRow>();
  for (const date of new Set(dates)) {
    const v = versionInForce(
      shells.map((s) => s.version),
      date,
    );
    if (v) wanted.add(shells.find((s) => s.version === v)!.row);
  }
  if (wanted.size === 0) return [];
  const picked = rows
    .filter((r) => wanted.has(r))
    .sort((a, b) =>
      a.effective_from < b.effective_from ? -1 : a.effective_from > b.effective_from ? 1 : a.version - b.version,
    );
  return withItems(db, picked);
}

export async function listVersionRows(db: Db, hospitalId: string) {
  return db
    .selectFrom("tariff_versions as v")
    .selectAll("v")
    .select((eb) =>
      eb
        .selectFrom("tariff_items as i")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("i.tariff_version_id", "=", "v.id")
        .as("item_count"),
    )
    .where("v.hospital_id", "=", hospitalId)
    .orderBy("v.version", "desc")
    .execute();
}

export async function getVersionRow(db: Db, hospitalId: string, version: number) {
  return db
    .selectFrom("tariff_versions")
    .selectAll()
    .where("hospital_id", "=", hospitalId)
    .where("version", "=", version)
    .executeTakeFirst();
}

export async function itemsOfVersion(db: Db, versionId: string) {
  return db
    .selectFrom("tariff_items")
    .selectAll()
    .where("tariff_version_id", "=", versionId)
    .orderBy("code")
    .orderBy("service_class")
    .execute();
}

export async function maxVersion(db: Db, hospitalId: string): Promise<number> {
  const r = await db
    .selectFrom("tariff_versions")
    .select((eb) => eb.fn.max("version").as("v"))
    .where("hospital_id", "=", hospitalId)
    .executeTakeFirst();
  return Number(r?.v ?? 0);
}

export async function insertVersion(
  db: Db,
  v: TariffVersionRow,
  items: Omit<TariffItemRow, "tariff_version_id">[],
): Promise<void> {
  await db.insertInto("tariff_versions").values(v).execute();
  for (let i = 0; i < items.length; i += 200) {
    await db
      .insertInto("tariff_items")
      .values(items.slice(i, i + 200).map((it) => ({ ...it, tariff_version_id: v.id })))
      .execute();
  }
}

export async function departmentCodes(db: Db, hospitalId: string): Promise<string[]> {
  const rows = await db.selectFrom("departments").select("code").where("hospital_id", "=", hospitalId).execute();
  return rows.map((r) => r.code);
}

/** The codes of the hospital's departments marked as serving foreign patients. */
export async function foreignDepartmentCodes(db: Db, hospitalId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom("departments")
    .select("code")
    .where("hospital_id", "=", hospitalId)
    .where("serves_foreign_patients", "=", 1)
    .execute();
  return new Set(rows.map((r) => r.code));
}
