import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../db/seed/demo";
import { type DatabaseHandle, openSqlite } from "../../src/data/connect-node";
import { migrateToLatest } from "../../src/data/migrate";
import { medicalLineBatches } from "../../src/data/parity-lines-keyset";
import { matchedLineBatches, sqliteLineSource } from "../../src/data/parity-lines-sqlite";
import { threadedLineSource } from "../../src/data/parity-lines-threaded";
import {
  type MatchedLineBatch,
  type MedicalLineTuple,
  type ReportLineSource,
  type TariffTerms,
} from "../../src/data/report-lines";
import { loadTariffVersions } from "../../src/data/tariffs-repo";
import { createParityIndex } from "../../src/domain/parity/parity-index";
import { buildNodeDeps } from "../../src/entry/node-deps";
import { parseEnv } from "../../src/env";
import { testDatabases } from "../helpers/databases";

/**
 * The parity report's line sources: keyset batches through Kysely (every dialect) and the embedded
 * reader on a SQLite file. Lines are inserted directly, with many on one day and several per quote,
 * so batch boundaries fall inside a day and inside a quote.
 */

const NOW = new Date("2026-11-22T10:00:00.000Z");
const encrypt = async (s: string) => `enc:${s}`;
const H = "hsp_xjph";
const OTHER = "hsp_zju4";

interface Fixture {
  quote: string;
  hospital: string;
  status: "open" | "withdrawn";
  validUntil: string;
  lines: { lineNo: number; date: string; code: string }[];
}

/** Inserted in this order, deliberately not the report order. */
const FIXTURE: Fixture[] = [
  {
    quote: "quo_pl_c",
    hospital: H,
    status: "open",
    validUntil: "2026-12-06T10:00:00.000Z",
    lines: [
      { lineNo: 1, date: "2026-12-02", code: "BED-ICU" },
      { lineNo: 2, date: "2026-12-01", code: "CARD-CABG" },
      { lineNo: 3, date: "2026-12-02", code: "BED-WARD" },
    ],
  },
  {
    quote: "quo_pl_a",
    hospital: H,
    status: "withdrawn",
    validUntil: "2026-12-01T10:00:00.000Z",
    lines: [
      { lineNo: 1, date: "2026-12-02", code: "CONS-SPEC" },
      { lineNo: 2, date: "2026-12-02", code: "IMG-MRI-BRAIN" },
      { lineNo: 10, date: "2026-12-03", code: "BED-ICU" },
    ],
  },
  {
    quote: "quo_pl_b",
    hospital: H,
    status: "open",
    validUntil: "2026-11-01T10:00:00.000Z",
    lines: [
      { lineNo: 1, date: "2026-11-30", code: "SPIN-FUSION" },
      { lineNo: 2, date: "2026-12-02", code: "BED-WARD" },
      { lineNo: 3, date: "2026-12-31", code: "GSUR-LCHOL" },
    ],
  },
  // Another hospital, same days: never in xjph's lines.
  {
    quote: "quo_pl_x",
    hospital: OTHER,
    status: "open",
    validUntil: "2026-12-06T10:00:00.000Z",
    lines: [{ lineNo: 1, date: "2026-12-02", code: "GSUR-LCHOL" }],
  },
];

