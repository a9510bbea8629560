import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll } from "vitest";
import { seedDemo } from "../../db/seed/demo";
import { type DatabaseHandle, openSqlite } from "../../src/data/connect-node";
import { migrateToLatest } from "../../src/data/migrate";

/**
 * A SQLite file for the matched-lines parity report tests: the demo data, then quotes written directly
 * with lines at parity and lines edited behind the engine's back in every way the matching has to refuse.
 */

const NOW = new Date("2026-11-22T10:00:00.000Z");
const encrypt = async (s: string) => `enc:${s}`;
export const H = "hsp_xjph";
export const GENERATED = new Date("2026-12-06T10:00:00.000Z");
/** 5 days × 10 quotes (one of them on the last day only) × every item of both versions (15 each). */
export const LINES = (5 * 9 + 1) * 30;

type TariffItemRow = [string, number, string, string, string, string, number];

/** Stores the loophole in the tariff of H, then returns its items (both versions). */
function tariffItems(raw: SQLite.Database): TariffItemRow[] {
  // The loophole stored in the tariff itself (as if published before the rule): the marked
  // international department's CABG at 10× in version 1. Its lines below are stored at that price.
  raw
    .prepare(
      "update tariff_items set unit_price = unit_price * 10 where tariff_version_id = 'tfv_xjph_1' and code = " +
        "'CARD-CABG' and department_code = 'international_medical_center'",
    )
    .run();
  return raw
    .prepare(
      `select v.id, v.version, v.effective_from, i.code, i.department_code, i.service_class, i.unit_price
         from tariff_items i join tariff_versions v on v.id = i.tariff_version_id
         where v.hospital_id = ? order by v.version, i.code, i.service_class`,
    )
    .raw(true)
    .all(H) as TariffItemRow[];
}

/** Nine quotes of odd ids and statuses, and every item on every day for each of them (and for a missing quote). */
function insertQuotesAndLines(raw: SQLite.Database, items: TariffItemRow[], days: string[]) {
  const quote = raw.prepare(
    `insert into quotes (id, patient_id, hospital_id, consultation_id, status, revision, service_date,
       hospital_currency, patient_currency, medical_total,
       medical_total_patient, fx, valid_until, affirmation_payload, affirmation_signature, affirmation_key_id,
       withdrawn_reason, created_by, created_at, updated_at)
     values (?, 'pat_demo_alexander', ?, null, ?, 1, '2026-01-01', 'CNY', 'KZT', 0, 0, '{}', ?, '{}', 't', 't',
        null, 'usr_admin', ?, ?)`,
  );
  const line = raw.prepare(
    `insert into quote_lines (quote_id, line_no, hospital_id, code, name, department_code, service_class, kind,
       unit, quantity, service_date, unit_price, line_total, tariff_version_id, tariff_version)
     values (?, ?, ?, ?, '{}', ?, ?, 'procedure', 'each', ?, ?, ?, ?, 'tfv', 1)`,
  );
  const at = NOW.toISOString();
  const statuses: [string, string, unknown][] = [
    ["quo_m_open", "open", "2026-12-31T00:00:00.000Z"],
    ["quo_m_expired", "open", "2026-12-01T00:00:00.000Z"],
    ["quo_m_withdrawn", "withdrawn", "2026-12-31T00:00:00.000Z"],
    ["quo_m_stored_expired", "expired", "2026-12-31T00:00:00.000Z"],
    ["quo_m_odd_status", 'on hold, "maybe"', "2026-12-31T00:00:00.000Z"],
    ["quo_m_int_valid", "open", 20261231],
    ['quo_m,"quoted"', "open", "2026-12-31T00:00:00.000Z"],
    ["quo_m_nul\u0000x", "open", "2026-12-31T00:00:00.000Z"],
    ["quo_m_ünï", "open", "2026-12-31T00:00:00.000Z"],
  ];
  for (const [id, status, validUntil] of statuses) quote.run(id, H, status, validUntil, at, at);
  // Every item on every day, for every quote (a missing quote too): some days hold many lines of many quotes.
  const quoteIds = [...statuses.map((s) => s[0]), "quo_m_missing"];
  let lineNo = 0;
  for (const day of days) {
    for (const q of quoteIds) {
      // A quote id holding a NUL makes its whole batch be read row by row: on the last day only.
      if (q.includes("\u0000") && day !== days[days.length - 1]) continue;
      for (const [, , , code, department, serviceClass, unitPrice] of items) {
        lineNo++;
        const quantity = 1 + (lineNo % 3);
        line.run(q, lineNo, H, code, department, serviceClass, quantity, day, unitPrice, unitPrice * quantity);
      }
    }
  }
}

