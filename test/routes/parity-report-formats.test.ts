import { describe, expect, it } from "vitest";
import { TEST_NOW, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import {
  CSV_HEADER,
  CSV_SUMMARY_HEADER,
  csvRow,
  csvSummaryRow,
  expectedReport,
  parseRfc4180,
  readCsv,
  readCsvSections,
} from "./parity-report-expected";
import { FULL, H, QUOTES, reportCsv, reportJson, reportPath, useParityReportWorld } from "./parity-report-fixtures";

/** The parity report as CSV and as JSON text: the same values, exact bytes, escaping of text from the database. */

const world = useParityReportWorld();

type Stored = { quoteId: string; lineNo: number };

/** An update of one stored quote line, behind the engine's back. */
const updateLine = (t: TestApp, at: Stored) =>
  t.handle.db.updateTable("quote_lines").where("quote_id", "=", at.quoteId).where("line_no", "=", at.lineNo);

/** Puts the lines of Q2.1 and Q2.2 back as the engine made them. */
async function restoreLines(t: TestApp, at: Stored, at2: Stored) {
  const item = QUOTES[1]!.items[0]!;
  await updateLine(t, at)
    .set({
      code: item.code,
      department_code: item.department,
      service_class: item.serviceClass,
      quantity: item.quantity,
    })
    .execute();
  const item2 = QUOTES[1]!.items[1]!;
  await updateLine(t, at2).set({ code: item2.code, department_code: item2.department }).execute();
}

describe("parity report", () => {
  it("CSV: the same lines and values, row for row", async () => {
    const { t, where } = world;
    const text = await reportCsv(t, ...FULL);
    const [header, ...rows] = readCsv(text);
    expect(header!.join(",")).toBe(CSV_HEADER);
    const exp = expectedReport(where, ...FULL, true);
    expect(rows).toEqual(exp.lines.map(csvRow));
    const verdicts = rows.map((r) => r[13]);
    expect(verdicts.filter((v) => v === "overcharge")).toHaveLength(2);
    expect(verdicts.filter((v) => v === "undercharge")).toHaveLength(1);
    expect(verdicts.filter((v) => v === "unknown_code")).toHaveLength(1);
    expect(verdicts.filter((v) => v === "parity")).toHaveLength(8);
    // Deviations in the CSV add up to the same totals.
    const totalDeviation = rows.filter((r) => r[12] !== "").reduce((s, r) => s + Number(r[11]) - Number(r[12]), 0);
    expect(totalDeviation).toBe(65_000);
  });

  it("CSV: after the lines, an empty line and a summary section with the JSON summary's numbers", async () => {
    const { t, where } = world;
    for (const [from, to] of [FULL, ["2026-12-02", "2027-01-05"], ["2026-06-01", "2026-06-30"]] as const) {
      const exp = expectedReport(where, from, to, true);
      const text = await reportCsv(t, from, to);
      const { table, summary } = readCsvSections(text);
      expect(table).toHaveLength(exp.lines.length + 1);
      expect(summary).toEqual([CSV_SUMMARY_HEADER.split(","), csvSummaryRow(exp.summary)]);
      // The same totals as the JSON report of the same range.
      expect(summary[1]).toEqual(csvSummaryRow((await reportJson(t, from, to)).summary));
    }
    const { summary } = readCsvSections(await reportCsv(t, ...FULL));
    expect(Object.fromEntries(summary[0]!.map((h, i) => [h, summary[1]![i]]))).toMatchObject({
      summary: "total",
      lines: "12",
      parity: "8",
      overcharge: "2",
      undercharge: "1",
      unknown_code: "1",
      no_tariff_in_force: "0",
      total_deviation: "65000",
      verdict: "violations",
    });
  });

  it(
    "JSON is byte for byte JSON.stringify of the report; text from the database is " + "escaped (RFC 4180 in CSV)",
    async () => {
      const { t, where } = world;
      const raw = async (csv: boolean) =>
        (
          await t.call("GET", reportPath(...FULL), { token: T.billing, headers: csv ? { Accept: "text/csv" } : {} })
        ).text();
      const json = await raw(false);
      expect(json).toBe(JSON.stringify(JSON.parse(json)));
      expect(
        json.startsWith(
          `{"hospitalId":"${H}","currency":"CNY","from":"${FULL[0]}","to":"${FULL[1]}",` +
            `"generatedAt":"${TEST_NOW}","lines":[{"quoteId":`,
        ),
      ).toBe(true);

      // Behind the engine's back: text a CSV must quote, and a quantity that is not an integer.
      const at = where["Q2.1"]!;
      const line = () => updateLine(t, at);
      // (PostgreSQL's integer column refuses 1.5 outright; there the odd quantity is a large one.)
      const qty = t.deps.dialect === "sqlite" ? 1.5 : 2_000_000_001;
      const weird = {
        code: 'BED,"WARD"',
        department_code: "general\r\nsurgery",
        service_class: "prémium ward \u2028",
        quantity: qty,
      };
      // …and on a line whose numbers are all integers (the common path).
      const at2 = where["Q2.2"]!;
      const line2 = () => updateLine(t, at2);
      const weird2 = { code: 'MRI "3T", brain', department_code: "neuro\\logy\u0001😀" };
      await line().set(weird).execute();
      await line2().set(weird2).execute();
      try {
        const text = await raw(false);
        expect(text).toBe(JSON.stringify(JSON.parse(text)));
        // Not the response schema: a quantity of 1.5 breaks its int on purpose.
        const report = JSON.parse(text) as { lines: { quoteId: string; lineNo: number }[] };
        const edited = report.lines.find((l) => l.quoteId === at.quoteId && l.lineNo === at.lineNo)!;
        expect(edited).toMatchObject({
          code: weird.code,
          department: weird.department_code,
          serviceClass: weird.service_class,
          quantity: qty,
          verdict: "unknown_code",
          domesticUnitPrice: null,
        });

        const csv = await raw(true);
        expect(csv).toContain(`"BED,""WARD""","general\r\nsurgery",prémium ward \u2028,${qty},`);
        // An RFC 4180 reader gets the values back, and the row still has 15 cells.
        const rows = parseRfc4180(csv.slice(0, csv.indexOf("\r\n\r\nsummary,")));
        const row = rows.find((r) => r[0] === at.quoteId && r[1] === String(at.lineNo))!;
        expect(row).toHaveLength(15);
        expect(row.slice(4, 8)).toEqual([weird.code, weird.department_code, weird.service_class, String(qty)]);
        expect(rows.every((r) => r.length === 15)).toBe(true);
        const edited2 = report.lines.find((l) => l.quoteId === at2.quoteId && l.lineNo === at2.lineNo)!;
        expect(edited2).toMatchObject({
          code: weird2.code,
          department: weird2.department_code,
          verdict: "unknown_code",
        });
        expect(csv).toContain(`,"MRI ""3T"", brain",neuro\\logy\u0001😀,standard,1,80000,,,80000,,unknown_code,1\r\n`);
        const row2 = rows.find((r) => r[0] === at2.quoteId && r[1] === String(at2.lineNo))!;
        expect(row2.slice(4, 6)).toEqual([weird2.code, weird2.department_code]);
      } finally {
        await restoreLines(t, at, at2);
      }
      expect(await raw(false)).toBe(json);
    },
  );
});
