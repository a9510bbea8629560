import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { spawnServer } from "../helpers/spawn";

const dataDir = mkdtempSync(path.join(tmpdir(), "caravan-start-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts the service the way `npm start` does, and waits for the last demo token line. */
const start = () => spawnServer({ DATA_DIR: dataDir, DATABASE_URL: "" }, { ready: /cvn_demo_billing_zju4/ });

function counts() {
  const db = new SQLite(path.join(dataDir, "caravan.sqlite"), { readonly: true });
  try {
    const n = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return {
      hospitals: n("hospitals"),
      flights: n("flights"),
      users: n("users"),
      tariffItems: n("tariff_items"),
      tours: n("tour_departures"),
    };
  } finally {
    db.close();
  }
}

const auth = (t: string, extra: Record<string, string> = {}) => ({
  headers: { Authorization: `Bearer ${t}`, "Content-Type": "application/json", ...extra },
});

/** Health, the contract, the docs page with its own bundle, and the demo catalog. */
async function expectServesHealthContractDocs(url: string): Promise<void> {
  const health: any = await (await fetch(`${url}/health`)).json();
  expect(health).toMatchObject({ status: "ok", database: "ok", dialect: "sqlite" });
  const doc: any = await (await fetch(`${url}/openapi.json`)).json();
  expect(doc.openapi).toBe("3.1.0");
  const docs = await fetch(`${url}/docs`);
  expect(docs.status).toBe(200);
  expect(await docs.text()).toContain("/docs/assets/swagger-ui-bundle.js");
  const bundle = await fetch(`${url}/docs/assets/swagger-ui-bundle.js`);
  expect(bundle.status).toBe(200);
  expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  const hospitals: any = await (await fetch(`${url}/v1/hospitals?limit=100`)).json();
  expect(hospitals.data).toHaveLength(6);
}

/** Signs a patient up; returns their token and id. */
async function signUp(url: string): Promise<{ token: string; patientId: string }> {
  const res = await fetch(`${url}/v1/patients`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      fullName: "Arman Nurlanov",
      email: "arman@example.kz",
      nationality: "KZ",
      homeCity: "Astana",
      language: "kk",
      currency: "KZT",
      passportNumber: "N55512345",
    }),
  });
  expect(res.status).toBe(201);
  const created: any = await res.json();
  return { token: created.token, patientId: created.patient.id };
}

/** A quote at parity for two lines; returns its id. */
async function quoteAtParity(url: string): Promise<string> {
  const quote = await fetch(`${url}/v1/quotes`, {
    method: "POST",
    ...auth("cvn_demo_admin"),
    body: JSON.stringify({
      hospitalId: "hsp_xjph",
      patientId: "pat_demo_alexander",
      serviceDate: "2026-12-10",
      items: [
        { code: "GSUR-LCHOL", quantity: 1 },
        { code: "BED-WARD", quantity: 3 },
      ],
    }),
  });
  expect(quote.status, await quote.clone().text()).toBe(201);
  return ((await quote.json()) as any).id as string;
}

/** Raises line 2's unit price by 100 in the database file itself, behind the server's back. */
function editLineInFile(quoteId: string): void {
  const file = new SQLite(path.join(dataDir, "caravan.sqlite"));
  try {
    file
      .prepare(
        "update quote_lines set unit_price = unit_price + 100, line_total = line_total + 300 where quote_id = " +
          "? and line_no = 2",
      )
      .run(quoteId);
  } finally {
    file.close();
  }
}

/**
 * The parity report reads its lines on its own thread (dist/entry/parity-lines-thread.mjs, built beside the
 * server): a quote at parity, then the same line edited in the file directly.
 */
async function expectParityReportReadsTheFile(url: string): Promise<void> {
  const quoteId = await quoteAtParity(url);
  const report = async () => {
    const res = await fetch(
      `${url}/v1/hospitals/hsp_xjph/parity-report?from=2026-01-01&to=2027-12-31`,
      auth("cvn_demo_billing_xjph"),
    );
    expect(res.status).toBe(200);
    return (await res.json()) as any;
  };
  const before = await report();
  expect(before.lines.map((l: any) => [l.quoteId, l.lineNo, l.code, l.chargedUnitPrice, l.verdict])).toEqual([
    [quoteId, 1, "GSUR-LCHOL", 1_800_000, "parity"],
    [quoteId, 2, "BED-WARD", 18_000, "parity"],
  ]);
  editLineInFile(quoteId);
  const after = await report();
  expect(after.lines.map((l: any) => [l.lineNo, l.chargedUnitPrice, l.deviation, l.verdict])).toEqual([
    [1, 1_800_000, 0, "parity"],
    [2, 18_100, 100, "overcharge"],
  ]);
  expect(after.summary).toMatchObject({
    lines: 2,
    parity: 1,
    overcharge: 1,
    totalDeviation: 300,
    verdict: "violations",
  });
  const csv = await fetch(
    `${url}/v1/hospitals/hsp_xjph/parity-report?from=2026-01-01&to=2027-12-31`,
    auth("cvn_demo_billing_xjph", { Accept: "text/csv" }),
  );
  expect(csv.status).toBe(200);
  expect((await csv.text()).split("\r\n")[2]).toBe(
    `${quoteId},2,open,2026-12-10,BED-WARD,general_surgery,standard,3,18100,18000,100,54300,54000,overcharge,1`,
  );
}

describe("npm start on the embedded default", () => {
  it("serves health, contract, docs and the demo catalog; a restart keeps data and adds no duplicates", async () => {
    const first = await start();
    let patient = { token: "", patientId: "" };
    try {
      expect(first.output()).toContain("Demo data loaded (first start).");
      expect(first.output()).toContain("cvn_demo_patient_anar");
      await expectServesHealthContractDocs(first.url);
      patient = await signUp(first.url);
      await expectParityReportReadsTheFile(first.url);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const before = counts();
    expect(before.hospitals).toBe(6);
    expect(before.flights).toBeGreaterThan(1000);
    expect(statSync(path.join(dataDir, "keys.json")).mode & 0o777).toBe(0o600);

    const second = await start();
    try {
      expect(second.output()).toContain("Demo data already present.");
      const res = await fetch(`${second.url}/v1/patients/${patient.patientId}`, {
        headers: { Authorization: `Bearer ${patient.token}` },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).passportNumber).toBe("N55512345");
    } finally {
      expect(await second.stop()).toBe(0);
    }
    expect(counts()).toEqual(before);
  }, 120_000);
});
