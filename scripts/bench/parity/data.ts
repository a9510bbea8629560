/**
 * The parity benchmark's data set: BENCH_LINES medical lines for hsp_xjph (quotes of 4 lines over
 * 2026-01-01 … 2027-06-30, so both tariff versions are used), one line in 997 tampered with, bulk
 * loaded with better-sqlite3 (one transaction, prepared statements). The summary the report must
 * give is computed here, independently of the app.
 */
import SQLite from "better-sqlite3";
import { addDays } from "../common";

export const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
export const HOSPITAL = "hsp_xjph";
export const FROM = "2026-01-01";
export const TO = "2027-12-31";
/** One line in VIOLATION_EVERY is tampered with (≈ 0.1 %). */
const VIOLATION_EVERY = 997;
const LINES_PER_QUOTE = 4;
/** 2026-01-01 … 2027-06-30 */
const DAYS = 546;

interface Item {
  versionId: string;
  version: number;
  effectiveFrom: string;
  code: string;
  name: string;
  department: string;
  serviceClass: string;
  kind: string;
  unit: string;
  unitPrice: number;
}

export interface Expected {
  lines: number;
  parity: number;
  overcharge: number;
  undercharge: number;
  unknownCode: number;
  totalDeviation: number;
}

/** The demo tariff's items (version 1, and version 2 by code|department|class), the demo admin and patient. */
function demoRows(db: SQLite.Database) {
  const items = db
    .prepare(
      `select v.id as versionId, v.version as version, v.effective_from as effectiveFrom, i.code as code,
              i.name as name, i.department_code as department, i.service_class as serviceClass, i.kind as kind,
              i.unit as unit, i.unit_price as unitPrice
         from tariff_items i join tariff_versions v on v.id = i.tariff_version_id
        where v.hospital_id = ? order by v.version, i.code, i.service_class`,
    )
    .all(HOSPITAL) as Item[];
  const v1 = items.filter((i) => i.version === 1);
  const v2 = new Map(
    items.filter((i) => i.version === 2).map((i) => [`${i.code}|${i.department}|${i.serviceClass}`, i]),
  );
  const v2From = items.find((i) => i.version === 2)?.effectiveFrom ?? "9999-12-31";
  if (v1.length === 0 || v2.size === 0)
    throw new Error("bench: the demo tariff of hsp_xjph should have versions 1 and 2");
  const admin = db.prepare("select id from users where role = 'admin' order by id limit 1").get() as
    | { id: string }
    | undefined;
  const patient = db.prepare("select id from patients where id = 'pat_demo_alexander'").get() as
    | { id: string }
    | undefined;
  if (!admin || !patient) throw new Error("bench: demo admin or patient missing");
  return { v1, v2, v2From, adminId: admin.id, patientId: patient.id };
}

/**
 * Line `n`'s code, unit price and total: at parity with `item`, or (every VIOLATION_EVERY-th line)
 * tampered with in one of four ways, counted in `exp`.
 */
function charge(n: number, item: Item, quantity: number, exp: Expected) {
  let code = item.code;
  let unitPrice = item.unitPrice;
  let lineTotal = unitPrice * quantity;
  const domesticTotal = item.unitPrice * quantity;
  if (n % VIOLATION_EVERY !== 0) {
    exp.parity++;
    return { code, unitPrice, lineTotal };
  }
  switch ((n / VIOLATION_EVERY) % 4) {
    case 0: // overcharge: a markup on the unit price
      unitPrice = Math.round(item.unitPrice * 1.1);
      lineTotal = unitPrice * quantity;
      exp.overcharge++;
      break;
    case 1: // undercharge: the unit price lowered
      unitPrice = Math.round(item.unitPrice * 0.95);
      lineTotal = unitPrice * quantity;
      exp.undercharge++;
      break;
    case 2: // the line total alone raised
      lineTotal += 1_000;
      exp.overcharge++;
      break;
    default: // a code no version has
      code = `${item.code}-X`;
      exp.unknownCode++;
  }
  if (code === item.code) exp.totalDeviation += lineTotal - domesticTotal;
  return { code, unitPrice, lineTotal };
}

function statements(db: SQLite.Database) {
  const quote = db.prepare(
    `insert into quotes (id, patient_id, hospital_id, consultation_id, status, revision, service_date,
       hospital_currency, patient_currency, medical_total, medical_total_patient, fx, valid_until,
       affirmation_payload, affirmation_signature, affirmation_key_id, withdrawn_reason, created_by, created_at,
       updated_at)
     values (?, ?, ?, null, ?, 1, ?, 'CNY', 'KZT', ?, ?, ?, ?, '{}', 'bench', 'bench', null, ?, ?, ?)`,
  );
  const line = db.prepare(
    `insert into quote_lines (quote_id, line_no, hospital_id, code, name, department_code, service_class, kind,
       unit, quantity, service_date, unit_price, line_total, tariff_version_id, tariff_version)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return { quote, line };
}

/** Writes the lines into `file` (already migrated and seeded); returns the report's expected summary. */
export function bulkLoad(file: string): Expected {
  const db = new SQLite(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("foreign_keys = OFF");
  db.pragma("cache_size = -200000");
  const { v1, v2, v2From, adminId, patientId } = demoRows(db);
  const insert = statements(db);
  const exp: Expected = { lines: 0, parity: 0, overcharge: 0, undercharge: 0, unknownCode: 0, totalDeviation: 0 };
  const fx = JSON.stringify({ from: "CNY", to: "KZT", rate: "70.85", source: "bench", asOf: "2026-11-22" });
  const createdAt = "2026-11-22T10:00:00.000Z";
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    return seed % n;
  };

  const load = db.transaction(() => {
    let n = 0;
    for (let q = 1; n < LINES; q++) {
      const quoteId = `quo_bench${String(q).padStart(9, "0")}`;
      const start = addDays("2026-01-01", rnd(DAYS - LINES_PER_QUOTE));
      const count = Math.min(LINES_PER_QUOTE, LINES - n);
      let total = 0;
      const rows: unknown[][] = [];
      for (let k = 0; k < count; k++) {
        n++;
        const date = addDays(start, k);
        const base = v1[rnd(v1.length)]!;
        const item = date >= v2From ? (v2.get(`${base.code}|${base.department}|${base.serviceClass}`) ?? base) : base;
        const quantity = item.kind === "bed_day" ? 1 + rnd(10) : 1;
        const { code, unitPrice, lineTotal } = charge(n, item, quantity, exp);
        exp.lines++;
        total += lineTotal;
        const { name, department, serviceClass, kind, unit, versionId, version } = item;
        const what = [code, name, department, serviceClass, kind, unit];
        rows.push([quoteId, k + 1, HOSPITAL, ...what, quantity, date, unitPrice, lineTotal, versionId, version]);
      }
      const status = q % 10 === 0 ? "withdrawn" : "open";
      const validUntil = "2026-12-06T10:00:00.000Z";
      const patientTotal = Math.round(total * 0.7085);
      insert.quote.run(
        quoteId,
        patientId,
        HOSPITAL,
        status,
        start,
        total,
        patientTotal,
        fx,
        validUntil,
        adminId,
        createdAt,
        createdAt,
      );
      for (const r of rows) insert.line.run(...r);
    }
  });
  load();
  db.exec("analyze");
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return exp;
}
