import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../db/seed/demo";
import { type DatabaseHandle, openSqlite } from "../../src/data/connect-node";
import { migrateToLatest } from "../../src/data/migrate";
import { matchedLineBatches, sqliteLineSource } from "../../src/data/parity-lines-sqlite";
import { threadBundle, threadedLineSource, threadedMatchedBatches } from "../../src/data/parity-lines-threaded";
import {
  type MatchedLineBatch,
  quoteIdsOf,
  type ReportLineSource,
  type TariffTerms,
} from "../../src/data/report-lines";
import { loadTariffVersions } from "../../src/data/tariffs-repo";
import { createParityIndex } from "../../src/domain/parity/parity-index";
import { memoryLogger } from "../../src/ports/logger";
import { parityOverview, parityReport, reportBytes } from "../../src/services/parity/index";
import { createApp } from "../../src/app";
import { buildNodeDeps } from "../../src/entry/node-deps";
import { parseEnv } from "../../src/env";

const NOW = new Date("2026-11-22T10:00:00.000Z");
const encrypt = async (s: string) => `enc:${s}`;
const H = "hsp_xjph";

/**
 * The embedded reader's matched batches against the report the keyset path writes: the same bytes,
 * CSV and JSON, and the same summary, over lines at parity and lines edited behind the engine's
 * back in every way the matching has to refuse (each must fall back to the general judgement).
 */
