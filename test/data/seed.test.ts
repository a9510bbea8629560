import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { buildDemoCatalog, seedDemo } from "../../db/seed/demo";
import { DEMO_PATIENTS, DEMO_USERS } from "../../db/seed/demo-users";
import { tariffVersionInForce } from "../../src/data/catalog-repo";
import { openSqlite } from "../../src/data/connect-node";
import { migrateToLatest } from "../../src/data/migrate";
import type { Database } from "../../src/data/schema";
import { hashToken } from "../../src/ports/crypto";
import { validateTariffDraft } from "../../src/domain/parity/tariff-draft";
import { localDate, localToUtc } from "../../src/domain/time/local-time";
import type { Kysely } from "kysely";

const NOW = new Date("2026-11-22T10:00:00Z");
const encrypt = async (plain: string) => `enc:${plain}`;

const TABLES = [
  "agencies",
  "hospitals",
  "departments",
  "users",
  "api_tokens",
  "patients",
  "tariff_versions",
  "tariff_items",
  "airports",
  "flights",
  "transfer_products",
  "transfer_hours",
  "hotels",
  "hotel_distances",
  "room_types",
  "room_nights",
  "tours",
  "tour_departures",
  "consultation_slots",
  "app_meta",
] as const satisfies readonly (keyof Database)[];

async function counts(db: Kysely<Database>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const row = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    out[t] = Number(row.n);
  }
  return out;
}

async function freshDb() {
  const handle = openSqlite(":memory:");
  await migrateToLatest(handle.db);
  return handle;
}

/** Row counts after the first run, and the marker it leaves; returns the counts. */
async function expectCatalogCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const before = await counts(db);
  expect(before.hospitals).toBe(6);
  expect(before.agencies).toBe(2);
  expect(before.users).toBe(DEMO_USERS.length);
  expect(before.api_tokens).toBe(DEMO_USERS.length);
  expect(before.patients).toBe(2);
  expect(before.airports).toBe(10);
  expect(before.tariff_versions).toBe(8);
  expect(before.transfer_products).toBe(21);
  expect(before.hotels).toBe(6);
  expect(before.hotel_distances).toBe(4 * 5 + 2 * 1);
  expect(before.transfer_hours).toBe(0);
  expect(before.room_nights).toBe(0);
  expect(before.app_meta).toBe(1);
  // 121 dates × (9 short tour-language pairs × 2 + 6 long × 1).
  expect(before.tour_departures).toBe(121 * (9 * 2 + 6));
  expect(before.flights).toBeGreaterThan(1500);
  expect(before.consultation_slots).toBeGreaterThan(1000);
  const total = Object.values(before).reduce((a, b) => a + b, 0);
  expect(total).toBeLessThan(10_000);

  const marker = await db.selectFrom("app_meta").selectAll().where("key", "=", "demo_seeded").executeTakeFirstOrThrow();
  expect(marker.value).toBe("2026-11-22T10:00:00.000Z");
  return before;
}

/** Users, their hashed tokens, and the demo patients. */
async function expectUsersAndPatients(db: Kysely<Database>): Promise<void> {
  // Tokens are stored hashed and resolve to the right user.
  for (const u of DEMO_USERS) {
    const tok = await db
      .selectFrom("api_tokens")
      .selectAll()
      .where("token_hash", "=", await hashToken(u.token))
      .executeTakeFirstOrThrow();
    expect(tok.user_id).toBe(u.id);
    expect(tok.label).toBe("demo");
    expect(tok.token_hash).not.toContain(u.token);
  }
  const agent = await db
    .selectFrom("users")
    .selectAll()
    .where("id", "=", "usr_demo_agent_silkroad")
    .executeTakeFirstOrThrow();
  expect(agent.agency_id).toBe("agy_silkroad");
  const billing = await db
    .selectFrom("users")
    .selectAll()
    .where("id", "=", "usr_demo_billing_zju4")
    .executeTakeFirstOrThrow();
  expect(billing.hospital_id).toBe("hsp_zju4");

  // Patients: PII went through encrypt; Alexander belongs to the agency, Anar to none.
  const anar = await db.selectFrom("patients").selectAll().where("id", "=", "pat_demo_anar").executeTakeFirstOrThrow();
  const anarDef = DEMO_PATIENTS.find((p) => p.id === "pat_demo_anar")!;
  expect(anar.passport_number_enc).toBe(`enc:${anarDef.passportNumber}`);
  expect(anar.birth_date_enc).toBe(`enc:${anarDef.birthDate}`);
  expect(anar.agency_id).toBeNull();
  expect(anar.home_city).toBe("Almaty");
  const alexander = await db
    .selectFrom("patients")
    .selectAll()
    .where("id", "=", "pat_demo_alexander")
    .executeTakeFirstOrThrow();
  expect(alexander.agency_id).toBe("agy_silkroad");
  expect(alexander.user_id).toBe("usr_demo_alexander");
}

