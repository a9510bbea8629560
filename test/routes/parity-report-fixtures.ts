import { afterAll, beforeAll, expect } from "vitest";
import { ProblemSchema } from "../../src/http/problem";
import { ParityReportSchema } from "../../src/routes/parity/schemas";
import { QuoteSchema } from "../../src/routes/quotes/schemas";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

/**
 * The data set of the parity report tests, with KNOWN violations: quotes are made over HTTP
 * (so every price comes from the engine and is right), then lines are edited directly in the
 * database behind the engine's back. Every expected number is computed here from the demo
 * tariff, not read back from the engine.
 */

export const H = "hsp_xjph";
export const OTHER = "hsp_zju4";
const PATIENT = "pat_demo_alexander";
const V2_FROM = "2027-01-01";
/** The whole range of the data set. */
export const FULL = ["2026-01-01", "2027-12-31"] as const;

/** The demo domestic tariff of hsp_xjph (CNY fen), per version, by code|department|class. */
export const DOMESTIC: Record<1 | 2, Record<string, number>> = {
  1: {
    "CARD-CABG|cardiac_surgery|standard": 9_800_000,
    "CARD-CABG|international_medical_center|vip": 9_800_000,
    "BED-ICU|cardiac_surgery|standard": 250_000,
    "CARD-POSTOP-MED|cardiac_surgery|standard": 120_000,
    "BED-WARD|general_surgery|standard": 18_000,
    "BED-WARD|general_surgery|premium_ward": 68_000,
    "IMG-MRI-BRAIN|neurology|standard": 80_000,
    "CONS-SPEC|neurology|standard": 5_000,
    "CHK-EXEC|health_check|standard": 480_000,
    "SPIN-FUSION|spine_surgery|standard": 6_000_000,
    "GSUR-LCHOL|general_surgery|standard": 1_800_000,
  },
  2: {
    "CARD-CABG|cardiac_surgery|standard": 10_200_000,
    "CARD-CABG|international_medical_center|vip": 10_200_000,
    "BED-ICU|cardiac_surgery|standard": 250_000,
    "CARD-POSTOP-MED|cardiac_surgery|standard": 120_000,
    "BED-WARD|general_surgery|standard": 19_500,
    "BED-WARD|general_surgery|premium_ward": 68_000,
    "IMG-MRI-BRAIN|neurology|standard": 72_000,
    "CONS-SPEC|neurology|standard": 5_000,
    "CHK-EXEC|health_check|standard": 450_000,
    "SPIN-FUSION|spine_surgery|standard": 6_000_000,
    "GSUR-LCHOL|general_surgery|standard": 1_800_000,
  },
};
export const versionOn = (date: string): 1 | 2 => (date >= V2_FROM ? 2 : 1);

export interface Item {
  /** Test-local name of the line, e.g. "Q1.2". */
  ref: string;
  code: string;
  department: string;
  serviceClass: string;
  quantity: number;
  serviceDate: string;
}