describe("parity report on a SQLite file: matched lines give the same report as the keyset path", () => {
  let dir: string;
  let file: string;
  let h: DatabaseHandle;
  const GENERATED = new Date("2026-12-06T10:00:00.000Z");
  /** 5 days × 10 quotes (one of them on the last day only) × every item of both versions (15 each). */
  const LINES = (5 * 9 + 1) * 30;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "caravan-parity-matched-"));
    file = path.join(dir, "caravan.sqlite");
    h = openSqlite(file);
    await migrateToLatest(h.db);
    await seedDemo(h.db, { now: NOW, encrypt });
    const raw = new SQLite(file);
    try {
      raw.pragma("foreign_keys = OFF");
      // Edits a CHECK would refuse too: the report must judge whatever the file holds.
      raw.pragma("ignore_check_constraints = ON");
      // The loophole stored in the tariff itself (as if published before the rule): the marked
      // international department's CABG at 10× in version 1. Its lines below are stored at that price.
      raw
        .prepare(
          "update tariff_items set unit_price = unit_price * 10 where tariff_version_id = 'tfv_xjph_1' and code = " +
            "'CARD-CABG' and department_code = 'international_medical_center'",
        )
        .run();
      const items = raw
        .prepare(
          `select v.id, v.version, v.effective_from, i.code, i.department_code, i.service_class, i.unit_price
             from tariff_items i join tariff_versions v on v.id = i.tariff_version_id
             where v.hospital_id = ? order by v.version, i.code, i.service_class`,
        )
        .raw(true)
        .all(H) as [string, number, string, string, string, string, number][];
      const v2 = items.find((i) => i[1] === 2)![2];
      const days = ["2025-12-30", "2026-01-01", "2026-03-15", v2, "2027-02-01"];
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
      // Behind the engine's back: one edit per way a line can differ from its item.
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
    } finally {
      raw.close();
    }
  });
  afterAll(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const actor = { userId: "usr_test", role: "admin" as const, displayName: "test" };
  const noScope = { agencyId: null, hospitalId: null, patientId: null };
  /** The whole report as the route sends it (`reportBytes`), decoded. */
  async function report(
    reportLines: ReportLineSource | undefined,
    format: "csv" | "json",
    range = { from: "2025-01-01", to: "2027-12-31" },
  ) {
    const env = parseEnv({ DATA_DIR: dir, LOG_LEVEL: "warn" });
    const { deps } = await buildNodeDeps(env, { handle: h, clock: { now: () => GENERATED } });
    const ctx = { ...deps, reportLines, actor: { ...actor, ...noScope } };
    const r = await parityReport({ ctx, input: { hospitalId: H, ...range } });
    const chunks: Uint8Array[] = [];
    for await (const chunk of reportBytes(r, format)) chunks.push(chunk);
    return { text: Buffer.concat(chunks).toString("utf8"), summary: r.summary() };
  }
  /** The lines of a JSON report. */
  const linesOf = (json: string) => (JSON.parse(json) as { lines: Record<string, unknown>[] }).lines;
  /** The embedded reader with a given batch size (so batches end inside a day and inside a quote). */
  const matchedBy = (size: number, statusesPerStep?: number) =>
    sqliteLineSource(file, { batchSize: size, statusesPerStep });
  /** The same, read on its own thread (what the wired source does, with the default batch size). */
  const threadedBy = (size: number) => threadedLineSource(file, { batchSize: size, threads: 64 });

  it.each(["csv", "json"] as const)("%s: byte for byte, whatever the batch size", async (format) => {
    const keyset = await report(undefined, format);
    expect(keyset.summary.lines).toBe(LINES);
    expect(keyset.summary.verdict).toBe("violations");
    expect(keyset.summary.noTariffInForce).toBe(9 * 30);
    const wired = (await buildNodeDeps(parseEnv({ DATA_DIR: dir, LOG_LEVEL: "warn" }), { handle: h })).deps.reportLines;
    expect(wired).toBeDefined();
    // matchedBy(…, 2): the quotes' statuses read into the report's dictionary two by two (a chunk with the NUL id row
    // by row).
    for (const source of [
      wired,
      matchedBy(1),
      matchedBy(7),
      matchedBy(150),
      matchedBy(4096),
      matchedBy(7, 2),
      matchedBy(4096, 3),
      threadedBy(1),
      threadedBy(150),
    ]) {
      const got = await report(source, format);
      expect(got.summary).toEqual(keyset.summary);
      expect(got.text).toBe(keyset.text);
    }
    if (format === "json") expect(linesOf(keyset.text)).toHaveLength(LINES);
    else expect(keyset.text.split("\r\n\r\n")[0]!.split("\r\n")).toHaveLength(LINES + 1);
  });

  it("the web page's overview: the API's summary, days and deviating lines from every source", async () => {
    // The page's longest range, ending on the last day with lines.
    const all = linesOf((await report(undefined, "json")).text).map((l) => String(l.serviceDate));
    const to = all[all.length - 1]!;
    const from = new Date(Date.parse(to) - 366 * 86_400_000).toISOString().slice(0, 10);
    const api = await report(undefined, "json", { from, to });
    expect(api.summary.lines).toBeGreaterThan(100);
    const overview = async (reportLines: ReportLineSource | undefined, page: number) => {
      const { deps } = await buildNodeDeps(parseEnv({ DATA_DIR: dir, LOG_LEVEL: "warn" }), {
        handle: h,
        clock: { now: () => GENERATED },
      });
      const ctx = { ...deps, reportLines, actor: { ...actor, ...noScope } };
      const o = await parityOverview({ ctx, input: { hospitalId: H, from, to, page } });
      return o.run();
    };
    const keyset = await overview(undefined, 1);
    expect(keyset.summary).toEqual(api.summary);
    // Every line not at parity, as the API report lists them (first page).
    const deviating = linesOf(api.text).filter((l) => l.verdict !== "parity");
    expect(keyset.deviating.total).toBe(deviating.length);
    expect(keyset.deviating.lines).toEqual(deviating.slice(0, keyset.deviating.pageSize));
    expect(keyset.days.reduce((n, d) => n + d.overcharge + d.undercharge + d.unpriced, 0)).toBe(deviating.length);
    for (const source of [matchedBy(7), matchedBy(4096), threadedBy(150)]) {
      for (const page of [1, 2]) {
        const got = await overview(source, page);
        const want = page === 1 ? keyset : await overview(undefined, page);
        expect(got).toEqual(want);
      }
    }
  });

  it.each(["text/csv", "application/json"])(
    "over HTTP (%s): the same bytes from the wired reader as from the keyset path",
    async (accept) => {
      const env = parseEnv({ DATA_DIR: dir, LOG_LEVEL: "warn" });
      const { deps } = await buildNodeDeps(env, { handle: h, clock: { now: () => GENERATED } });
      expect(deps.reportLines).toBeDefined();
      const get = async (app: ReturnType<typeof createApp>) => {
        const res = await app.request(`/v1/hospitals/${H}/parity-report?from=2025-01-01&to=2027-12-31`, {
          headers: { Authorization: "Bearer cvn_demo_billing_xjph", Accept: accept },
        });
        expect(res.status).toBe(200);
        return new Uint8Array(await res.arrayBuffer());
      };
      const wired = await get(createApp(deps));
      const keyset = await get(createApp({ ...deps, reportLines: undefined }));
      expect(wired.byteLength).toBe(keyset.byteLength);
      expect(Buffer.from(wired).equals(Buffer.from(keyset))).toBe(true);
      // Small batches: many hold only quote ids that need no escaping, and go out as bytes written directly (with
      // other lines among them).
      for (const source of [matchedBy(1), matchedBy(7), matchedBy(150, 2), threadedBy(7)]) {
        const small = await get(createApp({ ...deps, reportLines: source }));
        expect(Buffer.from(small).equals(Buffer.from(keyset))).toBe(true);
      }
      // Non-ASCII text from the database arrives as UTF-8.
      expect(new TextDecoder().decode(wired)).toContain("quo_m_ünï");
    },
  );

  const tenTimes = "a line stored at a marked department's 10× item is an overcharge against the standard price";
  it(`${tenTimes}, matched or not`, async () => {
    const v1Days = ["2026-01-01", "2026-03-15"];
    const intl = (text: string) =>
      (
        linesOf(text) as unknown as {
          department: string;
          code: string;
          serviceDate: string;
          verdict: string;
          domesticUnitPrice: number | null;
          chargedUnitPrice: number;
        }[]
      ).filter(
        (l) =>
          l.department === "international_medical_center" &&
          l.code === "CARD-CABG" &&
          v1Days.includes(l.serviceDate) &&
          l.chargedUnitPrice === 98_000_000,
      );
    const keyset = await report(undefined, "json");
    const lines = intl(keyset.text);
    // Two version-1 days × nine quotes, less the one line whose department is edited away.
    expect(lines.length).toBe(2 * 9 - 1);
    for (const l of lines)
      expect(l).toMatchObject({ chargedUnitPrice: 98_000_000, domesticUnitPrice: 9_800_000, verdict: "overcharge" });
    const wired = (await buildNodeDeps(parseEnv({ DATA_DIR: dir, LOG_LEVEL: "warn" }), { handle: h })).deps.reportLines;
    expect(intl((await report(wired, "json")).text)).toEqual(lines);
    expect(intl((await report(matchedBy(7), "json")).text)).toEqual(lines);
  });

  it("matched batches hold one day each, most lines as numbers and the rest whole", async () => {
    const index = createParityIndex(await loadTariffVersions(h.db, H));
    const terms: TariffTerms = {
      items: index.exactItems(),
      inForceFrom: index.effectiveDates(),
      generatedAt: GENERATED.toISOString(),
    };
    const batches = [...matchedLineBatches(file, H, "2025-01-01", "2027-12-31", terms)].filter(
      (b) => b.lines.length > 0,
    );
    expect(new Set(batches.map((b) => b.serviceDate)).size).toBe(5);
    expect(batches).toHaveLength(5);
    // Read in small chunks, the quotes' statuses come with empty batches in between (event-loop turns), and the same
    // lines.
    const chunked = [...matchedLineBatches(file, H, "2025-01-01", "2027-12-31", terms, undefined, 2)];
    expect(chunked.filter((b) => b.lines.length === 0).length).toBeGreaterThan(0);
    expect(chunked.filter((b) => b.lines.length > 0).map((b) => b.lines)).toEqual(batches.map((b) => b.lines));
    const matched = batches.flatMap((b) => [...b.lines].filter((v) => v >= 0));
    const others = batches.reduce((n, b) => n + b.others.size, 0);
    expect(matched.length + others).toBe(LINES);
    // The day before the first version, the odd statuses, the missing quote and the edits are read whole.
    expect(others).toBeGreaterThan(9 * 30 + 10 * 30);
    expect(matched.length).toBeGreaterThan(LINES / 4);
  });

  describe("read on a thread of its own (the wired source)", () => {
    const termsOf = async (): Promise<TariffTerms> => {
      const index = createParityIndex(await loadTariffVersions(h.db, H));
      return { items: index.exactItems(), inForceFrom: index.effectiveDates(), generatedAt: GENERATED.toISOString() };
    };
    /** A batch as plain data, whichever thread read it. */
    const plain = (b: MatchedLineBatch) => ({
      ...b,
      lines: [...b.lines],
      quoteIds: quoteIdsOf(b),
      quoteIdsText: b.quoteIdsText,
    });

    it.each([1, 7, 4096])("the same batches as on the calling thread, by %i", async (size) => {
      const terms = await termsOf();
      const here = [...matchedLineBatches(file, H, "2025-01-01", "2027-12-31", terms, size)].filter(
        (b) => b.lines.length > 0,
      );
      const there: MatchedLineBatch[] = [];
      for await (const b of threadedMatchedBatches(file, H, "2025-01-01", "2027-12-31", terms, { batchSize: size }))
        there.push(b);
      expect(there.length).toBe(here.length);
      expect(there.length).toBeGreaterThan(4);
      expect(there.map(plain)).toEqual(here.map(plain));
    });

    it("stays at most `window` batches ahead of its consumer", async () => {
      const sent: number[] = [];
      const reader = threadedMatchedBatches(file, H, "2025-01-01", "2027-12-31", await termsOf(), {
        batchSize: 1,
        window: 2,
        onMessage: (m) => void ("read" in m && "batch" in m.read && sent.push(1)),
      });
      try {
        expect((await reader.next()).done).toBe(false);
        // Two sent at first, one more for the one taken: then the thread waits, however long the consumer takes.
        for (let i = 0; i < 100 && sent.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 300));
        expect(sent.length).toBe(3);
        expect((await reader.next()).done).toBe(false);
        for (let i = 0; i < 100 && sent.length < 4; i++) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 100));
        expect(sent.length).toBe(4);
      } finally {
        await reader.return();
      }
      expect(LINES).toBeGreaterThan(100);
    });

    it("a report abandoned mid-way ends its thread's snapshot", async () => {
      const checkpoint = () => {
        const db = new SQLite(file, { timeout: 50 });
        try {
          return db.pragma("wal_checkpoint(TRUNCATE)") as { busy: number; log: number }[];
        } finally {
          db.close();
        }
      };
      const reader = threadedMatchedBatches(file, H, "2025-01-01", "2027-12-31", await termsOf(), {
        batchSize: 1,
        window: 1,
      });
      expect((await reader.next()).done).toBe(false);
      // Written after the thread's snapshot began: while it is open the WAL cannot be reset past it.
      await h.db
        .updateTable("quotes")
        .set({ updated_at: "2026-12-06T10:00:00.000Z" })
        .where("id", "=", "quo_m_open")
        .execute();
      expect(checkpoint()[0]!.busy).toBe(1);
      await reader.return();
      expect(checkpoint()[0]!).toMatchObject({ busy: 0, log: 0 });
    });

    it("reports beyond the source's threads read on the calling thread, with the same result", async () => {
      const terms = await termsOf();
      const all = async (source: ReportLineSource) => {
        const out: ReturnType<typeof plain>[] = [];
        for await (const b of source.batches(H, "2025-01-01", "2027-12-31", terms)) out.push(plain(b.matched!));
        return out;
      };
      const expected = [...matchedLineBatches(file, H, "2025-01-01", "2027-12-31", terms)]
        .filter((b) => b.lines.length > 0)
        .map(plain);
      expect(await all(threadedLineSource(file, { threads: 0 }))).toEqual(expected);
      // One thread: of three reports at once, one reads on it and two here.
      const one = threadedLineSource(file, { threads: 1 });
      expect(await Promise.all([all(one), all(one), all(one)])).toEqual([expected, expected, expected]);
    });

    it("finds the bundle the build made; without one, reads on the calling thread and says so once", async () => {
      expect(threadBundle()?.pathname).toMatch(/\/dist\/entry\/parity-lines-thread\.mjs$/);
      const terms = await termsOf();
      const logger = memoryLogger();
      const source = threadedLineSource(file, { bundle: null, logger });
      expect(logger.lines).toEqual([]);
      const read = async () => {
        const out: ReturnType<typeof plain>[] = [];
        for await (const b of source.batches(H, "2025-01-01", "2027-12-31", terms)) out.push(plain(b.matched!));
        return out;
      };
      const here = [...matchedLineBatches(file, H, "2025-01-01", "2027-12-31", terms)].filter(
        (b) => b.lines.length > 0,
      );
      expect(await Promise.all([read(), read()])).toEqual([here.map(plain), here.map(plain)]);
      expect(logger.lines).toEqual([expect.objectContaining({ level: "warn", bundle: "parity-lines-thread.mjs" })]);
    });

    it("an error on the thread is thrown by the generator", async () => {
      const missing = path.join(dir, "no-such.sqlite");
      const reader = threadedMatchedBatches(missing, H, "2025-01-01", "2027-12-31", await termsOf());
      await expect(reader.next()).rejects.toMatchObject({ name: "SqliteError", code: "SQLITE_CANTOPEN" });
    });
  });
});
