/**
 * The growth benchmark's rows, generated straight into a seeded SQLite file in SQL (recursive
 * CTEs, one transaction per table): `size` itineraries with a history row each, `size` medical
 * lines on `size / 4` quotes (the report's month always holds the same 400), `size` flights on the
 * searched route on earlier dates, and `size / 1000` days of daily FX rates for every pair.
 */
import SQLite from "better-sqlite3";
import { fmt } from "../common";

export const HOSPITAL = "hsp_xjph";
const OTHER_HOSPITAL = "hsp_zju4";
export const MONTH = { from: "2026-12-01", to: "2026-12-31" };
const MONTH_QUOTES = 100;
const LINES_PER_QUOTE = 4;

type Step = (what: string, sql: string, params: Record<string, unknown>) => void;

const SERIES = "with recursive n(i) as (select 1 union all select i + 1 from n where i < @count)";
/** Days before the report's month (1966…1998), for the history rows. */
const HISTORY_DAY = "date('1966-01-01', '+' || (i % 12000) || ' days')";

/** Indexes are dropped while the rows go in and rebuilt after (one sort each, not a million seeks). */
function dropIndexes(db: SQLite.Database): { name: string; sql: string }[] {
  const tables = ["itineraries", "itinerary_history", "quotes", "quote_lines", "flights"];
  const indexes = db
    .prepare(
      `select name, sql from sqlite_schema
        where type = 'index' and sql is not null and tbl_name in (${tables.map(() => "?").join(", ")})`,
    )
    .all(...tables) as { name: string; sql: string }[];
  for (const { name } of indexes) db.exec(`drop index "${name}"`);
  return indexes;
}

/** Itineraries: ids after the API's (`itn_0g…` > `itn_01…`), so each list's first page is of these. */
function itineraries(step: Step, size: number, templateId: string): void {
  step(
    "itineraries",
    `${SERIES} insert into itineraries (id, patient_id, agency_id, hospital_id, quote_id, status, version,
       patient_currency, travelers, hold_expires_at, notes, created_by, created_at, updated_at)
       select printf('itn_0g%09d', i), t.patient_id, case when i % 4 = 0 then t.agency_id else 'agn_bench_other' end,
              case when i % 3 = 0 then t.hospital_id else '${OTHER_HOSPITAL}' end, null,
              case i % 5 when 0 then 'draft' when 1 then 'confirmed' when 2 then 'cancelled'
                when 3 then 'completed' else 'draft' end,
              t.version, t.patient_currency, t.travelers, null, t.notes, t.created_by, t.created_at, t.updated_at
         from n, (select * from itineraries where id = @template) t`,
    { count: size, template: templateId },
  );
  step(
    "history rows",
    `${SERIES} insert into itinerary_history (id, itinerary_id, version, action, actor_user_id, actor_role, at,
       summary, before, after)
       select printf('hst_0g%09d', i), printf('itn_0g%09d', i), 1, 'created', null, 'agent',
              '2026-01-01T00:00:00.000Z', 'Created.', null, null from n`,
    { count: size },
  );
}

interface Item {
  versionId: string;
  version: number;
  code: string;
  department: string;
  serviceClass: string;
  kind: string;
  unit: string;
  unitPrice: number;
}

const quoteSql = (idFormat: string, dayExpr: string) =>
  `${SERIES} insert into quotes (id, patient_id, hospital_id, consultation_id, status, revision, service_date,
     hospital_currency, patient_currency, medical_total, medical_total_patient, fx, valid_until, affirmation_payload,
     affirmation_signature, affirmation_key_id, withdrawn_reason, created_by, created_at, updated_at)
     select printf('${idFormat}', i), 'pat_demo_alexander', '${HOSPITAL}', null,
            case when i % 7 = 0 then 'withdrawn' else 'open' end, 1, ${dayExpr},
            'CNY', 'KZT', 0, 0, '{}', '2027-06-30T00:00:00.000Z', '{}', 'bench', 'bench', null, @admin,
            '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' from n`;

const lineSql = (idFormat: string, dayExpr: string) =>
  `${SERIES}, k(j) as (select 1 union all select j + 1 from k where j < ${LINES_PER_QUOTE})
   insert into quote_lines (quote_id, line_no, hospital_id, code, name, department_code, service_class, kind, unit,
     quantity, service_date, unit_price, line_total, tariff_version_id, tariff_version)
     select printf('${idFormat}', i), j, '${HOSPITAL}', @code, '{}', @department, @serviceClass, @kind, @unit, 1,
            date(${dayExpr}, '+' || (j - 1) || ' days'), @unitPrice, @unitPrice, @versionId, @version from n, k`;

