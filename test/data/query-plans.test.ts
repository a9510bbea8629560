import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../db/seed/demo";
import { migrateToLatest } from "../../src/data/migrate";
import { matchedLineReads } from "../../src/data/parity-lines-sqlite";
import * as quotes from "../../src/data/quotes-repo";
import type { TariffTerms } from "../../src/data/report-lines";
import type { Database } from "../../src/data/schema";
import { CASES, type Case, H, NOW } from "./query-plan-cases";

/**
 * Every list and report query, built exactly as the repositories build it (run through a Kysely
 * that records the SQL it sends; the embedded report reader's statements recorded as it prepares
 * them), is planned by SQLite with `EXPLAIN QUERY PLAN` over a migrated database whose statistics
 * say the growing tables hold a million rows. A plan fails when it scans a growing table without
 * seeking in an index, or sorts in a temporary B-tree: then a page's cost grows with the table.
 * Plans only: no timing here (speed lives in `npm run bench`).
 */

const ROWS = 1_000_000;

/** Tables that grow with the business's history; the catalog (hospitals, airports, hotels…) does not. */
const GROWING = new Set([
  "itineraries",
  "itinerary_components",
  "itinerary_history",
  "reservations",
  "payments",
  "cancellation_quotes",
  "quotes",
  "quote_lines",
  "consultations",
  "consultation_slots",
  "notifications",
  "patients",
  "flights",
  "tour_departures",
  "webhook_events",
  "idempotency_keys",
  // A rate per pair per day, without end.
  "fx_rates",
]);

/** Distinct values a column holds among ROWS rows (absent: 1,000): what sqlite_stat1 would say after a real ANALYZE. */
const DISTINCT: Record<string, number> = {
  status: 5,
  kind: 5,
  mode: 2,
  resource: 5,
  type: 6,
  service_class: 3,
  hospital_id: 100,
  agency_id: 100,
  department_code: 30,
  origin: 200,
  destination: 200,
  patient_id: 100_000,
  user_id: 100_000,
  itinerary_id: 200_000,
  quote_id: 250_000,
  line_no: 4,
  version: 5,
  code: 2_000,
  tour_id: 50,
  base: 7,
  quote: 7,
};

/** sqlite_stat1 rows for every index of the growing tables, as if each held ROWS rows. */
function fakeStatistics(sqlite: SQLite.Database) {
  sqlite.exec("analyze");
  const indexes = sqlite.prepare("select name, tbl_name from sqlite_schema where type = 'index'").all() as {
    name: string;
    tbl_name: string;
  }[];
  const put = sqlite.prepare("insert into sqlite_stat1 (tbl, idx, stat) values (?, ?, ?)");
  for (const t of GROWING) sqlite.prepare("delete from sqlite_stat1 where tbl = ?").run(t);
  for (const { name, tbl_name: table } of indexes) {
    if (!GROWING.has(table)) continue;
    const info = sqlite.prepare("select name from pragma_index_xinfo(?) where key = 1 order by seqno").all(name) as {
      name: string | null;
    }[];
    const unique =
      (
        sqlite.prepare('select "unique" from pragma_index_list(?) where name = ?').get(table, name) as {
          unique: number;
        }
      ).unique === 1;
    let keys = 1;
    const perKey = info.map((c, i) => {
      if (c.name === "id" || (unique && i === info.length - 1)) keys = ROWS;
      else keys = Math.min(ROWS, keys * (DISTINCT[c.name ?? ""] ?? 1_000));
      return Math.max(1, Math.round(ROWS / keys));
    });
    put.run(table, name, [ROWS, ...perKey].join(" "));
  }
  sqlite.exec("analyze sqlite_schema");
}

interface Plan {
  sql: string;
  rows: string[];
}

/**
 * Why a plan grows with the data, or undefined. `scanOk`: an unfiltered list may walk an index in order (it stops at
 * the page).
 */
function growthIn(plan: Plan, scanOk: boolean | string[], sortOk = false): string | undefined {
  const aliases = new Map<string, string>();
  for (const m of plan.sql.matchAll(/\b(?:from|join)\s+"?(?:temp\.)?(\w+)"?(?:\s+(?:as\s+)?"?(\w+)"?)?/gi))
    aliases.set(m[2] ?? m[1]!, m[1]!);
  for (const row of plan.rows) {
    if (!sortOk && /USE TEMP B-TREE FOR (RIGHT PART OF |LAST TERM OF )?ORDER BY/.test(row)) return `sorts: ${row}`;
    const scan = /^SCAN (?:TABLE )?(\w+)(?: AS (\w+))?(.*)$/.exec(row);
    if (!scan) continue;
    const table = aliases.get(scan[2] ?? scan[1]!) ?? scan[1]!;
    if (!GROWING.has(table)) continue;
    if (!/USING (COVERING )?INDEX/.test(scan[3]!)) return `scans the table: ${row}`;
    if (scanOk === false || (Array.isArray(scanOk) && !scanOk.includes(scan[2] ?? scan[1]!)))
      return `walks a whole index: ${row}`;
  }
  return undefined;
}

type Capture = (sql: string, parameters: readonly unknown[]) => void;

