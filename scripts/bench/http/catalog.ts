/**
 * The HTTP benchmark's catalog: ≈5,100 more flights (14 a day for a year on ALA/NQZ↔URC) and 500
 * hotels near hsp_xjph with their room types, written straight into the server's SQLite file
 * (WAL: the server keeps serving), and capacities raised so the hold workload never sells out.
 */
import SQLite from "better-sqlite3";
import { addDays } from "../common";

export const HOSPITAL = "hsp_xjph";

const compact = (iso: string) => iso.replaceAll("-", "");

interface Scheduled {
  carrier: string;
  number: string;
  from: string;
  to: string;
  /** Departure, UTC minutes after midnight. */
  depMin: number;
  durMin: number;
  fare: number;
  currency: string;
  /** Seats for the benchmark's itineraries (2,000 a flight) on the ALA→URC flights they book. */
  benchHold: boolean;
}

type Row = [string, string, string, string, number, number, number, string, boolean];
/** Every zone here is east of UTC by ≤ 8 h, so a departure's local date is its UTC date. */
const SCHEDULE: Scheduled[] = (
  [
    ["Air Astana", "KC931", "ALA", "URC", 2 * 60, 125, 9_800_000, "KZT", true],
    ["China Southern Airlines", "CZ6910", "ALA", "URC", 5 * 60 + 40, 120, 139_000, "CNY", true],
    ["SCAT Airlines", "DV791", "ALA", "URC", 8 * 60 + 15, 130, 8_200_000, "KZT", true],
    ["Air Astana", "KC933", "ALA", "URC", 11 * 60 + 30, 125, 9_800_000, "KZT", true],
    ["Air Astana", "KC932", "URC", "ALA", 6 * 60 + 30, 135, 9_800_000, "KZT", false],
    ["China Southern Airlines", "CZ6911", "URC", "ALA", 9 * 60 + 10, 130, 139_000, "CNY", false],
    ["SCAT Airlines", "DV792", "URC", "ALA", 12 * 60, 140, 8_200_000, "KZT", false],
    ["Air Astana", "KC934", "URC", "ALA", 14 * 60 + 20, 135, 9_800_000, "KZT", false],
    ["Air Astana", "KC941", "NQZ", "URC", 3 * 60, 160, 11_500_000, "KZT", false],
    ["China Southern Airlines", "CZ6920", "NQZ", "URC", 7 * 60, 165, 162_000, "CNY", false],
    ["SCAT Airlines", "DV795", "NQZ", "URC", 10 * 60, 170, 9_900_000, "KZT", false],
    ["Air Astana", "KC942", "URC", "NQZ", 7 * 60 + 30, 170, 11_500_000, "KZT", false],
    ["China Southern Airlines", "CZ6921", "URC", "NQZ", 11 * 60, 175, 162_000, "CNY", false],
    ["SCAT Airlines", "DV796", "URC", "NQZ", 13 * 60, 180, 9_900_000, "KZT", false],
  ] satisfies Row[]
).map(([carrier, number, from, to, depMin, durMin, fare, currency, benchHold]) => ({
  carrier,
  number,
  from,
  to,
  depMin,
  durMin,
  fare,
  currency,
  benchHold,
}));

/** A small deterministic PRNG, so every run builds the same data set. */
export function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DataSet {
  /** The seed's first day (the demo catalog starts "today"). */
  firstDay: string;
  flightsAdded: number;
  hotelsAdded: number;
  roomTypes: string[];
  /** ALA→URC flights with seats for the itineraries, by local date. */
  holdFlights: Map<string, { id: string; arrivesAt: string }[]>;
  /** Urumqi tour departures by local date. */
  tours: Map<string, string[]>;
  counts: Record<string, number>;
}

type Flights = Pick<DataSet, "flightsAdded" | "holdFlights">;

/** A year of SCHEDULE from `firstDay`. */
function addFlights(db: SQLite.Database, firstDay: string): Flights {
  const insFlight = db.prepare(
    `insert or ignore into flights (id, carrier, flight_number, origin, destination, departs_at, arrives_at,
       origin_local_date, cabin, seats_total, seats_left, fare_amount, fare_currency)
     values (?, ?, ?, ?, ?, ?, ?, ?, 'economy', ?, ?, ?, ?)`,
  );
  const out: Flights = { flightsAdded: 0, holdFlights: new Map() };
  for (let d = 0; d < 365; d++) {
    const day = addDays(firstDay, d);
    for (const f of SCHEDULE) {
      const dep = Date.parse(`${day}T00:00:00Z`) + f.depMin * 60_000;
      const arr = new Date(dep + f.durMin * 60_000).toISOString();
      const id = `flt_${f.number.toLowerCase()}_${compact(day)}`;
      const seats = f.benchHold ? 2000 : 180;
      const depIso = new Date(dep).toISOString();
      const r = insFlight.run(
        id,
        f.carrier,
        f.number,
        f.from,
        f.to,
        depIso,
        arr,
        day,
        seats,
        seats,
        f.fare,
        f.currency,
      );
      out.flightsAdded += r.changes;
      if (f.benchHold) out.holdFlights.set(day, [...(out.holdFlights.get(day) ?? []), { id, arrivesAt: arr }]);
    }
  }
  return out;
}

