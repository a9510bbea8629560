import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AgencyListSchema,
  FlightPageSchema,
  HospitalPageSchema,
  HospitalSchema,
  LodgingPageSchema,
  TourPageSchema,
  TransferPageSchema,
  TreatmentPageSchema,
} from "../../src/routes/catalog/schemas";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = async <T>(path: string, schema: { parse: (v: unknown) => T }) => {
  const res = await t.call("GET", path);
  expect(res.status, await res.clone().text()).toBe(200);
  return schema.parse(await res.json());
};

describe("catalog", () => {
  it("lists hospitals with zones and departments, paginated", async () => {
    const all = await get("/v1/hospitals?limit=100", HospitalPageSchema);
    expect(all.data.length).toBe(6);
    const tum = all.data.find((h) => h.id === "hsp_xtum");
    expect(tum?.zone).toBe("Asia/Urumqi");
    expect(all.data.find((h) => h.id === "hsp_xjph")?.zone).toBe("Asia/Shanghai");

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p: { data: { id: string }[]; nextCursor: string | null } = await get(
        `/v1/hospitals?limit=4${cursor ? `&cursor=${cursor}` : ""}`,
        HospitalPageSchema,
      );
      seen.push(...p.data.map((h) => h.id));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.data.map((h) => h.id));
  });

  it("filters hospitals by city, language and department", async () => {
    const yiwu = await get("/v1/hospitals?city=yiwu", HospitalPageSchema);
    expect(yiwu.data.map((h) => h.id)).toEqual(["hsp_zju4"]);
    const cardiac = await get("/v1/hospitals?department=cardiac_surgery", HospitalPageSchema);
    expect(cardiac.data.length).toBeGreaterThan(0);
    for (const h of cardiac.data) expect(h.departments.map((d) => d.code)).toContain("cardiac_surgery");
    const ru = await get("/v1/hospitals?language=ru", HospitalPageSchema);
    for (const h of ru.data) expect(h.languages).toContain("ru");
    const one = await get("/v1/hospitals/hsp_xjph", HospitalSchema);
    expect(one.city).toBe("Urumqi");
  });

  it("shows the tariff version in force on the date", async () => {
    const v1 = await get("/v1/hospitals/hsp_xjph/treatments?date=2026-12-31&limit=100", TreatmentPageSchema);
    const v2 = await get("/v1/hospitals/hsp_xjph/treatments?date=2027-01-01&limit=100", TreatmentPageSchema);
    expect(v1.tariffVersion?.version).toBe(1);
    expect(v2.tariffVersion?.version).toBe(2);
    const price = (p: typeof v1) =>
      new Map(p.data.map((i) => [`${i.code}|${i.serviceClass}|${i.department}`, i.unitPrice.amount]));
    const a = price(v1);
    const b = price(v2);
    expect([...a.keys()].some((k) => a.get(k) !== b.get(k))).toBe(true);
    for (const i of v1.data) {
      expect(Number.isInteger(i.unitPrice.amount)).toBe(true);
      expect(i.unitPrice.currency).toBe("CNY");
    }
    const before = await get("/v1/hospitals/hsp_xjph/treatments?date=2025-06-01", TreatmentPageSchema);
    expect(before.tariffVersion).toBeNull();
    expect(before.data).toEqual([]);
  });

  it("searches flights by the origin's local date, with zones and seats", async () => {
    const p = await get("/v1/flights?origin=ala&destination=URC&date=2026-12-01&passengers=2", FlightPageSchema);
    expect(p.data.length).toBeGreaterThan(0);
    for (const f of p.data) {
      expect(f.departure.local.slice(0, 10)).toBe("2026-12-01");
      expect(f.departure.zone).toBe("Asia/Almaty");
      expect(f.arrival.zone).toBe("Asia/Shanghai");
      expect(Date.parse(f.arrival.utc)).toBeGreaterThan(Date.parse(f.departure.utc));
      expect(Date.parse(f.departure.local)).toBe(Date.parse(f.departure.utc));
      expect(f.totalFare.amount).toBe(f.farePerPassenger.amount * 2);
      expect(f.seatsLeft).toBeGreaterThanOrEqual(2);
    }
    const sorted = [...p.data].sort((x, y) => x.departure.utc.localeCompare(y.departure.utc));
    expect(p.data).toEqual(sorted);
  });

  it("hides flights without enough seats left", async () => {
    const p = await get("/v1/flights?origin=ALA&destination=URC&date=2026-12-02", FlightPageSchema);
    const target = p.data[0]!;
    await t.handle.db.updateTable("flights").set({ seats_left: 1 }).where("id", "=", target.id).execute();
    const two = await get("/v1/flights?origin=ALA&destination=URC&date=2026-12-02&passengers=2", FlightPageSchema);
    expect(two.data.map((f) => f.id)).not.toContain(target.id);
    const one = await get("/v1/flights?origin=ALA&destination=URC&date=2026-12-02&passengers=1", FlightPageSchema);
    expect(one.data.find((f) => f.id === target.id)?.seatsLeft).toBe(1);
  });

  it("shows transfers with vehicles left in the hour, wheelchair-accessible on request", async () => {
    const at = "2026-12-01T12:30:00+08:00";
    const p = await get(
      `/v1/transfers?airport=URC&hospitalId=hsp_xjph&at=${encodeURIComponent(at)}`,
      TransferPageSchema,
    );
    expect(p.data.length).toBeGreaterThan(1);
    const van = p.data.find((o) => o.wheelchairAccessible)!;
    expect(van).toBeDefined();
    expect(van.availability.vehiclesLeft).toBe(van.availability.vehiclesPerHour);
    expect(van.availability.hour.utc).toBe("2026-12-01T04:00:00Z");
    await t.handle.db
      .insertInto("transfer_hours")
      .values({
        product_id: van.id,
        hour_start: "2026-12-01T04:00:00.000Z",
        capacity: van.availability.vehiclesPerHour,
        reserved: 1,
      })
      .execute();
    const after = await get(
      `/v1/transfers?airport=URC&hospitalId=hsp_xjph&wheelchair=true&at=${encodeURIComponent(at)}`,
      TransferPageSchema,
    );
    expect(after.data.every((o) => o.wheelchairAccessible)).toBe(true);
    expect(after.data.find((o) => o.id === van.id)?.availability.vehiclesLeft).toBe(
      van.availability.vehiclesPerHour - 1,
    );
  });

  it("shows lodging near the hospital, nearest first, with the fewest rooms left over the stay", async () => {
    const q = "/v1/lodging?hospitalId=hsp_xjph&checkIn=2026-12-01&checkOut=2026-12-04&guests=2";
    const p = await get(q, LodgingPageSchema);
    expect(p.nights).toBe(3);
    expect(p.data.length).toBeGreaterThan(0);
    const d = p.data.map((h) => h.distanceToHospitalMeters);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    const room = p.data[0]!.roomTypes[0]!;
    expect(room.stayTotal.amount).toBe(room.nightlyRate.amount * 3);
    const total = room.roomsLeft;
    await t.handle.db
      .insertInto("room_nights")
      .values({ room_type_id: room.id, night: "2026-12-02", capacity: total, reserved: total - 1 })
      .execute();
    const again = await get(q, LodgingPageSchema);
    expect(again.data[0]!.roomTypes.find((r) => r.id === room.id)?.roomsLeft).toBe(1);
    const acc = await get(`${q}&accessible=true`, LodgingPageSchema);
    for (const h of acc.data) for (const r of h.roomTypes) expect(r.accessible).toBe(true);
    const bad = await t.call("GET", "/v1/lodging?hospitalId=hsp_xjph&checkIn=2026-12-04&checkOut=2026-12-01");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).errors[0].path).toBe("query.checkOut");
  });

  it("shows tour departures in the tour's zone and language", async () => {
    const p = await get("/v1/tours?city=Urumqi&date=2026-12-05&language=ru", TourPageSchema);
    expect(p.data.length).toBeGreaterThan(0);
    for (const d of p.data) {
      expect(d.language).toBe("ru");
      expect(d.startsAt.zone).toBe("Asia/Urumqi");
      expect(d.startsAt.local.slice(0, 10)).toBe("2026-12-05");
      expect(d.placesLeft).toBeGreaterThan(0);
    }
    const low = await get("/v1/tours?city=Urumqi&intensity=low&limit=5", TourPageSchema);
    expect(low.data.length).toBe(5);
    for (const d of low.data) {
      expect(d.intensity).toBe("low");
      expect(Date.parse(d.startsAt.utc)).toBeGreaterThan(t.clock.now().getTime());
    }
  });

  it("lists agencies with fee policies", async () => {
    const a = await get("/v1/agencies", AgencyListSchema);
    expect(a.data.find((x) => x.id === "agy_silkroad")?.feePolicy.percentOfTravelBasisPoints).toBe(500);
  });
});