/** Zones per place, and flights stored in UTC with their origin-local dates. */
async function expectZonesAndFlights(db: Kysely<Database>): Promise<void> {
  // Per-place zones: the Uyghur medicine hospital keeps Xinjiang time.
  const xtum = await db.selectFrom("hospitals").selectAll().where("id", "=", "hsp_xtum").executeTakeFirstOrThrow();
  expect(xtum.zone).toBe("Asia/Urumqi");
  const xjph = await db.selectFrom("hospitals").selectAll().where("id", "=", "hsp_xjph").executeTakeFirstOrThrow();
  expect(xjph.zone).toBe("Asia/Shanghai");
  expect(JSON.parse(xjph.languages)).toContain("ru");

  // Flight departure at 08:30 Almaty wall clock, stored as UTC.
  const kc871 = await db
    .selectFrom("flights")
    .selectAll()
    .where("id", "=", "flt_kc871_20261123")
    .executeTakeFirstOrThrow();
  expect(kc871.origin_local_date).toBe("2026-11-23");
  expect(kc871.departs_at).toBe(localToUtc("2026-11-23", "08:30", "Asia/Almaty"));
  expect(DateTime.fromISO(kc871.departs_at, { zone: "utc" }).setZone("Asia/Almaty").toFormat("yyyy-MM-dd HH:mm")).toBe(
    "2026-11-23 08:30",
  );
  expect(kc871.departs_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  expect(Date.parse(kc871.arrives_at) - Date.parse(kc871.departs_at)).toBe(115 * 60_000);

  // URC→ALA after midnight Beijing time lands in Almaty on the previous local date.
  const urcAla = await db
    .selectFrom("flights")
    .selectAll()
    .where("origin", "=", "URC")
    .where("destination", "=", "ALA")
    .execute();
  const backInTime = urcAla.filter((f) => localDate(f.arrives_at, "Asia/Almaty") < f.origin_local_date);
  expect(backInTime.length).toBeGreaterThan(100);
  const cz6007 = urcAla.find((f) => f.id === "flt_cz6007_20261125")!;
  expect(localDate(cz6007.departs_at, "Asia/Shanghai")).toBe("2026-11-25");
  expect(cz6007.departs_at.slice(0, 10)).toBe("2026-11-24");
  expect(localDate(cz6007.arrives_at, "Asia/Almaty")).toBe("2026-11-24");

  // An overnight flight lands on the next local date.
  const tbs = await db
    .selectFrom("flights")
    .selectAll()
    .where("origin", "=", "TBS")
    .where("destination", "=", "URC")
    .execute();
  expect(tbs.length).toBeGreaterThan(0);
  for (const f of tbs) {
    expect(localDate(f.arrives_at, "Asia/Shanghai") > f.origin_local_date).toBe(true);
  }

  // Every flight: origin_local_date is the origin-local date of departs_at.
  const airports = new Map((await db.selectFrom("airports").selectAll().execute()).map((a) => [a.code, a.zone]));
  const allFlights = await db
    .selectFrom("flights")
    .select(["departs_at", "arrives_at", "origin", "origin_local_date", "seats_left", "seats_total"])
    .execute();
  for (const f of allFlights) {
    expect(localDate(f.departs_at, airports.get(f.origin)!)).toBe(f.origin_local_date);
    expect(f.seats_left).toBe(f.seats_total);
    expect(f.arrives_at > f.departs_at).toBe(true);
  }
}

/** Tariff versions in force by date, parity of the VIP lines, names and sizes. */
async function expectTariffs(db: Kysely<Database>): Promise<void> {
  // Tariff in force on a date: version 2 from 2027-01-01 changes prices up and down.
  const v1 = await tariffVersionInForce(db, "hsp_xjph", "2026-12-31");
  const v2 = await tariffVersionInForce(db, "hsp_xjph", "2027-01-01");
  expect(v1?.version).toBe(1);
  expect(v2?.version).toBe(2);
  const price = async (versionId: string, code: string, cls = "standard") =>
    (
      await db
        .selectFrom("tariff_items")
        .select("unit_price")
        .where("tariff_version_id", "=", versionId)
        .where("code", "=", code)
        .where("service_class", "=", cls)
        .executeTakeFirstOrThrow()
    ).unit_price;
  expect(await price(v1!.id, "CARD-CABG")).toBe(9_800_000);
  expect(await price(v2!.id, "CARD-CABG")).toBe(10_200_000);
  expect(await price(v2!.id, "IMG-MRI-BRAIN")).toBeLessThan(await price(v1!.id, "IMG-MRI-BRAIN"));
  expect((await tariffVersionInForce(db, "hsp_xmu1", "2027-06-01"))?.version).toBe(1);

  // Parity: the VIP international medical center line costs exactly the standard price.
  const vip = await db
    .selectFrom("tariff_items")
    .selectAll()
    .where("department_code", "=", "international_medical_center")
    .execute();
  expect(vip.length).toBeGreaterThan(0);
  for (const item of vip) {
    const std = await price(item.tariff_version_id, item.code, "standard");
    expect(item.unit_price).toBe(std);
  }
  // Premium ward is a real, dearer domestic class.
  expect(await price(v1!.id, "BED-WARD", "premium_ward")).toBeGreaterThan(await price(v1!.id, "BED-WARD"));
  const name = JSON.parse(
    (
      await db
        .selectFrom("tariff_items")
        .select("name")
        .where("id", "=", "tfi_xmu2_1_neur_migr_standard")
        .executeTakeFirstOrThrow()
    ).name,
  ) as Record<string, string>;
  expect(Object.keys(name).sort()).toEqual(["en", "ru", "zh"]);
  const perHospital = await db
    .selectFrom("tariff_items")
    .select(["tariff_version_id", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("tariff_version_id")
    .execute();
  for (const r of perHospital) {
    expect(Number(r.n)).toBeGreaterThanOrEqual(8);
    expect(Number(r.n)).toBeLessThanOrEqual(15);
  }
}

/** Consultation slots, tour departures and room types in local time. */
async function expectSlotsToursAndRooms(db: Kysely<Database>): Promise<void> {
  // Consultation slots: 10:00 hospital-local, video in the morning; xtum on Urumqi time.
  // now is Sunday 2026-11-22; the first slots are on Monday the 23rd.
  const mon = await db
    .selectFrom("consultation_slots")
    .selectAll()
    .where("hospital_id", "=", "hsp_xtum")
    .where("department_code", "=", "traditional_medicine")
    .orderBy("starts_at")
    .executeTakeFirstOrThrow();
  expect(mon.id).toBe("slt_xtum_traditional_medicine_20261123_1000");
  expect(mon.mode).toBe("video");
  expect(mon.starts_at).toBe("2026-11-23T04:00:00.000Z"); // 10:00 at UTC+6
  expect(DateTime.fromISO(mon.starts_at, { zone: "utc" }).setZone("Asia/Urumqi").toFormat("HH:mm")).toBe("10:00");
  const xjphSlot = await db
    .selectFrom("consultation_slots")
    .selectAll()
    .where("hospital_id", "=", "hsp_xjph")
    .orderBy("starts_at")
    .executeTakeFirstOrThrow();
  expect(xjphSlot.starts_at).toBe("2026-11-23T02:00:00.000Z"); // 10:00 at UTC+8
  const afternoon = await db
    .selectFrom("consultation_slots")
    .selectAll()
    .where("id", "=", "slt_xjph_cardiac_surgery_20261123_1500")
    .executeTakeFirstOrThrow();
  expect(afternoon.mode).toBe("in_person");
  const weekend = (await db.selectFrom("consultation_slots").select(["starts_at", "hospital_id"]).execute()).filter(
    (s) => {
      const zone = s.hospital_id === "hsp_xtum" ? "Asia/Urumqi" : "Asia/Shanghai";
      return DateTime.fromISO(s.starts_at, { zone: "utc" }).setZone(zone).weekday > 5;
    },
  );
  expect(weekend).toEqual([]);

  // Tours: local_date and 10:00 local in the tour's zone.
  const tod = await db
    .selectFrom("tour_departures")
    .selectAll()
    .where("id", "=", "tod_urc_museum_en_20261201_1000")
    .executeTakeFirstOrThrow();
  expect(tod.local_date).toBe("2026-12-01");
  expect(tod.starts_at).toBe(localToUtc("2026-12-01", "10:00", "Asia/Urumqi"));
  expect(tod.reserved).toBe(0);

  // A small room type, so sell-outs are testable.
  const small = await db.selectFrom("room_types").selectAll().where("rooms_total", "<=", 3).execute();
  expect(small.length).toBeGreaterThan(0);
}

/** A second run writes nothing and changes nothing. */
async function expectSecondRunChangesNothing(db: Kysely<Database>, before: Record<string, number>): Promise<void> {
  // Second run: nothing written, nothing changed.
  expect(await seedDemo(db, { now: new Date("2026-11-23T10:00:00Z"), encrypt })).toEqual({ seeded: false });
  expect(await counts(db)).toEqual(before);
  const markerAgain = await db
    .selectFrom("app_meta")
    .selectAll()
    .where("key", "=", "demo_seeded")
    .executeTakeFirstOrThrow();
  expect(markerAgain.value).toBe("2026-11-22T10:00:00.000Z");
}

describe("demo seed", () => {
  it("seeds the catalog once, with zones, tariffs and tokens right", async () => {
    const handle = await freshDb();
    const db = handle.db;
    try {
      const started = Date.now();
      expect(await seedDemo(db, { now: NOW, encrypt })).toEqual({ seeded: true });
      expect(Date.now() - started).toBeLessThan(5000);

      const before = await expectCatalogCounts(db);
      await expectUsersAndPatients(db);
      await expectZonesAndFlights(db);
      await expectTariffs(db);
      await expectSlotsToursAndRooms(db);
      await expectSecondRunChangesNothing(db, before);
    } finally {
      await handle.close();
    }
  });

  it("seeds exactly once when two starters race", async () => {
    const handle = await freshDb();
    try {
      const results = await Promise.all([
        seedDemo(handle.db, { now: NOW, encrypt }),
        seedDemo(handle.db, { now: NOW, encrypt }),
      ]);
      expect(results.filter((r) => r.seeded)).toHaveLength(1);
      expect((await counts(handle.db)).hospitals).toBe(6);
    } finally {
      await handle.close();
    }
  });

  it(
    "every demo tariff version passes the publication rules, with its " +
      "foreign-patient departments marked and premium classes declared",
    () => {
      const rows = buildDemoCatalog(NOW);
      const marked = rows.departments
        .filter((d) => d.serves_foreign_patients === 1)
        .map((d) => `${d.hospital_id}|${d.code}`);
      expect(marked).toEqual(["hsp_xjph|international_medical_center"]);
      for (const v of rows.tariffVersions) {
        const foreignDepartments = new Set(
          rows.departments
            .filter((d) => d.hospital_id === v.hospital_id && d.serves_foreign_patients === 1)
            .map((d) => d.code),
        );
        const items = rows.tariffItems
          .filter((i) => i.tariff_version_id === v.id)
          .map((i) => ({
            code: i.code,
            department: i.department_code,
            serviceClass: i.service_class,
            unitPrice: Number(i.unit_price),
          }));
        const premium = (JSON.parse(v.premium_classes ?? "null") as string[]).map((serviceClass) => ({
          serviceClass,
          domesticallyAvailable: true,
        }));
        expect(validateTariffDraft(items, premium, { foreignDepartments }), v.id).toEqual([]);
        // Every class it declares is used: the declaration is the version's, not a blanket one.
        expect(new Set(premium.map((p) => p.serviceClass)), v.id).toEqual(
          new Set(items.filter((i) => i.serviceClass !== "standard").map((i) => i.serviceClass)),
        );
      }
    },
  );

  it("builds unique ids, deterministic for a given now", () => {
    const a = buildDemoCatalog(NOW);
    const b = buildDemoCatalog(NOW);
    expect(a).toEqual(b);
    for (const rows of [
      a.flights,
      a.tourDepartures,
      a.consultationSlots,
      a.tariffItems,
      a.roomTypes,
      a.transferProducts,
    ]) {
      const ids = rows.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