/** Behind the engine's back: one edit per way a line can differ from its item. */
function editLines(raw: SQLite.Database, v2: string) {
  const edit = (set: string, where: string, ...args: unknown[]) =>
    raw.prepare(`update quote_lines set ${set} where ${where}`).run(...args);
  const some = (k: number) =>
    raw
      .prepare(
        "select rowid from quote_lines where quote_id = 'quo_m_open' and service_date = '2026-03-15' order by " +
          "line_no limit 1 offset ?",
      )
      .pluck()
      .get(k);
  edit("unit_price = unit_price + 1, line_total = line_total + quantity", "rowid = ?", some(0)); // overcharge
  edit("unit_price = unit_price - 1, line_total = line_total - quantity", "rowid = ?", some(1)); // undercharge
  edit("line_total = line_total + 7", "rowid = ?", some(2)); // the total alone
  edit("code = code || '-X'", "rowid = ?", some(3)); // unknown code
  edit("department_code = 'other'", "rowid = ?", some(4));
  edit("service_class = 'vip'", "rowid = ?", some(5));
  edit("quantity = 2.5, line_total = unit_price * 2.5", "rowid = ?", some(6)); // a real quantity
  edit("quantity = 2.0, line_total = unit_price * 2", "rowid = ?", some(7)); // a real with an integer value
  edit("unit_price = unit_price * 1.0, line_total = line_total * 1.0", "rowid = ?", some(8));
  edit("quantity = 20000, line_total = unit_price * 20000", "rowid = ?", some(9)); // beyond the packed quantity
  edit("line_no = 2000000", "rowid = ?", some(10)); // beyond the packed line number
  edit("quantity = 0, line_total = 0", "rowid = ?", some(11));
  edit(
    "quantity = -1, line_total = -unit_price",
    "quote_id = 'quo_m_expired' and service_date = ? and line_no = (select min(line_no) from quote_lines where " +
      "quote_id = 'quo_m_expired' and service_date = ?)",
    v2,
    v2,
  );
  edit(
    "code = 'A,\"B\"' || char(10)",
    "quote_id = 'quo_m_open' and service_date = '2027-02-01' and line_no = (select min(line_no) from " +
      "quote_lines where quote_id = 'quo_m_open' and service_date = '2027-02-01')",
  );
}

export interface MatchedFile {
  dir: string;
  file: string;
  h: DatabaseHandle;
}

/** A fresh file in a temporary folder, migrated, seeded and filled; `h` is open on it. */
async function createMatchedFile(): Promise<MatchedFile> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "caravan-parity-matched-"));
  const file = path.join(dir, "caravan.sqlite");
  const h = openSqlite(file);
  await migrateToLatest(h.db);
  await seedDemo(h.db, { now: NOW, encrypt });
  const raw = new SQLite(file);
  try {
    raw.pragma("foreign_keys = OFF");
    // Edits a CHECK would refuse too: the report must judge whatever the file holds.
    raw.pragma("ignore_check_constraints = ON");
    const items = tariffItems(raw);
    const v2 = items.find((i) => i[1] === 2)![2];
    const days = ["2025-12-30", "2026-01-01", "2026-03-15", v2, "2027-02-01"];
    insertQuotesAndLines(raw, items, days);
    editLines(raw, v2);
  } finally {
    raw.close();
  }
  return { dir, file, h };
}

async function removeMatchedFile({ dir, h }: MatchedFile) {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
}

/** Registers hooks that create the file before the group's tests and remove it after; `m` is filled from then. */
export function useMatchedFile(): MatchedFile {
  const m = {} as MatchedFile;
  beforeAll(async () => {
    Object.assign(m, await createMatchedFile());
  });
  afterAll(() => removeMatchedFile(m));
  return m;
}
