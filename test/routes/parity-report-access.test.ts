import { describe, expect, it } from "vitest";
import { ParityReportSchema } from "../../src/routes/parity/schemas";
import { T } from "../helpers/tokens";
import { expectedReport } from "./parity-report-expected";
import { FULL, H, OTHER, problem, reportJson, reportPath, useParityReportWorld } from "./parity-report-fixtures";

/** Who may read a hospital's parity report, and the range a request must give. */

const world = useParityReportWorld();

describe("parity report", () => {
  it("only that hospital's billing and admin may see it", async () => {
    const { t, where } = world;
    const admin = await reportJson(t, ...FULL, T.admin);
    expect(admin.summary).toEqual(expectedReport(where, ...FULL, true).summary);
    for (const token of [T.billingYiwu, T.clinician, T.agent, T.alexander]) {
      await problem(await t.call("GET", reportPath(...FULL), { token }), 403);
      await problem(await t.call("GET", reportPath(...FULL), { token, headers: { Accept: "text/csv" } }), 403);
    }
    await problem(await t.call("GET", reportPath(...FULL)), 401);
    // The other hospital's billing sees its own report, without xjph's lines.
    const res = await t.call("GET", reportPath(...FULL, OTHER), { token: T.billingYiwu });
    expect(res.status).toBe(200);
    const own = ParityReportSchema.parse(JSON.parse(await res.text()));
    expect(own.lines.map((l) => l.code)).toEqual(["GSUR-LCHOL", "BED-WARD"]);
    expect(own.summary).toMatchObject({ lines: 2, parity: 2, verdict: "parity" });
    // …and xjph's billing may not see Yiwu's.
    await problem(await t.call("GET", reportPath(...FULL, OTHER), { token: T.billing }), 403);
  });

  it("to before from → 400 naming query.to", async () => {
    const { t } = world;
    const p = await problem(await t.call("GET", reportPath("2027-01-02", "2027-01-01"), { token: T.billing }), 400);
    expect(p.errors?.map((e) => e.path)).toEqual(["query.to"]);
    const p2 = await problem(
      await t.call("GET", `/v1/hospitals/${H}/parity-report?from=2027-01-01`, { token: T.billing }),
      400,
    );
    expect(p2.errors?.map((e) => e.path)).toContain("query.to");
  });
});
