/**
 * BENCH_PROFILE=1: where the parity report's time goes, stage by stage, in this process, without
 * HTTP. The stages are the report's own parts: a `ReportLineSource` reading (each implementation),
 * the verdict rules, and the `ReportWriter`, each timed alone over lines already read and held in
 * memory, then the whole `parityReport().pieces()` as the route runs it.
 */
import SQLite from "better-sqlite3";
import type { DatabaseHandle } from "../../../src/data/connect-node";
import { keysetLineSource } from "../../../src/data/parity-lines-keyset";
import { sqliteLineSource } from "../../../src/data/parity-lines-sqlite";
import { threadedLineSource } from "../../../src/data/parity-lines-threaded";
import {
  LINE,
  type MatchedLineBatch,
  type MedicalLineTuple,
  type ReportLineSource,
  type TariffTerms,
} from "../../../src/data/report-lines";
import { loadTariffVersions } from "../../../src/data/tariffs-repo";
import { type ParityIndex, createParityIndex } from "../../../src/domain/parity/parity-index";
import { emptySummary, tally } from "../../../src/domain/parity/summary";
import { judgeTotal } from "../../../src/domain/parity/verdict";
import type { ServiceDeps } from "../../../src/services/context";
import { parityReport } from "../../../src/services/parity/index";
import type { ReportFormat } from "../../../src/services/parity/report-formats";
import { type ReportPiece, ReportWriter } from "../../../src/services/parity/report-writer";
import { fmt, log } from "../common";
import { FROM, HOSPITAL, TO } from "./data";

/** The report's query as the keyset source sends it, for the raw better-sqlite3 floor. */
const REPORT_SQL = `select quote_id, line_no, code, department_code, service_class, service_date, quantity, unit_price,
    line_total from quote_lines where hospital_id = ? and service_date >= ? and service_date <= ?
  order by service_date, quote_id, line_no`;

const te = new TextEncoder();
const pieceBytes = (p: ReportPiece) => (p.bytes !== undefined ? p.bytes.byteLength : te.encode(p.text).byteLength);

type Stage = (name: string, f: () => Promise<number> | number) => Promise<void>;

/** Reads every batch of `source`; the whole lines and the matched batches, kept when `keep`. */
async function readAll(
  source: ReportLineSource,
  terms: TariffTerms,
  keep?: { rows: MedicalLineTuple[][]; matched: MatchedLineBatch[] },
) {
  let n = 0;
  for await (const batch of source.batches(HOSPITAL, FROM, TO, terms)) {
    if (batch.rows !== undefined) {
      n += batch.rows.length;
      keep?.rows.push(batch.rows);
    } else {
      n += batch.matched.lines.length;
      keep?.matched.push(batch.matched);
    }
  }
  return n;
}

/** Stage 3: the verdict rules alone, every whole line judged (and tallied) with no caching. */
function verdicts(index: ParityIndex, rows: MedicalLineTuple[][]): number {
  const summary = emptySummary();
  for (const batch of rows)
    for (const row of batch) {
      const line = {
        code: row[LINE.code],
        department: row[LINE.department],
        serviceClass: row[LINE.serviceClass],
        serviceDate: row[LINE.serviceDate],
        unitPrice: row[LINE.unitPrice],
        quantity: row[LINE.quantity],
        lineTotal: row[LINE.lineTotal],
      };
      const { verdict, domesticLineTotal } = judgeTotal(index, line);
      tally(summary, verdict, line.lineTotal, domesticLineTotal, line.serviceClass);
    }
  return summary.lines;
}

/** Stage 4: a `ReportWriter` over batches already read: bytes written. */
function write(index: ParityIndex, terms: TariffTerms, format: ReportFormat, batches: Held, bytes: boolean): number {
  const writer = new ReportWriter(format, index, terms.generatedAt, emptySummary(), index.exactItems());
  let n = 0;
  for (const rows of batches.rows) n += pieceBytes(writer.rows(rows));
  for (const m of batches.matched)
    n += bytes && m.quoteIdsPlain === true ? writer.matchedBytes(m).byteLength : pieceBytes(writer.matchedText(m));
  return n;
}

