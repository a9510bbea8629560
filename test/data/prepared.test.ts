import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../db/seed/demo";
import { findTokenOwner } from "../../src/data/access-repo";
import { searchFlights } from "../../src/data/catalog-repo";
import { ratesUpTo, upsertRate } from "../../src/data/fx-repo";
import { resolveRate } from "../../src/domain/pricing/fx";
import { migrateToLatest } from "../../src/data/migrate";
import { prepared } from "../../src/data/prepared";
import { createPiiCipher, hashToken } from "../../src/ports/crypto";
import { type TestDatabase, testDatabases } from "../helpers/databases";

/** Prepared reads answer exactly what the same Kysely query answers, on every dialect. */
describe.each(testDatabases)("prepared reads on $dialect", (d: TestDatabase) => {
  let h: Awaited<ReturnType<TestDatabase["open"]>>;
  beforeAll(async () => {
    h = await d.open();
    await migrateToLatest(h.db);
    const cipher = await createPiiCipher("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    await seedDemo(h.db, { now: new Date("2026-11-22T10:00:00Z"), encrypt: cipher.encrypt });
  });
  afterAll(() => h.close());

  it("fills each call's values into the statement compiled once, in and out of transactions", async () => {
    const byCode = prepared((db, code: string) =>
      db.selectFrom("airports").select(["code", "zone"]).where("code", "=", code),
    );
    expect(await byCode(h.db, "ALA")).toEqual([{ code: "ALA", zone: "Asia/Almaty" }]);
    expect(await byCode(h.db, "URC")).toEqual([{ code: "URC", zone: "Asia/Shanghai" }]);
    expect(await byCode(h.db, "nope")).toEqual([]);
    await h.db
      .transaction()
      .execute(async (trx) => expect(await byCode(trx, "NQZ")).toEqual([{ code: "NQZ", zone: "Asia/Almaty" }]));
  });

  it(
    "a list argument: its length is part of the shape, each element a parameter; " +
      "over 100 values it is built as usual",
    async () => {
      const zones = prepared((db, codes: readonly string[], city: string) =>
        db
          .selectFrom("airports")
          .select(["code", "zone"])
          .where("code", "in", codes)
          .where("city", "!=", city)
          .orderBy("code"),
      );
      expect(await zones(h.db, ["URC", "ALA"], "Nowhere")).toEqual([
        { code: "ALA", zone: "Asia/Almaty" },
        { code: "URC", zone: "Asia/Shanghai" },
      ]);
      expect(await zones(h.db, ["NQZ"], "Nowhere")).toEqual([{ code: "NQZ", zone: "Asia/Almaty" }]);
      expect(await zones(h.db, ["URC", "ALA"], "Almaty")).toEqual([{ code: "URC", zone: "Asia/Shanghai" }]);
      const many = Array.from({ length: 150 }, (_, i) => (i === 149 ? "ALA" : `X${i}`));
      expect(await zones(h.db, many, "Nowhere")).toEqual([{ code: "ALA", zone: "Asia/Almaty" }]);
    },
  );

  it("refuses a builder that does something with its arguments other than pass them on", async () => {
    const bad = prepared((db, limit: number) =>
      db
        .selectFrom("airports")
        .selectAll()
        .limit(limit + 1),
    );
    await expect(bad(h.db, 3)).rejects.toThrow(/every argument/);
  });

  it("flight search: first page, then the page after a cursor, as the plain query finds them", async () => {
    const all = await h.db
      .selectFrom("flights")
      .selectAll()
      .where("origin", "=", "ALA")
      .where("destination", "=", "URC")
      .orderBy("departs_at")
      .orderBy("id")
      .execute();
    const date = all[0]!.origin_local_date;
    const sameDay = all.filter((f) => f.origin_local_date === date && f.seats_left >= 1);
    const first = await searchFlights(h.db, { origin: "ALA", destination: "URC", date, passengers: 1, limit: 1 });
    expect(first.map((f) => f.id)).toEqual(sameDay.slice(0, 2).map((f) => f.id));
    expect(first[0]).toMatchObject({
      origin_zone: "Asia/Almaty",
      destination_zone: "Asia/Shanghai",
      destination_city: "Urumqi",
    });
    const after = await searchFlights(h.db, {
      origin: "ALA",
      destination: "URC",
      date,
      passengers: 1,
      limit: 5,
      after: [sameDay[0]!.departs_at, sameDay[0]!.id],
    });
    expect(after.map((f) => f.id)).toEqual(sameDay.slice(1, 6).map((f) => f.id));
    expect(
      await searchFlights(h.db, { origin: "ALA", destination: "URC", date, passengers: 10_000, limit: 5 }),
    ).toEqual([]);
  });

  it("token owner: found by hash, not found for another", async () => {
    expect(await findTokenOwner(h.db, hashToken("cvn_demo_agent_silkroad"))).toMatchObject({
      role: "agent",
      agencyId: expect.any(String),
      patientId: null,
    });
    expect(await findTokenOwner(h.db, hashToken("cvn_demo_patient_anar"))).toMatchObject({
      role: "patient",
      patientId: expect.stringMatching(/^pat_/),
    });
    expect(await findTokenOwner(h.db, hashToken("cvn_nobody"))).toBeUndefined();
  });

  it(
    "FX: the latest rate of each pair up to a date, which resolves every conversion " + "as the whole history does",
    async () => {
      for (const [asOf, rate] of [
        ["2026-01-05", "70.10"],
        ["2026-06-01", "71.20"],
        ["2026-12-20", "72.30"],
      ] as const) {
        await upsertRate(h.db, { base: "CNY", quote: "KZT", rate, source: "test", asOf });
      }
      await upsertRate(h.db, { base: "KZT", quote: "CNY", rate: "0.0141", source: "test inverse", asOf: "2026-07-01" });
      const history = await h.db.selectFrom("fx_rates").selectAll().execute();
      for (const date of ["2026-01-04", "2026-03-01", "2026-06-15", "2026-12-01", "2027-01-01"]) {
        const latest = await ratesUpTo(h.db, date);
        const all = history
          .filter((r) => r.as_of <= date)
          .map((r) => ({ base: r.base, quote: r.quote, rate: r.rate, source: r.source, asOf: r.as_of }));
        const pairs = new Set(all.map((r) => `${r.base}/${r.quote}`));
        expect(latest.length).toBe(pairs.size);
        for (const r of latest)
          expect(r.asOf).toBe(
            all
              .filter((a) => a.base === r.base && a.quote === r.quote)
              .map((a) => a.asOf)
              .sort()
              .at(-1),
          );
        const currencies = [...new Set(all.flatMap((r) => [r.base, r.quote]))];
        for (const from of currencies)
          for (const to of currencies)
            expect(resolveRate(latest, from, to, date)).toEqual(resolveRate(all, from, to, date));
      }
    },
  );
});