async function insertFixture(h: DatabaseHandle) {
  const admin = await h.db
    .selectFrom("users")
    .select("id")
    .where("role", "=", "admin")
    .orderBy("id")
    .limit(1)
    .executeTakeFirstOrThrow();
  for (const f of FIXTURE) {
    const version = await h.db
      .selectFrom("tariff_versions")
      .select(["id", "version"])
      .where("hospital_id", "=", f.hospital)
      .orderBy("version")
      .limit(1)
      .executeTakeFirstOrThrow();
    await h.db
      .insertInto("quotes")
      .values({
        id: f.quote,
        patient_id: "pat_demo_alexander",
        hospital_id: f.hospital,
        consultation_id: null,
        status: f.status,
        revision: 1,
        service_date: f.lines[0]!.date,
        hospital_currency: "CNY",
        patient_currency: "KZT",
        medical_total: 0,
        medical_total_patient: 0,
        fx: "{}",
        valid_until: f.validUntil,
        affirmation_payload: "{}",
        affirmation_signature: "test",
        affirmation_key_id: "test",
        withdrawn_reason: null,
        created_by: admin.id,
        created_at: NOW.toISOString(),
        updated_at: NOW.toISOString(),
      })
      .execute();
    await h.db
      .insertInto("quote_lines")
      .values(
        f.lines.map((l) => ({
          quote_id: f.quote,
          line_no: l.lineNo,
          hospital_id: f.hospital,
          code: l.code,
          name: "{}",
          department_code: "dept",
          service_class: "standard",
          kind: "procedure",
          unit: "each",
          quantity: l.lineNo,
          service_date: l.date,
          unit_price: 1_000 * l.lineNo,
          line_total: 1_000 * l.lineNo * l.lineNo,
          tariff_version_id: version.id,
          tariff_version: version.version,
        })),
      )
      .execute();
  }
}

/** What a source must return for [from, to], computed here from the fixture. */
function expected(from: string, to: string): MedicalLineTuple[] {
  return FIXTURE.filter((f) => f.hospital === H)
    .flatMap((f) =>
      f.lines
        .filter((l) => l.date >= from && l.date <= to)
        .map(
          (l): MedicalLineTuple => [
            f.quote,
            l.lineNo,
            l.code,
            "dept",
            "standard",
            l.date,
            l.lineNo,
            1_000 * l.lineNo,
            1_000 * l.lineNo * l.lineNo,
            f.status,
            f.validUntil,
          ],
        ),
    )
    .sort((a, b) => (a[5] !== b[5] ? (a[5] < b[5] ? -1 : 1) : a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] - b[1]));
}

async function collect(batches: AsyncIterable<MedicalLineTuple[]> | Iterable<MedicalLineTuple[]>, max: number) {
  const out: MedicalLineTuple[] = [];
  for await (const batch of batches) {
    expect(batch.length).toBeGreaterThan(0);
    expect(batch.length).toBeLessThanOrEqual(max);
    out.push(...batch);
  }
  return out;
}

/**
 * A matched batch's lines, where none matched the tariff (the fixture's department "dept" is not
 * in it): every line comes whole, with its quote's stored status.
 */
function wholeLines(batch: MatchedLineBatch): MedicalLineTuple[] {
  return [...batch.lines].map((packed, i) => {
    expect(packed).toBe(-1);
    return batch.others.get(i)!;
  });
}

/** A source's batches as lines, each batch of at most `max` and none empty. */
async function sourceLines(source: ReportLineSource, terms: TariffTerms, from: string, to: string, max: number) {
  const batches: MedicalLineTuple[][] = [];
  for await (const b of source.batches(H, from, to, terms)) batches.push(b.rows ?? wholeLines(b.matched));
  return collect(batches, max);
}

const RANGES = [
  ["2026-01-01", "2027-12-31"],
  ["2026-12-02", "2026-12-02"],
  ["2026-12-01", "2026-12-03"],
  ["2027-01-01", "2027-12-31"],
] as const;

describe.each(testDatabases)("parity report lines on $dialect", ({ open }) => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = await open();
    await migrateToLatest(h.db);
    await seedDemo(h.db, { now: NOW, encrypt });
    await insertFixture(h);
  });
  afterAll(() => h.close());

  it("keyset batches: every line in range once, in report order, whatever the batch size", async () => {
    expect(expected(...RANGES[0])).toHaveLength(9);
    for (const [from, to] of RANGES) {
      for (const size of [1, 2, 3, 4, 4096]) {
        expect(await collect(medicalLineBatches(h.db, H, from, to, size), size), `${from}…${to} by ${size}`).toEqual(
          expected(from, to),
        );
      }
    }
  });
});

