import { describe, expect, it } from "vitest";
import { QuoteSchema } from "../../src/routes/quotes/schemas";
import { TEST_NOW } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { csvRow, CSV_HEADER, expectedReport, readCsv, strip } from "./parity-report-expected";
import {
  DOMESTIC,
  EXPECTED_VIOLATIONS,
  FULL,
  H,
  ITEMS,
  reportCsv,
  reportJson,
  useParityReportWorld,
  versionOn,
} from "./parity-report-fixtures";

/** The parity report's lines and summary on the data set with known violations (parity-report-fixtures.ts). */

const world = useParityReportWorld();

describe("parity report", () => {
  it("before the database is edited, every line made through the API is at parity", () => {
    const { where, reportBeforeEdits, csvBeforeEdits } = world;
    const exp = expectedReport(where, ...FULL, false);
    expect(reportBeforeEdits.lines).toEqual(exp.lines.map(strip));
    expect(reportBeforeEdits.summary).toEqual(exp.summary);
    expect(reportBeforeEdits.summary).toMatchObject({
      lines: ITEMS.length,
      parity: ITEMS.length,
      overcharge: 0,
      undercharge: 0,
      unknownCode: 0,
      totalDeviation: 0,
      verdict: "parity",
    });
    const rows = readCsv(csvBeforeEdits);
    expect(rows.slice(1).every((r) => r[13] === "parity")).toBe(true);
    expect(rows).toHaveLength(ITEMS.length + 1);
  });

  it(
    "JSON: every line in range once, with charged vs domestic, deviation and " + "verdict; the violations are caught",
    async () => {
      const { t, where } = world;
      const report = await reportJson(t, ...FULL);
      const exp = expectedReport(where, ...FULL, true);
      expect(report).toMatchObject({
        hospitalId: H,
        currency: "CNY",
        from: FULL[0],
        to: FULL[1],
        generatedAt: "2026-11-22T10:00:00.000Z",
      });
      expect(report.lines).toEqual(exp.lines.map(strip));
      // Once each, and nothing from the other hospital's quote.
      const keys = report.lines.map((l) => `${l.quoteId}#${l.lineNo}`);
      expect(new Set(keys).size).toBe(ITEMS.length);
      expect(new Set(report.lines.map((l) => l.quoteId))).toEqual(new Set(Object.values(where).map((w) => w.quoteId)));

      // The violations, literally.
      const byRef = Object.fromEntries(exp.lines.map((e, i) => [e.ref, report.lines[i]!]));
      const violations = Object.fromEntries(
        Object.entries(byRef)
          .filter(([, l]) => l.verdict !== "parity")
          .map(([ref, l]) => [ref, l.verdict]),
      );
      expect(violations).toEqual(EXPECTED_VIOLATIONS);
      expect(byRef["Q1.2"]).toMatchObject({
        chargedUnitPrice: 275_000,
        domesticUnitPrice: 250_000,
        deviation: 25_000,
        chargedLineTotal: 825_000,
        domesticLineTotal: 750_000,
        tariffVersion: 1,
      });
      expect(byRef["Q3.2"]).toMatchObject({
        chargedUnitPrice: 18_000,
        domesticUnitPrice: 19_500,
        deviation: -1_500,
        chargedLineTotal: 180_000,
        domesticLineTotal: 195_000,
        tariffVersion: 2,
      });
      expect(byRef["Q2.3"]).toMatchObject({
        chargedUnitPrice: 5_000,
        domesticUnitPrice: 5_000,
        deviation: 0,
        chargedLineTotal: 15_000,
        domesticLineTotal: 10_000,
        verdict: "overcharge",
      });
      expect(byRef["Q1.3"]).toMatchObject({
        code: "CARD-POSTOP-MEDX",
        chargedUnitPrice: 120_000,
        domesticUnitPrice: null,
        deviation: null,
        domesticLineTotal: null,
        tariffVersion: 1,
      });

      // Summary: the numbers computed by hand from the edits.
      expect(report.summary).toEqual(exp.summary);
      expect(report.summary).toMatchObject({
        lines: 12,
        parity: 8,
        overcharge: 2,
        undercharge: 1,
        unknownCode: 1,
        noTariffInForce: 0,
        // +75,000 (ICU) − 15,000 (ward) + 5,000 (consultation total)
        totalDeviation: 65_000,
        verdict: "violations",
      });
      const engineTotal = ITEMS.reduce(
        (s, i) => s + DOMESTIC[versionOn(i.serviceDate)][`${i.code}|${i.department}|${i.serviceClass}`]! * i.quantity,
        0,
      );
      expect(report.summary.totalCharged).toBe(engineTotal + 75_000 - 15_000 + 5_000);
      expect(report.summary.totalDomestic).toBe(engineTotal - 120_000);
    },
  );

  it("a line on a v2 date is judged against v2 prices", async () => {
    const { t, where } = world;
    const report = await reportJson(t, ...FULL);
    const line = (ref: string) =>
      report.lines.find((l) => l.quoteId === where[ref]!.quoteId && l.lineNo === where[ref]!.lineNo)!;
    // IMG-MRI-BRAIN: 80,000 on 2026-12-31 (v1), 72,000 on 2027-01-01 (v2), both at parity.
    expect(line("Q2.2")).toMatchObject({
      serviceDate: "2026-12-31",
      chargedUnitPrice: 80_000,
      domesticUnitPrice: 80_000,
      tariffVersion: 1,
      verdict: "parity",
    });
    expect(line("Q3.3")).toMatchObject({
      serviceDate: "2027-01-01",
      chargedUnitPrice: 72_000,
      domesticUnitPrice: 72_000,
      tariffVersion: 2,
      verdict: "parity",
    });
    // The VIP line on a v2 date: the v2 standard price, no markup.
    expect(line("Q3.1")).toMatchObject({
      department: "international_medical_center",
      serviceClass: "vip",
      chargedUnitPrice: 10_200_000,
      domesticUnitPrice: 10_200_000,
      tariffVersion: 2,
      verdict: "parity",
    });
    // v1's BED-WARD price is right under v1 and an undercharge under v2.
    expect(line("Q3.2")).toMatchObject({
      chargedUnitPrice: DOMESTIC[1]["BED-WARD|general_surgery|standard"],
      domesticUnitPrice: 19_500,
      verdict: "undercharge",
    });
  });

  it("from/to filter by service date, both ends inclusive", async () => {
    const { t, where } = world;
    const [from, to] = ["2026-12-02", "2027-01-05"];
    const report = await reportJson(t, from, to);
    const exp = expectedReport(where, from, to, true);
    expect(exp.lines.map((l) => l.ref).sort()).toEqual(["Q1.2", "Q1.3", "Q2.1", "Q2.2", "Q2.3", "Q3.1", "Q3.3"]);
    expect(report.lines).toEqual(exp.lines.map(strip));
    expect(report.summary).toEqual(exp.summary);
    expect(report.summary).toMatchObject({
      lines: 7,
      parity: 4,
      overcharge: 2,
      undercharge: 0,
      unknownCode: 1,
      totalDeviation: 80_000,
    });
    expect(report.lines.map((l) => l.serviceDate)).toContain(from);
    expect(report.lines.map((l) => l.serviceDate)).toContain(to);
    const rows = readCsv(await reportCsv(t, from, to)).slice(1);
    expect(rows).toEqual(exp.lines.map(csvRow));

    // One day: exactly the lines of that day.
    const day = await reportJson(t, "2026-12-20", "2026-12-20");
    expect(day.lines.map((l) => l.code).sort()).toEqual(["BED-WARD", "CONS-SPEC"]);
    // A range with nothing in it: an empty, valid report.
    const empty = await reportJson(t, "2026-06-01", "2026-06-30");
    expect(empty.lines).toEqual([]);
    expect(empty.summary).toMatchObject({ lines: 0, totalCharged: 0, totalDeviation: 0, verdict: "parity" });
    expect(readCsv(await reportCsv(t, "2026-06-01", "2026-06-30"))).toEqual([CSV_HEADER.split(",")]);
  });

  it(
    "an open quote past its validUntil shows as expired, as the Quote API shows it; " +
      "a withdrawn one stays withdrawn",
    async () => {
      const { t, where } = world;
      const q1 = where["Q1.1"]!.quoteId;
      const q2 = where["Q2.1"]!.quoteId;
      const quote = QuoteSchema.parse(await (await t.call("GET", `/v1/quotes/${q1}`, { token: T.admin })).json());
      expect(quote.status).toBe("open");
      const statuses = async () => {
        const report = await reportJson(t, ...FULL);
        const csvRows = readCsv(await reportCsv(t, ...FULL)).slice(1);
        // CSV and JSON agree line for line.
        expect(csvRows.map((r) => `${r[0]}#${r[1]}=${r[2]}`)).toEqual(
          report.lines.map((l) => `${l.quoteId}#${l.lineNo}=${l.quoteStatus}`),
        );
        return Object.fromEntries(report.lines.map((l) => [l.quoteId, l.quoteStatus]));
      };
      // At validUntil itself a quote is still open; a millisecond later it has expired.
      t.clock.set(quote.validUntil);
      try {
        expect(new Set(Object.values(await statuses()))).toEqual(new Set(["open"]));
        t.clock.set(new Date(Date.parse(quote.validUntil) + 1));
        const after = QuoteSchema.parse(await (await t.call("GET", `/v1/quotes/${q1}`, { token: T.admin })).json());
        expect(after.status).toBe("expired");
        const expired = await statuses();
        expect(expired[q1]).toBe("expired");
        expect(new Set(Object.values(expired))).toEqual(new Set(["expired"]));
        // Withdrawn is withdrawn, expired or not.
        await t.handle.db.updateTable("quotes").set({ status: "withdrawn" }).where("id", "=", q2).execute();
        const withdrawn = await statuses();
        expect(withdrawn[q2]).toBe("withdrawn");
        expect(withdrawn[q1]).toBe("expired");
      } finally {
        await t.handle.db.updateTable("quotes").set({ status: "open" }).where("id", "=", q2).execute();
        t.clock.set(TEST_NOW);
      }
    },
  );
});
