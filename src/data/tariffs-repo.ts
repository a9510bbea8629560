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

/** Every tariff version of a hospital with its items (a hospital's tariff is small: tens to a few thousand items). */
export async function loadTariffVersions(db: Db, hospitalId: string): Promise<TariffVersion[]> {
  const versions = await db
    .selectFrom("tariff_versions")
    .selectAll()
    .where("hospital_id", "=", hospitalId)
    .orderBy("effective_from")
    .orderBy("version")
    .execute();
  if (versions.length === 0) return [];
  const items = await db
    .selectFrom("tariff_items")
    .selectAll()
    .where(
      "tariff_version_id",
      "in",
      versions.map((v) => v.id),
    )
    .orderBy("code")
    .orderBy("service_class")
    .execute();
  return versions.map((v) => toTariffVersion(v, items.filter((i) => i.tariff_version_id === v.id)));
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
    const v = versionInForce(shells.map((s) => s.version), date);
    if (v) wanted.add(shells.find((s) => s.version === v)!.row);
  }
  if (wanted.size === 0) return [];
  const picked = rows.filter((r) => wanted.has(r)).sort((a, b) => (a.effective_from < b.effective_from ? -1 : a.effective_from > b.effective_from ? 1 : a.version - b.version));
  const items = await db
    .selectFrom("tariff_items")
    .selectAll()
    .where("tariff_version_id", "in", picked.map((v) => v.id))
    .orderBy("code")
    .orderBy("service_class")
    .execute();
  return picked.map((v) => toTariffVersion(v, items.filter((i) => i.tariff_version_id === v.id)));
}

export async function listVersionRows(db: Db, hospitalId: string) {
  return db
    .selectFrom("tariff_versions as v")
    .selectAll("v")
    .select((eb) =>
      eb.selectFrom("tariff_items as i").select((e) => e.fn.countAll<number>().as("n")).whereRef("i.tariff_version_id", "=", "v.id").as("item_count"),
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
  return db.selectFrom("tariff_items").selectAll().where("tariff_version_id", "=", versionId).orderBy("code").orderBy("service_class").execute();
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