/**
 * Quotes of hsp_xjph, four lines each on consecutive days before the report's month (1966…1998),
 * then the month's own 100 quotes (400 lines), the same at every size.
 */
function quotes(db: SQLite.Database, step: Step, size: number): void {
  const item = db
    .prepare(
      `select v.id as versionId, v.version, i.code, i.department_code as department, i.service_class as serviceClass,
              i.kind, i.unit, i.unit_price as unitPrice
         from tariff_items i join tariff_versions v on v.id = i.tariff_version_id
        where v.hospital_id = ? and v.effective_from <= ?
        order by v.effective_from desc, v.version desc, i.code limit 1`,
    )
    .get(HOSPITAL, MONTH.from) as Item;
  const admin = (db.prepare("select id from users where role = 'admin' order by id limit 1").get() as { id: string })
    .id;
  const count = Math.max(0, Math.floor(size / LINES_PER_QUOTE) - MONTH_QUOTES);
  const monthDay = `date('${MONTH.from}', '+' || (i % 27) || ' days')`;
  const line = { ...item };
  step("quotes (history)", quoteSql("quo_0gh%09d", HISTORY_DAY), { count, admin });
  step("medical lines (history)", lineSql("quo_0gh%09d", HISTORY_DAY), { count, ...line });
  step("quotes (the report's month)", quoteSql("quo_0gm%09d", monthDay), { count: MONTH_QUOTES, admin });
  step("medical lines (the report's month)", lineSql("quo_0gm%09d", monthDay), { count: MONTH_QUOTES, ...line });
}

/** Flights on the searched route on earlier dates (1966…1998), and the FX history. */
function flightsAndRates(step: Step, size: number, templateId: string): void {
  step(
    "flights",
    `${SERIES} insert into flights (id, carrier, flight_number, origin, destination, departs_at, arrives_at,
       origin_local_date, cabin, seats_total, seats_left, fare_amount, fare_currency)
       select printf('flt_0g%09d', i), f.carrier, f.flight_number, f.origin, f.destination,
              ${HISTORY_DAY} || 'T08:00:00.000Z', ${HISTORY_DAY} || 'T10:00:00.000Z', ${HISTORY_DAY},
              f.cabin, 180, 180, f.fare_amount, f.fare_currency
         from n, (select * from flights where id = @template) f`,
    { count: size, template: templateId },
  );
  // A rate a day per stored pair, `size / 1000` days before the seeded ones (10 days at 10k, 1,000
  // at 1M): daily rates pile up as the business ages, as the other tables do.
  step(
    "FX rates",
    `${SERIES} insert or ignore into fx_rates (base, quote, as_of, rate, source)
       select r.base, r.quote, date(r.first, '-' || i || ' days'), r.rate, 'bench history'
         from n, (select base, quote, min(as_of) as first, min(rate) as rate from fx_rates group by base, quote) r`,
    { count: Math.max(1, Math.floor(size / 1000)) },
  );
}

/** Rows written straight into the file, in SQL: what took how long, for the log. */
export function generate(file: string, size: number, template: { itineraryId: string; flightId: string }): string[] {
  const db = new SQLite(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("foreign_keys = OFF");
  db.pragma("cache_size = -200000");
  const done: string[] = [];
  const step: Step = (what, sql, params) => {
    const t0 = performance.now();
    const n = db.transaction(() => db.prepare(sql).run(params).changes)();
    done.push(`${fmt(n)} ${what} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  const indexes = dropIndexes(db);
  db.prepare(
    `insert or ignore into agencies (id, name, country, fee_currency, created_at)
     values ('agn_bench_other', 'Other agency', 'KZ', 'KZT', '2026-01-01T00:00:00.000Z')`,
  ).run();
  itineraries(step, size, template.itineraryId);
  quotes(db, step, size);
  flightsAndRates(step, size, template.flightId);

  const t0 = performance.now();
  for (const { sql } of indexes) db.exec(sql);
  done.push(`${indexes.length} indexes rebuilt in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  db.close();
  return done;
}
