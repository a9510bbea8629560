/**
 * `npm run bench` (third part): costs that stay flat as data grows (issue 12).
 *
 * For each size (BENCH_GROWTH_SIZES, default "10000,1000000") a fresh SQLite file (WAL) is
 * migrated and seeded as the Node entry does, a patient and a few drafts are made over the API,
 * and then rows are generated straight into the file, in SQL (recursive CTEs, one transaction per
 * table): `size` itineraries (a quarter the demo agency's, a third hsp_xjph's) with one history
 * row each, `size` medical lines of hsp_xjph on `size / 4` quotes spread over earlier years (the
 * report's month, 2026-12, always holds the same 400 lines), `size` flights on the searched
 * route on earlier dates, and `size / 1000` days of daily FX rates for every seeded pair. The same requests then run in-process (`app.request` on the app the
 * Node entry builds, with the report's lines read on the calling thread): each workload's CPU
 * time per request (process CPU, all threads, median of BENCH_GROWTH_ROUNDS rounds). The table
 * prints each workload at every size and the ratio of the largest to the smallest: goal ≤ 1.2×.
 *
 * Not a test: about two minutes at the default sizes. Always exits 0 (goals missed are printed).
 * Options: BENCH_GROWTH_SIZES, BENCH_GROWTH_REQUESTS (per round, default 200; reports and holds
 * take a quarter), BENCH_GROWTH_ROUNDS (default 3), BENCH_KEEP=1 (keep the temporary directories).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { seedDemo } from "../db/seed/demo";
import { createApp } from "../src/app";
import { openSqlite } from "../src/data/connect-node";
import { sqliteLineSource } from "../src/data/parity-lines-sqlite";
import { migrateToLatest } from "../src/data/migrate";
import { buildNodeDeps } from "../src/entry/node-deps";
import { parseEnv } from "../src/env";

const SIZES = (process.env.BENCH_GROWTH_SIZES ?? "10000,1000000").split(",").map(Number);
const REQUESTS = Number(process.env.BENCH_GROWTH_REQUESTS ?? 200);
const ROUNDS = Number(process.env.BENCH_GROWTH_ROUNDS ?? 3);
const GOAL = 1.2;
const HOSPITAL = "hsp_xjph";
const OTHER_HOSPITAL = "hsp_zju4";
const AGENT = "cvn_demo_agent_silkroad";
const BILLING = "cvn_demo_billing_xjph";
const MONTH = { from: "2026-12-01", to: "2026-12-31" };
const MONTH_QUOTES = 100;
const LINES_PER_QUOTE = 4;

const log = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

type App = ReturnType<typeof createApp>;

async function call(
  app: App,
  method: string,
  p: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await app.request(p, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
      ...opts.headers,
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, text };
}

async function must(app: App, method: string, p: string, expected: number, opts: Parameters<typeof call>[3] = {}) {
  const r = await call(app, method, p, opts);
  if (r.status !== expected)
    throw new Error(`${method} ${p}: expected ${expected}, got ${r.status}: ${r.text.slice(0, 600)}`);
  return JSON.parse(r.text) as any;
}

/** Rows written straight into the file, in SQL: what took how long, for the log. */
function generate(file: string, size: number, template: { itineraryId: string; flightId: string }): string[] {
  const db = new SQLite(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("foreign_keys = OFF");
  db.pragma("cache_size = -200000");
  const done: string[] = [];
  const step = (what: string, sql: string, params: Record<string, unknown>) => {
    const t0 = performance.now();
    const n = db.transaction(() => db.prepare(sql).run(params).changes)();
    done.push(`${fmt(n)} ${what} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  const series = "with recursive n(i) as (select 1 union all select i + 1 from n where i < @count)";
  // Indexes are dropped while the rows go in and rebuilt after (one sort each, not a million seeks).
  const tables = ["itineraries", "itinerary_history", "quotes", "quote_lines", "flights"];
  const indexes = db
    .prepare(
      `select name, sql from sqlite_schema where type = 'index' and sql is not null and tbl_name in (${tables.map(() => "?").join(", ")})`,
    )
    .all(...tables) as { name: string; sql: string }[];
  for (const { name } of indexes) db.exec(`drop index "${name}"`);
  db.prepare(
    "insert or ignore into agencies (id, name, country, fee_currency, created_at) values ('agn_bench_other', 'Other agency', 'KZ', 'KZT', '2026-01-01T00:00:00.000Z')",
  ).run();

  // Itineraries: ids after the API's (`itn_0g…` > `itn_01…`), so each list's first page is of these.
  step(
    "itineraries",
    `${series} insert into itineraries (id, patient_id, agency_id, hospital_id, quote_id, status, version, patient_currency, travelers, hold_expires_at, notes, created_by, created_at, updated_at)
       select printf('itn_0g%09d', i), t.patient_id, case when i % 4 = 0 then t.agency_id else 'agn_bench_other' end,
              case when i % 3 = 0 then t.hospital_id else '${OTHER_HOSPITAL}' end, null,
              case i % 5 when 0 then 'draft' when 1 then 'confirmed' when 2 then 'cancelled' when 3 then 'completed' else 'draft' end,
              t.version, t.patient_currency, t.travelers, null, t.notes, t.created_by, t.created_at, t.updated_at
         from n, (select * from itineraries where id = @template) t`,
    { count: size, template: template.itineraryId },
  );
  step(
    "history rows",
    `${series} insert into itinerary_history (id, itinerary_id, version, action, actor_user_id, actor_role, at, summary, before, after)
       select printf('hst_0g%09d', i), printf('itn_0g%09d', i), 1, 'created', null, 'agent', '2026-01-01T00:00:00.000Z', 'Created.', null, null from n`,
    { count: size },
  );

  // Quotes of hsp_xjph, four lines each on consecutive days before the report's month (1966…1998),
  // then the month's own 100 quotes (400 lines), the same at every size.
  const item = db
    .prepare(
      `select v.id as versionId, v.version, i.code, i.department_code as department, i.service_class as serviceClass, i.kind, i.unit, i.unit_price as unitPrice
         from tariff_items i join tariff_versions v on v.id = i.tariff_version_id
        where v.hospital_id = ? and v.effective_from <= ? order by v.effective_from desc, v.version desc, i.code limit 1`,
    )
    .get(HOSPITAL, MONTH.from) as {
    versionId: string;
    version: number;
    code: string;
    department: string;
    serviceClass: string;
    kind: string;
    unit: string;
    unitPrice: number;
  };
  const admin = (db.prepare("select id from users where role = 'admin' order by id limit 1").get() as { id: string })
    .id;
  const quotes = Math.max(0, Math.floor(size / LINES_PER_QUOTE) - MONTH_QUOTES);
  const quoteSql = (idFormat: string, dayExpr: string) =>
    `${series} insert into quotes (id, patient_id, hospital_id, consultation_id, status, revision, service_date, hospital_currency, patient_currency,
       medical_total, medical_total_patient, fx, valid_until, affirmation_payload, affirmation_signature, affirmation_key_id, withdrawn_reason, created_by, created_at, updated_at)
       select printf('${idFormat}', i), 'pat_demo_alexander', '${HOSPITAL}', null, case when i % 7 = 0 then 'withdrawn' else 'open' end, 1, ${dayExpr},
              'CNY', 'KZT', 0, 0, '{}', '2027-06-30T00:00:00.000Z', '{}', 'bench', 'bench', null, @admin, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' from n`;
  const lineSql = (idFormat: string, dayExpr: string) =>
    `${series}, k(j) as (select 1 union all select j + 1 from k where j < ${LINES_PER_QUOTE})
     insert into quote_lines (quote_id, line_no, hospital_id, code, name, department_code, service_class, kind, unit, quantity, service_date, unit_price, line_total, tariff_version_id, tariff_version)
       select printf('${idFormat}', i), j, '${HOSPITAL}', @code, '{}', @department, @serviceClass, @kind, @unit, 1, date(${dayExpr}, '+' || (j - 1) || ' days'),
              @unitPrice, @unitPrice, @versionId, @version from n, k`;
  const historyDay = "date('1966-01-01', '+' || (i % 12000) || ' days')";
  const monthDay = `date('${MONTH.from}', '+' || (i % 27) || ' days')`;
  const lineParams = {
    code: item.code,
    department: item.department,
    serviceClass: item.serviceClass,
    kind: item.kind,
    unit: item.unit,
    unitPrice: item.unitPrice,
    versionId: item.versionId,
    version: item.version,
  };
  step("quotes (history)", quoteSql("quo_0gh%09d", historyDay), { count: quotes, admin });
  step("medical lines (history)", lineSql("quo_0gh%09d", historyDay), { count: quotes, ...lineParams });
  step("quotes (the report's month)", quoteSql("quo_0gm%09d", monthDay), { count: MONTH_QUOTES, admin });
  step("medical lines (the report's month)", lineSql("quo_0gm%09d", monthDay), { count: MONTH_QUOTES, ...lineParams });

  // Flights on the searched route, on earlier dates (1966…1998).
  step(
    "flights",
    `${series} insert into flights (id, carrier, flight_number, origin, destination, departs_at, arrives_at, origin_local_date, cabin, seats_total, seats_left, fare_amount, fare_currency)
       select printf('flt_0g%09d', i), f.carrier, f.flight_number, f.origin, f.destination, ${historyDay} || 'T08:00:00.000Z', ${historyDay} || 'T10:00:00.000Z', ${historyDay},
              f.cabin, 180, 180, f.fare_amount, f.fare_currency
         from n, (select * from flights where id = @template) f`,
    { count: size, template: template.flightId },
  );
  // FX history: a rate a day per stored pair, `size / 1000` days before the seeded ones (10 days at
  // 10k, 1,000 at 1M): daily rates pile up as the business ages, as the other tables do.
  step(
    "FX rates",
    `${series} insert or ignore into fx_rates (base, quote, as_of, rate, source)
       select r.base, r.quote, date(r.first, '-' || i || ' days'), r.rate, 'bench history'
         from n, (select base, quote, min(as_of) as first, min(rate) as rate from fx_rates group by base, quote) r`,
    { count: Math.max(1, Math.floor(size / 1000)) },
  );

  const t0 = performance.now();
  for (const { sql } of indexes) db.exec(sql);
  done.push(`${indexes.length} indexes rebuilt in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  db.close();
  return done;
}

interface Workload {
  name: string;
  /** Requests per round, relative to REQUESTS. */
  share: number;
  run(i: number): Promise<void>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One round of `n` requests: CPU milliseconds per request (this process, all threads) and wall milliseconds per request. */
async function round(w: Workload, n: number, from: number): Promise<{ cpuMs: number; wallMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await w.run(from + i);
  const c = process.cpuUsage(c0);
  return { cpuMs: (c.user + c.system) / 1000 / n, wallMs: (performance.now() - t0) / n };
}

const requestsOf = (w: Workload) => Math.max(5, Math.round(REQUESTS * w.share));

interface Setup {
  size: number;
  workloads: Workload[];
  close(): Promise<void>;
}

async function setUp(size: number): Promise<Setup> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "caravan-growth-"));
  const remove = () => {
    if (process.env.BENCH_KEEP === "1") log(`growth: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
  try {
    const env = parseEnv({ DATA_DIR: dir, LOG_LEVEL: "warn" });
    const file = path.join(dir, "caravan.sqlite");
    const handle = openSqlite(file);
    const { deps } = await buildNodeDeps(env, { handle });
    await migrateToLatest(handle.db);
    await seedDemo(handle.db, { now: deps.clock.now(), encrypt: deps.cipher.encrypt });
    // The report's lines read on the calling thread: a thread's start (about as dear as a month's
    // report, and more so under tsx) is the same at every size and would hide how the read grows.
    const app = createApp({ ...deps, reportLines: sqliteLineSource(file) });

    // A flight on the searched route with seats for every hold, and a patient of the demo agency.
    const raw = new SQLite(file);
    const flight = raw
      .prepare(
        "select id, origin, destination, origin_local_date as day from flights where origin = 'ALA' and destination = 'URC' and origin_local_date >= date('now', '+10 days') order by departs_at limit 1",
      )
      .get() as { id: string; origin: string; destination: string; day: string };
    raw.prepare("update flights set seats_total = 1000000, seats_left = 1000000 where id = ?").run(flight.id);
    raw.close();
    const signUp = await must(app, "POST", "/v1/patients", 201, {
      token: AGENT,
      body: {
        fullName: "Growth Bench",
        email: `growth-${size}@example.kz`,
        nationality: "KZ",
        homeCity: "Almaty",
        language: "ru",
        languages: ["kk"],
        currency: "KZT",
        passportNumber: "N12345678",
      },
    });
    const body = {
      patientId: signUp.patient.id as string,
      hospitalId: HOSPITAL,
      travelers: [{ fullName: "Growth Bench", role: "patient" }],
      components: [{ type: "flight", flightId: flight.id }],
    };
    const create = async () => {
      const it = await must(app, "POST", "/v1/itineraries", 201, { token: AGENT, body });
      return { id: it.id as string, version: it.version as number };
    };
    const template = await create();

    log(`growth ${fmt(size)}: generating rows …`);
    for (const line of generate(file, size, { itineraryId: template.id, flightId: flight.id })) log(`  ${line}`);

    // Drafts for the holds, made after the generated rows (so they are each list's newest).
    const holdCount = requestsOf({ share: 0.25 } as Workload) * (ROUNDS + 1) + 1;
    const drafts: { id: string; version: number }[] = [];
    for (let i = 0; i < holdCount; i++) drafts.push(await create());
    const viewed = drafts[0]!.id;

    const get = (p: string | ((i: number) => string), token: string) => async (i: number) => {
      const url = typeof p === "string" ? p : p(i);
      const r = await call(app, "GET", url, { token });
      if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${r.text.slice(0, 300)}`);
    };
    // Generated itineraries the agent may see (i % 4 = 0), spread over the whole table.
    const spread = (i: number) => `itn_0g${String(4 * (1 + ((i * 7919) % Math.floor(size / 4)))).padStart(9, "0")}`;
    let held = 1;
    const workloads: Workload[] = [
      { name: "list itineraries (agent)", share: 1, run: get("/v1/itineraries?limit=20", AGENT) },
      { name: "list itineraries (hospital billing)", share: 1, run: get("/v1/itineraries?limit=20", BILLING) },
      {
        name: "list itineraries (agent, status=draft)",
        share: 1,
        run: get("/v1/itineraries?limit=20&status=draft", AGENT),
      },
      { name: "list consultations (agent)", share: 1, run: get("/v1/consultations?limit=20", AGENT) },
      { name: "list quotes (hospital billing)", share: 1, run: get("/v1/quotes?limit=20", BILLING) },
      { name: "GET itinerary (one, with a flight)", share: 1, run: get(`/v1/itineraries/${viewed}`, AGENT) },
      { name: "GET itinerary (any of the table's)", share: 1, run: get((i) => `/v1/itineraries/${spread(i)}`, AGENT) },
      {
        name: "flight search",
        share: 1,
        run: get(
          `/v1/flights?origin=${flight.origin}&destination=${flight.destination}&date=${flight.day}&passengers=1`,
          AGENT,
        ),
      },
      {
        name: "one-month parity report (CSV)",
        share: 0.25,
        run: get(`/v1/hospitals/${HOSPITAL}/parity-report?from=${MONTH.from}&to=${MONTH.to}&format=csv`, BILLING),
      },
      {
        name: "hold",
        share: 0.25,
        run: async () => {
          const d = drafts[held++]!;
          const r = await call(app, "POST", `/v1/itineraries/${d.id}/hold`, {
            token: AGENT,
            headers: { "if-match": `"${d.version}"` },
          });
          if (r.status !== 200) throw new Error(`hold ${d.id}: ${r.status} ${r.text.slice(0, 300)}`);
        },
      },
    ];
    return {
      size,
      workloads,
      close: async () => {
        await handle.close();
        remove();
      },
    };
  } catch (e) {
    remove();
    throw e;
  }
}

async function main() {
  const setups: Setup[] = [];
  try {
    for (const size of SIZES) setups.push(await setUp(size));
    // Sizes interleaved round by round (after a warm-up round each), so that neither gains from
    // running later in a warmer process nor loses to a busier moment of the machine.
    const costs = new Map<string, number[][]>();
    for (const [w, name] of setups[0]!.workloads.map((w) => [w, w.name] as const)) {
      const n = requestsOf(w);
      const bySize: number[][] = setups.map(() => []);
      for (let r = 0; r <= ROUNDS; r++) {
        for (const [k, setup] of setups.entries()) {
          const m = await round(setup.workloads.find((x) => x.name === name)!, n, r * n);
          if (r > 0) bySize[k]!.push(m.cpuMs);
        }
      }
      costs.set(name, bySize);
      log(`  ${name}: ${bySize.map((c, k) => `${median(c).toFixed(3)} ms at ${fmt(SIZES[k]!)}`).join(", ")}`);
    }
    const first = SIZES[0]!;
    const last = SIZES[SIZES.length - 1]!;
    const header = [
      "workload",
      ...SIZES.map((s) => `CPU ms/req at ${fmt(s)}`),
      `ratio ${fmt(last)}/${fmt(first)}`,
      `goal ≤ ${GOAL}×`,
    ];
    const rows = [...costs].map(([name, bySize]) => {
      const c = bySize.map(median);
      const ratio = c[c.length - 1]! / c[0]!;
      return [name, ...c.map((x) => x.toFixed(3)), `${ratio.toFixed(2)}×`, ratio <= GOAL ? "met" : "MISSED"];
    });
    const out = [
      `| ${header.join(" | ")} |`,
      `|${header.map(() => "---").join("|")}|`,
      ...rows.map((r) => `| ${r.join(" | ")} |`),
    ];
    process.stdout.write(
      `\nGrowth: CPU time per request (this process, all threads; median of ${ROUNDS} rounds, sizes interleaved)\n${out.join("\n")}\n`,
    );
    const missed = rows.filter((r) => r[r.length - 1] === "MISSED").length;
    if (missed > 0) process.stdout.write(`${missed} workload(s) above ${GOAL}×\n`);
  } finally {
    for (const s of setups) await s.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