describe("parity report lines on a SQLite file (the embedded reader)", () => {
  let dir: string;
  let file: string;
  let h: DatabaseHandle;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "caravan-parity-lines-"));
    file = path.join(dir, "caravan.sqlite");
    h = openSqlite(file);
    await migrateToLatest(h.db);
    await seedDemo(h.db, { now: NOW, encrypt });
    await insertFixture(h);
  });
  afterAll(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the handle knows its file; an in-memory one has none", async () => {
    expect(h.file).toBe(file);
    const memory = openSqlite(":memory:");
    expect(memory.file).toBeUndefined();
    await memory.close();
  });

  const termsOf = async (): Promise<TariffTerms> => {
    const index = createParityIndex(await loadTariffVersions(h.db, H));
    return { items: index.exactItems(), inForceFrom: index.effectiveDates(), generatedAt: NOW.toISOString() };
  };

  it("reads the same lines as the keyset batches, on the calling thread and on its own", async () => {
    const terms = await termsOf();
    for (const [from, to] of RANGES) {
      for (const size of [1, 2, 4096]) {
        for (const source of [
          sqliteLineSource(file, { batchSize: size }),
          threadedLineSource(file, { batchSize: size }),
        ])
          expect(await sourceLines(source, terms, from, to, size), `${from}…${to} by ${size}`).toEqual(
            expected(from, to),
          );
      }
    }
  });

  it("reads one snapshot, and the app's connection writes while a report is open", async () => {
    const terms = await termsOf();
    const lines = (from: Iterable<MatchedLineBatch>) => [...from].flatMap(wholeLines);
    const reader = matchedLineBatches(file, H, "2026-01-01", "2027-12-31", terms, 2);
    const first = reader.next();
    expect(first.done).toBe(false);
    try {
      // Written through the app's own connection mid-report: neither blocked nor seen.
      await h.db.updateTable("quotes").set({ status: "withdrawn" }).where("id", "=", "quo_pl_c").execute();
      await h.db
        .updateTable("quote_lines")
        .set({ unit_price: 1 })
        .where("quote_id", "=", "quo_pl_b")
        .where("line_no", "=", 3)
        .execute();
      const rest = lines({ [Symbol.iterator]: () => reader });
      expect([...wholeLines(first.value as MatchedLineBatch), ...rest]).toEqual(expected("2026-01-01", "2027-12-31"));
      // A report started now sees the writes.
      const after = lines(matchedLineBatches(file, H, "2026-01-01", "2027-12-31", terms));
      expect(after.filter((l) => l[0] === "quo_pl_c").map((l) => l[9])).toEqual([
        "withdrawn",
        "withdrawn",
        "withdrawn",
      ]);
      expect(after.find((l) => l[0] === "quo_pl_b" && l[1] === 3)?.[7]).toBe(1);
    } finally {
      reader.return();
      await h.db.updateTable("quotes").set({ status: "open" }).where("id", "=", "quo_pl_c").execute();
      await h.db
        .updateTable("quote_lines")
        .set({ unit_price: 3_000 })
        .where("quote_id", "=", "quo_pl_b")
        .where("line_no", "=", 3)
        .execute();
    }
  });

  it("buildNodeDeps wires the embedded reader for a SQLite file only", async () => {
    const env = parseEnv({ DATA_DIR: dir, LOG_LEVEL: "warn" });
    const { deps } = await buildNodeDeps(env, { handle: h });
    expect(deps.reportLines).toBeDefined();
    expect(await sourceLines(deps.reportLines!, await termsOf(), "2026-12-01", "2026-12-03", 4096)).toEqual(
      expected("2026-12-01", "2026-12-03"),
    );
    const memory = openSqlite(":memory:");
    try {
      expect((await buildNodeDeps(env, { handle: memory })).deps.reportLines).toBeUndefined();
    } finally {
      await memory.close();
    }
  });
});