type Held = { rows: MedicalLineTuple[][]; matched: MatchedLineBatch[] };

/** Stages 1–2: the SQL floor and each line source, reading only. Returns the query plan. */
async function readStages(stage: Stage, file: string, handle: DatabaseHandle, terms: TariffTerms, held: Held) {
  const raw = new SQLite(file, { readonly: true });
  const plan = (raw.prepare(`explain query plan ${REPORT_SQL}`).all(HOSPITAL, FROM, TO) as { detail: string }[])
    .map((r) => r.detail)
    .join("; ");
  await stage("1 SQL floor: better-sqlite3 .raw().iterate() of the keyset source's query", () => {
    let n = 0;
    for (const _ of raw.prepare(REPORT_SQL).raw(true).iterate(HOSPITAL, FROM, TO)) n++;
    return n;
  });
  raw.close();
  const keyset = { rows: held.rows, matched: [] };
  await stage("2a keysetLineSource: Kysely keyset batches of whole lines on the app's connection", () =>
    readAll(keysetLineSource(handle.db), terms, keyset),
  );
  await stage("2b sqliteLineSource: own read-only connection, lines matched in SQLite, calling thread", () =>
    readAll(sqliteLineSource(file), terms),
  );
  const threaded = { rows: [], matched: held.matched };
  await stage("2c threadedLineSource: 2b on a thread of its own (what the server wires)", () =>
    readAll(threadedLineSource(file), terms, threaded),
  );
  return plan;
}

export async function profileStages(file: string, handle: DatabaseHandle, deps: ServiceDeps): Promise<string[]> {
  const out: string[] = [];
  const stage: Stage = async (name, f) => {
    log(`bench: profile ${name} …`);
    const t0 = performance.now();
    const n = await f();
    out.push(`  ${name.padEnd(88)} ${((performance.now() - t0) / 1000).toFixed(2).padStart(6)} s  (${fmt(n)})`);
  };
  const index = createParityIndex(await loadTariffVersions(handle.db, HOSPITAL));
  const generatedAt = deps.clock.now().toISOString();
  const terms: TariffTerms = { items: index.exactItems(), inForceFrom: index.effectiveDates(), generatedAt };
  const held: Held = { rows: [], matched: [] };
  const plan = await readStages(stage, file, handle, terms, held);

  await stage("3 verdict: judgeTotal + tally (domain/parity) of every whole line of 2a, uncached", () =>
    verdicts(index, held.rows),
  );
  const whole = { rows: held.rows, matched: [] };
  const matched = { rows: [], matched: held.matched };
  await stage("4a ReportWriter, CSV text of 2a's whole lines, verdicts cached per day and item (bytes)", () =>
    write(index, terms, "csv", whole, false),
  );
  const writes = [
    ["4b", "csv", false],
    ["4c", "csv", true],
    ["4d", "json", false],
    ["4e", "json", true],
  ] as const;
  for (const [n, format, bytes] of writes) {
    const what = `${format.toUpperCase()} ${bytes ? "bytes" : "text"}`;
    await stage(`${n} ReportWriter, ${what} of 2c's matched batches (bytes)`, () =>
      write(index, terms, format, matched, bytes),
    );
  }
  held.rows.length = 0;
  held.matched.length = 0;

  const actor = { userId: "bench", role: "admin" as const, displayName: "bench", agencyId: null, hospitalId: null };
  const ctx = { ...deps, actor: { ...actor, patientId: null } };
  for (const format of ["csv", "json"] as const) {
    await stage(`5 parityReport().pieces(${format}, bytes): 2c + 4, what the route sends (bytes)`, async () => {
      const report = await parityReport({ ctx, input: { hospitalId: HOSPITAL, from: FROM, to: TO } });
      let n = 0;
      for await (const piece of report.pieces(format, { bytes: true })) n += pieceBytes(piece);
      return n;
    });
  }
  return [`stage breakdown (no HTTP; query plan: ${plan}):`, ...out];
}
