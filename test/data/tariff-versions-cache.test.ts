import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../db/seed/demo";
import type { DatabaseHandle } from "../../src/data/connect-node";
import { migrateToLatest } from "../../src/data/migrate";
import { loadTariffVersions, loadTariffVersionsInForce } from "../../src/data/tariffs-repo";
import { createPiiCipher } from "../../src/ports/crypto";
import { type TestDatabase, testDatabases } from "../helpers/databases";

/** Published versions are kept by id once read; what exists and what is in force is read afresh. */
describe.each(testDatabases)("tariff versions on $dialect", (d: TestDatabase) => {
  let a: DatabaseHandle;
  let b: DatabaseHandle;
  beforeAll(async () => {
    const cipher = await createPiiCipher("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    [a, b] = await Promise.all([d.open(), d.open()]);
    for (const h of [a, b]) {
      await migrateToLatest(h.db);
      await seedDemo(h.db, { now: new Date("2026-11-22T10:00:00Z"), encrypt: cipher.encrypt });
    }
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  const cabg = (vs: Awaited<ReturnType<typeof loadTariffVersions>>, date: string) =>
    vs
      .filter((v) => v.effectiveFrom <= date)
      .at(-1)!
      .items.find((i) => i.code === "CARD-CABG" && i.serviceClass === "standard")!.unitPrice;

  it("two databases with the same version ids each answer their own items", async () => {
    const first = await loadTariffVersions(a.db, "hsp_xjph");
    const id = first[0]!.id;
    await b.db
      .updateTable("tariff_items")
      .set({ unit_price: 1 })
      .where("tariff_version_id", "=", id)
      .where("code", "=", "CARD-CABG")
      .execute();
    expect(cabg(await loadTariffVersions(b.db, "hsp_xjph"), first[0]!.effectiveFrom)).toBe(1);
    expect(cabg(await loadTariffVersions(a.db, "hsp_xjph"), first[0]!.effectiveFrom)).toBe(
      cabg(first, first[0]!.effectiveFrom),
    );
    expect(cabg(first, first[0]!.effectiveFrom)).not.toBe(1);
  });

  it("a version published after the first read is seen at once; versions are frozen values", async () => {
    const before = await loadTariffVersions(a.db, "hsp_xjph");
    const last = before.at(-1)!;
    await a.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("tariff_versions")
        .values({
          id: "tv_test_later",
          hospital_id: "hsp_xjph",
          version: last.version + 1,
          effective_from: "2030-01-01",
          currency: "CNY",
          note: null,
          published_by: null,
          published_at: "2026-11-22T10:00:00.000Z",
        })
        .execute();
      const items = await trx.selectFrom("tariff_items").selectAll().where("tariff_version_id", "=", last.id).execute();
      await trx
        .insertInto("tariff_items")
        .values(
          items.map((i) => ({
            ...i,
            id: `${i.id}_later`,
            tariff_version_id: "tv_test_later",
            unit_price: i.unit_price * 2,
          })),
        )
        .execute();
    });
    const after = await loadTariffVersions(a.db, "hsp_xjph");
    expect(after.map((v) => v.id)).toEqual([...before.map((v) => v.id), "tv_test_later"]);
    expect(cabg(after, "2030-01-02")).toBe(2 * cabg(before, "2030-01-02"));
    const inForce = await loadTariffVersionsInForce(a.db, "hsp_xjph", ["2030-01-02", "2030-05-01"]);
    expect(inForce.map((v) => v.id)).toEqual(["tv_test_later"]);
    expect(after[0]).toBe(before[0]);
    expect(() => (after[0]!.items as unknown as unknown[]).push({})).toThrow(TypeError);
  });
});
