import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParityChecksResultSchema } from "../../src/routes/parity/schemas";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { H, problem } from "./parity-report-fixtures";

/** Parity checks of uploaded invoice lines (JSON or CSV) against the demo tariff of hsp_xjph. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("parity checks", () => {
  const path = `/v1/hospitals/${H}/parity-checks`;
  /** Invoice lines with known verdicts, and what each must get back. */
  const CASES = [
    {
      line: {
        ref: "INV-1",
        code: "CARD-CABG",
        department: "cardiac_surgery",
        serviceClass: "standard",
        serviceDate: "2026-12-03",
        unitPrice: 9_800_000,
        quantity: 1,
      },
      domestic: 9_800_000,
      verdict: "parity",
      version: 1,
    },
    {
      line: {
        ref: "INV-2",
        code: "BED-ICU",
        department: "cardiac_surgery",
        serviceClass: "standard",
        serviceDate: "2026-12-04",
        unitPrice: 300_000,
        quantity: 3,
      },
      domestic: 250_000,
      verdict: "overcharge",
      version: 1,
    },
    {
      line: {
        ref: "INV-3",
        code: "BED-WARD",
        department: "general_surgery",
        serviceClass: "premium_ward",
        serviceDate: "2026-12-05",
        unitPrice: 60_000,
        quantity: 2,
      },
      domestic: 68_000,
      verdict: "undercharge",
      version: 1,
    },
    {
      line: {
        ref: "INV-4",
        code: "XRAY-NOPE",
        department: "neurology",
        serviceClass: "standard",
        serviceDate: "2026-12-06",
        unitPrice: 10_000,
        quantity: 1,
      },
      domestic: null,
      verdict: "unknown_code",
      version: 1,
    },
    {
      line: {
        ref: "INV-5",
        code: "CARD-CABG",
        department: "cardiac_surgery",
        serviceClass: "standard",
        serviceDate: "2025-12-31",
        unitPrice: 9_800_000,
        quantity: 1,
      },
      domestic: null,
      verdict: "no_tariff_in_force",
      version: null,
    },
    // v1's price on a v2 date: the v2 price (72,000) is the domestic one.
    {
      line: {
        ref: "INV-6",
        code: "IMG-MRI-BRAIN",
        department: "neurology",
        serviceClass: "standard",
        serviceDate: "2027-01-10",
        unitPrice: 80_000,
        quantity: 1,
      },
      domestic: 72_000,
      verdict: "overcharge",
      version: 2,
    },
    {
      line: {
        ref: "INV-7",
        code: "CARD-CABG",
        department: "cardiac_surgery",
        serviceClass: "standard",
        serviceDate: "2027-01-01",
        unitPrice: 10_200_000,
        quantity: 1,
      },
      domestic: 10_200_000,
      verdict: "parity",
      version: 2,
    },
    // The loophole: the VIP line billed at ten times the price.
    {
      line: {
        ref: "INV-8",
        code: "CARD-CABG",
        department: "international_medical_center",
        serviceClass: "vip",
        serviceDate: "2026-12-10",
        unitPrice: 98_000_000,
        quantity: 1,
      },
      domestic: 9_800_000,
      verdict: "overcharge",
      version: 1,
    },
  ] as const;
  const LINES = CASES.map((c) => c.line);

  function expectedResults() {
    return CASES.map((c, i) => ({
      lineNo: i + 1,
      ref: c.line.ref,
      code: c.line.code,
      department: c.line.department,
      serviceClass: c.line.serviceClass,
      serviceDate: c.line.serviceDate,
      quantity: c.line.quantity,
      chargedUnitPrice: c.line.unitPrice,
      domesticUnitPrice: c.domestic,
      deviation: c.domestic === null ? null : c.line.unitPrice - c.domestic,
      verdict: c.verdict,
      tariffVersion: c.version,
    }));
  }
  const EXPECTED_SUMMARY = {
    lines: 8,
    parity: 2,
    overcharge: 3,
    undercharge: 1,
    unknownCode: 1,
    noTariffInForce: 1,
    // INV-3 (premium ward) and INV-8 (VIP line)
    premiumClassLines: 2,
    totalCharged: 9_800_000 + 900_000 + 120_000 + 10_000 + 9_800_000 + 80_000 + 10_200_000 + 98_000_000,
    totalDomestic: 9_800_000 + 750_000 + 136_000 + 72_000 + 10_200_000 + 9_800_000,
    // +150,000 (ICU) − 16,000 (premium ward) + 8,000 (MRI on v2) + 88,200,000 (VIP loophole)
    totalDeviation: 150_000 - 16_000 + 8_000 + 88_200_000,
    verdict: "violations",
  };

  async function check(init: { body?: unknown; rawBody?: string; headers?: Record<string, string>; token?: string }) {
    const res = await t.call("POST", path, { token: T.billing, ...init });
    expect(res.status, await res.clone().text()).toBe(200);
    return ParityChecksResultSchema.parse(await res.json());
  }

  const toCsv = (cols: string[], lines: readonly Record<string, string | number>[]) =>
    `${cols.join(",")}\r\n${lines.map((l) => cols.map((c) => String(l[c] ?? "")).join(",")).join("\r\n")}\r\n`;

  it("JSON lines: each one's domestic price, deviation and verdict, and the summary", async () => {
    const r = await check({ body: { lines: LINES } });
    expect(r).toMatchObject({ hospitalId: H, currency: "CNY", checkedAt: "2026-11-22T10:00:00.000Z" });
    expect(r.results).toEqual(expectedResults());
    expect(r.summary).toEqual(EXPECTED_SUMMARY);
    expect(EXPECTED_SUMMARY.totalDeviation).toBe(88_342_000);
  });

  it("the same lines as a CSV upload, in either column order, give identical results", async () => {
    const json = await check({ body: { lines: LINES } });
    const cols = ["ref", "code", "department", "serviceClass", "serviceDate", "unitPrice", "quantity"];
    const a = await check({ rawBody: toCsv(cols, LINES), headers: { "Content-Type": "text/csv" } });
    expect(a).toEqual(json);
    const shuffled = ["unitPrice", "serviceDate", "quantity", "code", "ref", "serviceClass", "department"];
    const b = await check({ rawBody: toCsv(shuffled, LINES), headers: { "Content-Type": "text/csv; charset=utf-8" } });
    expect(b).toEqual(json);
    expect(b.results.map((x) => x.verdict)).toEqual(CASES.map((c) => c.verdict));
  });

  it("a CSV with a bad unitPrice → 400 naming body.lines.N.unitPrice", async () => {
    const cols = ["ref", "code", "department", "serviceClass", "serviceDate", "unitPrice", "quantity"];
    const lines = LINES.map((l, i) => (i === 2 ? { ...l, unitPrice: "60000.50" } : l));
    const p = await problem(
      await t.call("POST", path, {
        token: T.billing,
        rawBody: toCsv(cols, lines),
        headers: { "Content-Type": "text/csv" },
      }),
      400,
    );
    expect(p.errors?.map((e) => e.path)).toEqual(["body.lines.2.unitPrice"]);
    const p2 = await problem(
      await t.call("POST", path, {
        token: T.billing,
        rawBody: "code,serviceDate,unitPrice\r\nCARD-CABG,2026-12-03,abc\r\n",
        headers: { "Content-Type": "text/csv" },
      }),
      400,
    );
    expect(p2.errors?.map((e) => e.path)).toEqual(["body.lines.0.unitPrice"]);
  });

  it("CSV numbers are plain decimal digits and dates real calendar days", async () => {
    const csv = (rows: string[]) => `code,serviceDate,unitPrice,quantity\r\n${rows.join("\r\n")}\r\n`;
    const send = (rows: string[]) =>
      t.call("POST", path, { token: T.billing, rawBody: csv(rows), headers: { "Content-Type": "text/csv" } });
    const p = await problem(
      await send([
        "CARD-CABG,2026-12-03,0x10,1",
        "CARD-CABG,2026-12-03,1e3,1",
        "CARD-CABG,2026-12-03,+5,1",
        "CARD-CABG,2026-12-03,9800000,0x1",
        "CARD-CABG,2026-12-03,9800000,1e1",
        "CARD-CABG,2026-12-03,9800000,+2",
        "CARD-CABG,2026-02-31,9800000,1",
        "CARD-CABG,2026-13-01,9800000,1",
        "CARD-CABG,2026-12-03,-5,1",
        "CARD-CABG,2026-12-03,9800000,0",
        "CARD-CABG,2026-12-03,9800000.0,1",
      ]),
      400,
    );
    expect(p.errors?.map((e) => e.path)).toEqual([
      "body.lines.0.unitPrice",
      "body.lines.1.unitPrice",
      "body.lines.2.unitPrice",
      "body.lines.3.quantity",
      "body.lines.4.quantity",
      "body.lines.5.quantity",
      "body.lines.6.serviceDate",
      "body.lines.7.serviceDate",
      "body.lines.8.unitPrice",
      "body.lines.9.quantity",
      "body.lines.10.unitPrice",
    ]);
    // What is right still passes: leading zeros are digits, 2028-02-29 is a day, quantity defaults to 1.
    const ok = await check({
      rawBody:
        "code,serviceDate,unitPrice,quantity\r\nCARD-CABG,2026-12-03,09800000,01\r\nCARD-CABG,2028-02-29,10200000,\r\n",
      headers: { "Content-Type": "text/csv" },
    });
    expect(ok.results.map((r) => [r.serviceDate, r.chargedUnitPrice, r.quantity, r.verdict])).toEqual([
      ["2026-12-03", 9_800_000, 1, "parity"],
      ["2028-02-29", 10_200_000, 1, "parity"],
    ]);
  });

  it("a CSV without the code column → 400", async () => {
    const p = await problem(
      await t.call("POST", path, {
        token: T.billing,
        rawBody: "ref,serviceDate,unitPrice\r\nINV-1,2026-12-03,9800000\r\n",
        headers: { "Content-Type": "text/csv" },
      }),
      400,
    );
    expect(p.errors?.map((e) => e.path)).toEqual(["body.header.code"]);
  });

  it("neither JSON nor CSV → refused, nothing judged", async () => {
    // No content type at all: the handler's own 400 naming the header.
    const p = await problem(await t.call("POST", path, { token: T.billing }), 400);
    expect(p.errors?.map((e) => e.path)).toEqual(["header.content-type"]);
    // A body of another media type is stopped earlier, by @hono/zod-openapi's content-type
    // check: 415, as a problem naming the header like the 400 above.
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/xml"]) {
      const res = await t.call("POST", path, {
        token: T.billing,
        rawBody: "code=CARD-CABG&unitPrice=1",
        headers: { "Content-Type": type },
      });
      const body = await problem(res, 415);
      expect(body).toMatchObject({
        code: "unsupported_media_type",
        type: "urn:caravan:problem:unsupported_media_type",
        status: 415,
      });
      expect(body.errors).toEqual([{ path: "header.content-type", message: "expected application/json or text/csv" }]);
    }
    // A route that takes JSON only names JSON only.
    const json = await problem(
      await t.call("POST", "/v1/quotes", {
        token: T.admin,
        rawBody: "hospitalId=hsp_xjph",
        headers: { "Content-Type": "text/plain" },
      }),
      415,
    );
    expect(json).toMatchObject({
      code: "unsupported_media_type",
      errors: [{ path: "header.content-type", message: "expected application/json" }],
    });
  });

  it("refused to anyone but that hospital's billing and admin", async () => {
    const admin = await check({ body: { lines: LINES }, token: T.admin });
    expect(admin.summary).toEqual(EXPECTED_SUMMARY);
    for (const token of [T.billingYiwu, T.clinician, T.agent, T.alexander]) {
      await problem(await t.call("POST", path, { token, body: { lines: LINES } }), 403);
    }
    await problem(
      await t.call("POST", path, {
        token: T.billingYiwu,
        rawBody: "code,serviceDate,unitPrice\r\nCARD-CABG,2026-12-03,9800000\r\n",
        headers: { "Content-Type": "text/csv" },
      }),
      403,
    );
    await problem(await t.call("POST", path, { body: { lines: LINES } }), 401);
  });
});
