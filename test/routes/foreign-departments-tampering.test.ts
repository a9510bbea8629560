import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { affirmationDocument, serializeAffirmation } from "../../src/domain/parity/affirmation";
import { ParityChecksResultSchema, ParityReportSchema, VerifyResultSchema } from "../../src/routes/parity/schemas";
import { QuoteSchema } from "../../src/routes/quotes/schemas";
import type { TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { H, INTL, LEGACY_ID, ok, openForeignDepartmentsApp, V2_CABG } from "./foreign-departments-fixtures";

/**
 * Quote lines edited in the database behind the engine's back:
 * 10. a stored international-department line at 10× under a correct tariff → overcharge;
 * 11. the same under the version that carries the markup → overcharge against the standard price,
 *     never parity; counted in the summary (JSON and CSV), parity checks agree;
 * 12. a signed affirmation over such a line → /v1/parity/verify says invalid.
 */

let t: TestApp;
beforeAll(async () => {
  ({ t } = await openForeignDepartmentsApp());
});
afterAll(() => t.close());

describe("lines edited behind the engine's back", () => {
  const FROM = "2027-01-01";
  const TO = "2027-05-31";
  /** Each tampered line: the date it is moved to, the version it claims, and the verdict it must get. */
  const TAMPERED = [
    {
      name: "10. an international-department line at 10× under a correct tariff",
      serviceDate: "2027-01-10",
      versionId: "tfv_xjph_2",
      version: 2,
    },
    {
      name: "11. an international-department line at 10× under the version carrying the markup",
      serviceDate: "2027-03-05",
      versionId: LEGACY_ID,
      version: 3,
    },
  ] as const;
  const lineOf: Record<string, { quoteId: string; lineNo: number }> = {};
  let premiumLinesInRange = 0;

  beforeAll(async () => {
    for (const v of TAMPERED) {
      const q = await ok(
        await t.call("POST", "/v1/quotes", {
          token: T.alexander,
          body: {
            hospitalId: H,
            serviceDate: "2027-01-10",
            items: [
              { code: "CARD-CABG", quantity: 1, serviceClass: "vip", department: INTL },
              { code: "CONS-SPEC", quantity: 1 },
            ],
          },
        }),
        QuoteSchema,
        201,
      );
      expect(q.lines[0]!.unitPrice.amount).toBe(V2_CABG);
      lineOf[v.name] = { quoteId: q.id, lineNo: 1 };
      const r = await t.handle.db
        .updateTable("quote_lines")
        .set({
          service_date: v.serviceDate,
          tariff_version_id: v.versionId,
          tariff_version: v.version,
          unit_price: V2_CABG * 10,
          line_total: V2_CABG * 10,
        })
        .where("quote_id", "=", q.id)
        .where("line_no", "=", 1)
        .executeTakeFirst();
      expect(Number(r.numUpdatedRows)).toBe(1);
    }
    // Every non-standard line with a service date in range, counted from the database independently.
    const rows = await t.handle.db
      .selectFrom("quote_lines")
      .select(["service_class"])
      .where("hospital_id", "=", H)
      .where("service_date", ">=", FROM)
      .where("service_date", "<=", TO)
      .execute();
    premiumLinesInRange = rows.filter((r) => r.service_class !== "standard").length;
  });

  describe.each(TAMPERED)("$name", (v) => {
    it("the report calls it an overcharge against the standard domestic price, never parity", async () => {
      const report = await ok(
        await t.call("GET", `/v1/hospitals/${H}/parity-report?from=${FROM}&to=${TO}`, { token: T.billing }),
        ParityReportSchema,
      );
      const line = report.lines.find((l) => l.quoteId === lineOf[v.name]!.quoteId && l.lineNo === 1)!;
      expect(line).toMatchObject({
        department: INTL,
        serviceClass: "vip",
        serviceDate: v.serviceDate,
        chargedUnitPrice: V2_CABG * 10,
        domesticUnitPrice: V2_CABG,
        deviation: V2_CABG * 9,
        verdict: "overcharge",
        tariffVersion: v.version,
      });
    });

    it("parity checks agree: the international line at 10× is an overcharge", async () => {
      const r = await ok(
        await t.call("POST", `/v1/hospitals/${H}/parity-checks`, {
          token: T.billing,
          body: {
            lines: [
              {
                code: "CARD-CABG",
                department: INTL,
                serviceClass: "vip",
                serviceDate: v.serviceDate,
                unitPrice: V2_CABG * 10,
              },
            ],
          },
        }),
        ParityChecksResultSchema,
      );
      expect(r.results[0]).toMatchObject({
        domesticUnitPrice: V2_CABG,
        verdict: "overcharge",
        tariffVersion: v.version,
      });
    });

    it(
      "12. an affirmation signed over it is refused by /v1/parity/verify; the same " +
        "line at the standard price verifies",
      async () => {
        const affirm = async (unitPrice: number) => {
          const payload = serializeAffirmation(
            affirmationDocument({
              quoteId: "quo_crafted",
              revision: 1,
              hospitalId: H,
              currency: "CNY",
              issuedAt: "2026-11-22T10:00:00.000Z",
              lines: [
                {
                  lineNo: 1,
                  code: "CARD-CABG",
                  department: INTL,
                  serviceClass: "vip",
                  quantity: 1,
                  serviceDate: v.serviceDate,
                  unitPrice,
                  lineTotal: unitPrice,
                  tariffVersionId: v.versionId,
                  tariffVersion: v.version,
                },
              ],
            }),
          );
          const body = { payload, signature: await t.deps.signer.sign(payload), keyId: t.deps.signer.keyId };
          return ok(await t.call("POST", "/v1/parity/verify", { body }), VerifyResultSchema);
        };
        const marked = await affirm(V2_CABG * 10);
        expect(marked.signatureValid).toBe(true);
        expect(marked.valid).toBe(false);
        expect(marked.parity).toMatchObject({
          holds: false,
          lines: [{ lineNo: 1, unitPrice: V2_CABG * 10, domesticUnitPrice: V2_CABG, holds: false }],
        });
        expect(marked.reasons).toEqual([`line 1 (CARD-CABG) does not match the domestic tariff version ${v.version}`]);
        const fair = await affirm(V2_CABG);
        expect(fair).toMatchObject({ valid: true, signatureValid: true, reasons: [] });
      },
    );
  });

  it(
    "the summary counts the tampered lines as violations and the premium-class lines " + "apart, in JSON and CSV",
    async () => {
      const report = await ok(
        await t.call("GET", `/v1/hospitals/${H}/parity-report?from=${FROM}&to=${TO}`, { token: T.billing }),
        ParityReportSchema,
      );
      expect(report.summary).toMatchObject({
        overcharge: 2,
        undercharge: 0,
        unknownCode: 0,
        verdict: "violations",
        totalDeviation: 2 * 9 * V2_CABG,
      });
      expect(report.summary.parity).toBe(report.summary.lines - 2);
      // The two VIP lines; nothing else in range is in a premium class.
      expect(premiumLinesInRange).toBe(2);
      expect(report.summary.premiumClassLines).toBe(premiumLinesInRange);
      const csv = await (
        await t.call("GET", `/v1/hospitals/${H}/parity-report?from=${FROM}&to=${TO}`, {
          token: T.billing,
          headers: { Accept: "text/csv" },
        })
      ).text();
      const [header, row] = csv
        .trimEnd()
        .split("\r\n\r\n")[1]!
        .split("\r\n")
        .map((r) => r.split(","));
      expect(row![header!.indexOf("premium_class_lines")]).toBe(String(premiumLinesInRange));
      expect(row![header!.indexOf("overcharge")]).toBe("2");
    },
  );
});