describe("query plans: no list or report query scans or sorts a growing table", () => {
  let dir: string;
  let file: string;
  let db: Kysely<Database>;
  let explain: SQLite.Database;
  let capture: Capture | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "caravan-plans-"));
    file = path.join(dir, "plans.sqlite");
    const sqlite = new SQLite(file);
    sqlite.pragma("journal_mode = WAL");
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqlite }),
      log: (e) => capture?.(e.query.sql, e.query.parameters),
    });
    await migrateToLatest(db);
    await seedDemo(db, { now: NOW, encrypt: async (s) => `enc:${s}` });
    // Two lines so the report's second batch (its keyset query) runs too.
    const version = await db
      .selectFrom("tariff_versions")
      .select(["id", "version"])
      .where("hospital_id", "=", H)
      .orderBy("version")
      .limit(1)
      .executeTakeFirstOrThrow();
    const admin = await db
      .selectFrom("users")
      .select("id")
      .where("role", "=", "admin")
      .limit(1)
      .executeTakeFirstOrThrow();
    await quotes.insertQuote(
      db,
      {
        id: "quo_plan",
        patient_id: "pat_demo_alexander",
        hospital_id: H,
        consultation_id: null,
        status: "open",
        revision: 1,
        service_date: "2026-12-01",
        hospital_currency: "CNY",
        patient_currency: "KZT",
        medical_total: 0,
        medical_total_patient: 0,
        fx: "{}",
        valid_until: "2026-12-31T00:00:00.000Z",
        affirmation_payload: "{}",
        affirmation_signature: "t",
        affirmation_key_id: "t",
        withdrawn_reason: null,
        created_by: admin.id,
        created_at: NOW.toISOString(),
        updated_at: NOW.toISOString(),
      },
      [1, 2].map((n) => ({
        quote_id: "quo_plan",
        line_no: n,
        hospital_id: H,
        code: "BED-WARD",
        name: "{}",
        department_code: "d",
        service_class: "standard",
        kind: "bed",
        unit: "night",
        quantity: 1,
        service_date: `2026-12-0${n}`,
        unit_price: 1,
        line_total: 1,
        tariff_version_id: version.id,
        tariff_version: version.version,
        standard_unit_price: null,
      })),
    );
    fakeStatistics(sqlite);
    explain = new SQLite(file, { readonly: true });
  });

  afterAll(async () => {
    explain?.close();
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const planOf = (sql: string, parameters: readonly unknown[]): Plan => ({
    sql,
    rows: (explain.prepare(`explain query plan ${sql}`).all(...(parameters as unknown[])) as { detail: string }[]).map(
      (r) => r.detail,
    ),
  });

  async function plansOf(c: Case): Promise<Plan[]> {
    const seen: { sql: string; parameters: readonly unknown[] }[] = [];
    capture = (sql, parameters) => {
      if (/^\s*(select|with)\b/i.test(sql)) seen.push({ sql, parameters });
    };
    try {
      await c.run(db);
    } finally {
      capture = undefined;
    }
    return seen.map((q) => planOf(q.sql, q.parameters));
  }

  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const plans = await plansOf(c);
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans)
      expect(
        growthIn(plan, c.scanOk ?? false, c.sortOk !== undefined),
        `${plan.sql}\n${plan.rows.join("\n")}`,
      ).toBeUndefined();
  });

  describe("the embedded report reader's own statements", () => {
    /**
     * Every statement the reader prepares, with null for each parameter (plans do not depend on values without
     * sqlite_stat4).
     */
    function readerPlans(read: () => void): Plan[] {
      const { prepare, exec } = SQLite.prototype;
      const prepared: string[] = [];
      SQLite.prototype.prepare = function (this: SQLite.Database, sql: string) {
        prepared.push(sql);
        return prepare.call(this, sql);
      } as typeof prepare;
      SQLite.prototype.exec = function (this: SQLite.Database, sql: string) {
        prepared.push(sql);
        return exec.call(this, sql);
      } as typeof exec;
      try {
        read();
      } finally {
        Object.assign(SQLite.prototype, { prepare, exec });
      }
      const planner = new SQLite(file, { readonly: true });
      try {
        for (const sql of prepared) if (/^\s*create temp table/i.test(sql)) planner.exec(sql);
        return prepared
          .filter((sql) => /^\s*select/i.test(sql))
          .map((sql) => {
            const named = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1]!))];
            const stmt = planner.prepare(`explain query plan ${sql}`);
            const rows = (
              named.length > 0
                ? stmt.all(Object.fromEntries(named.map((n) => [n, null])))
                : stmt.all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => null))
            ) as { detail: string }[];
            return { sql, rows: rows.map((r) => r.detail) };
          });
      } finally {
        planner.close();
      }
    }

    const terms: TariffTerms = { items: [], inForceFrom: [], generatedAt: NOW.toISOString() };
    const drain = (batches: Iterable<unknown>): void => {
      for (const _ of batches) void _;
    };
    it.each([
      ["matched lines", (): void => drain(matchedLineReads(file, H, "2026-01-01", "2027-12-31", terms, 1))],
    ] as const)("%s", (_, read) => {
      const plans = readerPlans(read);
      expect(plans.length).toBeGreaterThan(1);
      for (const plan of plans) expect(growthIn(plan, false), `${plan.sql}\n${plan.rows.join("\n")}`).toBeUndefined();
    });
  });
});