/** Four quotes at hsp_xjph, lines on both sides of 2027-01-01. */
export const QUOTES: { key: string; serviceDate: string; items: Item[] }[] = [
  {
    key: "Q1",
    serviceDate: "2026-12-01",
    items: [
      {
        ref: "Q1.1",
        code: "CARD-CABG",
        department: "cardiac_surgery",
        serviceClass: "standard",
        quantity: 1,
        serviceDate: "2026-12-01",
      },
      {
        ref: "Q1.2",
        code: "BED-ICU",
        department: "cardiac_surgery",
        serviceClass: "standard",
        quantity: 3,
        serviceDate: "2026-12-02",
      },
      {
        ref: "Q1.3",
        code: "CARD-POSTOP-MED",
        department: "cardiac_surgery",
        serviceClass: "standard",
        quantity: 1,
        serviceDate: "2026-12-05",
      },
    ],
  },
  {
    key: "Q2",
    serviceDate: "2026-12-20",
    items: [
      {
        ref: "Q2.1",
        code: "BED-WARD",
        department: "general_surgery",
        serviceClass: "premium_ward",
        quantity: 7,
        serviceDate: "2026-12-20",
      },
      {
        ref: "Q2.2",
        code: "IMG-MRI-BRAIN",
        department: "neurology",
        serviceClass: "standard",
        quantity: 1,
        serviceDate: "2026-12-31",
      },
      {
        ref: "Q2.3",
        code: "CONS-SPEC",
        department: "neurology",
        serviceClass: "standard",
        quantity: 2,
        serviceDate: "2026-12-20",
      },
    ],
  },
  {
    key: "Q3",
    serviceDate: "2027-01-05",
    items: [
      {
        ref: "Q3.1",
        code: "CARD-CABG",
        department: "international_medical_center",
        serviceClass: "vip",
        quantity: 1,
        serviceDate: "2027-01-05",
      },
      {
        ref: "Q3.2",
        code: "BED-WARD",
        department: "general_surgery",
        serviceClass: "standard",
        quantity: 10,
        serviceDate: "2027-01-06",
      },
      {
        ref: "Q3.3",
        code: "IMG-MRI-BRAIN",
        department: "neurology",
        serviceClass: "standard",
        quantity: 1,
        serviceDate: "2027-01-01",
      },
      {
        ref: "Q3.4",
        code: "CHK-EXEC",
        department: "health_check",
        serviceClass: "standard",
        quantity: 1,
        serviceDate: "2027-01-31",
      },
    ],
  },
  {
    key: "Q4",
    serviceDate: "2026-11-30",
    items: [
      {
        ref: "Q4.1",
        code: "SPIN-FUSION",
        department: "spine_surgery",
        serviceClass: "standard",
        quantity: 1,
        serviceDate: "2026-11-30",
      },
      {
        ref: "Q4.2",
        code: "GSUR-LCHOL",
        department: "general_surgery",
        serviceClass: "standard",
        quantity: 1,
        serviceDate: "2027-02-01",
      },
    ],
  },
];
export const ITEMS = QUOTES.flatMap((q) => q.items);

/** The edits made behind the engine's back, and the verdict each must produce. */
export const TAMPER = {
  /** BED-ICU ×3: unit 250,000 → 275,000 (total kept consistent). */
  overcharge: { ref: "Q1.2", unitPrice: 275_000, lineTotal: 825_000 },
  /** BED-WARD ×10 on a v2 date, billed at the old v1 price 18,000 instead of 19,500. */
  undercharge: { ref: "Q3.2", unitPrice: 18_000, lineTotal: 180_000 },
  /** CONS-SPEC ×2: unit price untouched, only the total raised 10,000 → 15,000. */
  totalOnly: { ref: "Q2.3", lineTotal: 15_000 },
  /** A code no tariff version has. */
  unknownCode: { ref: "Q1.3", code: "CARD-POSTOP-MEDX" },
} as const;
export const EXPECTED_VIOLATIONS: Record<string, string> = {
  "Q1.2": "overcharge",
  "Q3.2": "undercharge",
  "Q2.3": "overcharge",
  "Q1.3": "unknown_code",
};

/** ref → quote id and line number as stored. */
export type Where = Record<string, { quoteId: string; lineNo: number }>;
export type ParityReport = ReturnType<typeof ParityReportSchema.parse>;

/** The app with the data set in place, and the report as it was before the edits. */
export interface ParityReportWorld {
  t: TestApp;
  where: Where;
  reportBeforeEdits: ParityReport;
  csvBeforeEdits: string;
}

async function createQuote(t: TestApp, body: unknown) {
  const res = await t.call("POST", "/v1/quotes", { token: T.admin, body });
  expect(res.status, await res.clone().text()).toBe(201);
  return QuoteSchema.parse(await res.json());
}

export const reportPath = (from: string, to: string, hospital = H) =>
  `/v1/hospitals/${hospital}/parity-report?from=${from}&to=${to}`;

