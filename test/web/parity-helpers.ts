import { expect } from "vitest";
import type { Kysely } from "kysely";
import type { Database } from "../../src/data/schema";
import type { TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

export const H = "hsp_xjph";
export const FROM = "2026-12-01";
export const TO = "2027-01-31";

/** A line of a seeded quote, by the test's name for it. */
export interface SeededLine {
  quoteId: string;
  lineNo: number;
}

/**
 * Three quotes at hsp_xjph made by the API (so every price is the engine's), then edited behind its
 * back in the database: one line overcharged (+1,000.00 CNY a unit), one undercharged (−50.00 CNY a
 * unit), one with a code the tariff does not know. Every other line stays at parity.
 */
export async function seedTamperedLines(
  t: { call: TestApp["call"] },
  db: Kysely<Database>,
  dates: [string, string, string] = ["2026-12-03", "2026-12-10", "2027-01-05"],
) {
  const make = async (serviceDate: string, items: unknown[]) => {
    const res = await t.call("POST", "/v1/quotes", {
      token: T.admin,
      body: { hospitalId: H, patientId: "pat_demo_alexander", serviceDate, items },
    });
    const text = await res.text();
    expect(res.status, text).toBe(201);
    return JSON.parse(text) as { id: string; lines: { lineNo: number; unitPrice: { amount: number } }[] };
  };
  const q1 = await make(dates[0], [
    { code: "CARD-CABG", quantity: 1 },
    { code: "BED-ICU", department: "cardiac_surgery", quantity: 2 },
  ]);
  const q2 = await make(dates[1], [
    { code: "IMG-MRI-BRAIN", department: "neurology", quantity: 1 },
    { code: "CONS-SPEC", department: "neurology", quantity: 2 },
  ]);
  const q3 = await make(dates[2], [{ code: "CHK-EXEC", department: "health_check", quantity: 1 }]);
  const edit = async (line: SeededLine, set: { unit_price?: number; line_total?: number; code?: string }) => {
    const r = await db
      .updateTable("quote_lines")
      .set(set)
      .where("quote_id", "=", line.quoteId)
      .where("line_no", "=", line.lineNo)
      .executeTakeFirst();
    expect(Number(r.numUpdatedRows)).toBe(1);
  };
  const over = { quoteId: q1.id, lineNo: q1.lines[1]!.lineNo };
  const overUnit = q1.lines[1]!.unitPrice.amount + 100_000;
  await edit(over, { unit_price: overUnit, line_total: overUnit * 2 });
  const under = { quoteId: q2.id, lineNo: q2.lines[0]!.lineNo };
  const underUnit = q2.lines[0]!.unitPrice.amount - 5_000;
  await edit(under, { unit_price: underUnit, line_total: underUnit });
  const unknown = { quoteId: q3.id, lineNo: q3.lines[0]!.lineNo };
  await edit(unknown, { code: "NO-SUCH-CODE" });
  return { quotes: [q1.id, q2.id, q3.id], over, under, unknown };
}