const DISTRICTS = ["Tianshan", "Shayibake", "Xinshi", "Shuimogou", "Toutunhe", "Midong"];
const ROADS = [
  "Youhao",
  "Xinhua",
  "Jiefang",
  "Heping",
  "Beijing",
  "Changjiang",
  "Kunming",
  "Huanghe",
  "Guangming",
  "Tianchi",
];

/** 500 Urumqi hotels near the hospital, 2–3 room types each; returns the count added and the standard rooms. */
function addHotels(db: SQLite.Database, rnd: () => number): { hotelsAdded: number; roomTypes: string[] } {
  const insHotel = db.prepare(
    `insert or ignore into hotels (id, name, city, zone, address, stars, languages, check_in_time, check_out_time)
     values (?, ?, 'Urumqi', 'Asia/Urumqi', ?, ?, ?, '14:00', '12:00')`,
  );
  const insDistance = db.prepare(
    "insert or ignore into hotel_distances (hotel_id, hospital_id, distance_m) values (?, ?, ?)",
  );
  const insRoom = db.prepare(
    `insert or ignore into room_types (id, hotel_id, name, max_guests, accessible, rooms_total, nightly_amount,
       nightly_currency) values (?, ?, ?, ?, ?, ?, ?, 'CNY')`,
  );
  let hotelsAdded = 0;
  const roomTypes: string[] = [];
  for (let h = 1; h <= 500; h++) {
    const n = String(h).padStart(3, "0");
    const id = `htl_urc_bench_${n}`;
    const stars = 2 + Math.floor(rnd() * 4);
    const road = ROADS[h % ROADS.length]!;
    const r = insHotel.run(
      id,
      `${road} ${["Garden", "Plaza", "Silk Road", "Tianshan", "Oasis"][h % 5]} Hotel ${h}`,
      `${100 + h} ${road} Road, ${DISTRICTS[h % DISTRICTS.length]} District, Urumqi, Xinjiang`,
      stars,
      JSON.stringify(h % 3 === 0 ? ["zh", "en"] : ["zh", "en", "ru"]),
    );
    hotelsAdded += r.changes;
    insDistance.run(id, HOSPITAL, 300 + Math.floor(rnd() * 14_700));
    const base = 18_000 + stars * 9_000 + Math.floor(rnd() * 40) * 500;
    const std = `rmt_urc_bench_${n}_std`;
    insRoom.run(std, id, "Standard double", 2, 0, 400, base);
    insRoom.run(`rmt_urc_bench_${n}_family`, id, "Family room", 4, 0, 40, Math.round(base * 1.5));
    if (h % 4 === 0) insRoom.run(`rmt_urc_bench_${n}_acc`, id, "Accessible double", 2, 1, 20, base);
    roomTypes.push(std);
  }
  return { hotelsAdded, roomTypes };
}

/** Room for every hold: tours, transfers (vehicles per hour), and existing counters. */
function raiseCapacities(db: SQLite.Database): void {
  db.prepare("update tour_departures set capacity = max(capacity, 2000)").run();
  db.prepare("update transfer_products set vehicles_per_hour = max(vehicles_per_hour, 2000) where hospital_id = ?").run(
    HOSPITAL,
  );
  db.prepare("update transfer_hours set capacity = max(capacity, 2000)").run();
  db.prepare("update room_nights set capacity = max(capacity, 400)").run();
}

/**
 * Writes the catalog side straight into the server's SQLite file (WAL: the server keeps serving).
 * Capacities are raised so the hold workload never sells out: it measures holding, not refusals.
 */
export function enrichCatalog(file: string): DataSet {
  const db = new SQLite(file);
  db.pragma("busy_timeout = 10000");
  const rnd = prng(6);
  const firstDay = (db.prepare("select min(origin_local_date) as d from flights").get() as { d: string }).d;
  const { flights, hotels } = db.transaction(() => {
    const flights = addFlights(db, firstDay);
    const hotels = addHotels(db, rnd);
    raiseCapacities(db);
    return { flights, hotels };
  })();

  const tours = new Map<string, string[]>();
  const rows = db
    .prepare(
      `select d.id, d.local_date from tour_departures d join tours t on t.id = d.tour_id
       where t.city = 'Urumqi' order by d.starts_at`,
    )
    .all() as { id: string; local_date: string }[];
  for (const r of rows) tours.set(r.local_date, [...(tours.get(r.local_date) ?? []), r.id]);

  const counts: Record<string, number> = {};
  for (const t of ["flights", "hotels", "room_types", "tour_departures"])
    counts[t] = (db.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n;
  db.close();
  return { firstDay, ...flights, ...hotels, tours, counts };
}