export async function reportJson(t: TestApp, from: string, to: string, token: string = T.billing) {
  const res = await t.call("GET", reportPath(from, to), { token });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return ParityReportSchema.parse(JSON.parse(await res.text()));
}

export async function reportCsv(t: TestApp, from: string, to: string, token: string = T.billing) {
  const res = await t.call("GET", reportPath(from, to), { token, headers: { Accept: "text/csv" } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
  return res.text();
}

export async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return ProblemSchema.parse(await res.json());
}

/** The four quotes of QUOTES made over HTTP, each line priced by the engine; returns where each line is stored. */
async function createQuotes(t: TestApp): Promise<Where> {
  const where: Where = {};
  for (const q of QUOTES) {
    const quote = await createQuote(t, {
      hospitalId: H,
      patientId: PATIENT,
      serviceDate: q.serviceDate,
      items: q.items.map(({ ref: _ref, ...i }) => i),
    });
    expect(quote.lines).toHaveLength(q.items.length);
    q.items.forEach((item, i) => {
      const line = quote.lines[i]!;
      // The engine priced it from the domestic tariff in force on that date.
      expect(line.unitPrice.amount).toBe(
        DOMESTIC[versionOn(item.serviceDate)][`${item.code}|${item.department}|${item.serviceClass}`],
      );
      expect(line.tariffVersion.version).toBe(versionOn(item.serviceDate));
      where[item.ref] = { quoteId: quote.id, lineNo: line.lineNo };
    });
  }
  // A quote at another hospital, in the same date range: never in xjph's report.
  const other = await createQuote(t, {
    hospitalId: OTHER,
    patientId: PATIENT,
    serviceDate: "2026-12-10",
    items: [
      { code: "GSUR-LCHOL", quantity: 1 },
      { code: "BED-WARD", quantity: 4, serviceDate: "2027-01-03" },
    ],
  });
  expect(other.lines.map((l) => l.unitPrice.amount)).toEqual([1_850_000, 23_000]);
  return where;
}

/** The TAMPER edits, made behind the engine's back. */
async function tamper(t: TestApp, where: Where) {
  const db = t.handle.db;
  const at = (ref: string) => where[ref]!;
  const edit = async (ref: string, set: { unit_price?: number; line_total?: number; code?: string }) => {
    const r = await db
      .updateTable("quote_lines")
      .set(set)
      .where("quote_id", "=", at(ref).quoteId)
      .where("line_no", "=", at(ref).lineNo)
      .executeTakeFirst();
    expect(Number(r.numUpdatedRows)).toBe(1);
  };
  await edit(TAMPER.overcharge.ref, {
    unit_price: TAMPER.overcharge.unitPrice,
    line_total: TAMPER.overcharge.lineTotal,
  });
  await edit(TAMPER.undercharge.ref, {
    unit_price: TAMPER.undercharge.unitPrice,
    line_total: TAMPER.undercharge.lineTotal,
  });
  await edit(TAMPER.totalOnly.ref, { line_total: TAMPER.totalOnly.lineTotal });
  await edit(TAMPER.unknownCode.ref, { code: TAMPER.unknownCode.code });
}

/** A fresh app with the quotes made, the report read once, then the edits made. */
async function seedParityReport(): Promise<ParityReportWorld> {
  const t = await createTestApp();
  const where = await createQuotes(t);
  // Snapshot before anything is edited: the API alone never produced a violation.
  const reportBeforeEdits = await reportJson(t, ...FULL);
  const csvBeforeEdits = await reportCsv(t, ...FULL);
  await tamper(t, where);
  return { t, where, reportBeforeEdits, csvBeforeEdits };
}

/** Registers hooks that seed the world before the file's tests and close it after; its fields are set from then. */
export function useParityReportWorld(): ParityReportWorld {
  const world = {} as ParityReportWorld;
  beforeAll(async () => {
    Object.assign(world, await seedParityReport());
  });
  afterAll(() => world.t.close());
  return world;
}
