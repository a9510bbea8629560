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
    return { hospitals: n("hospitals"), flights: n("flights"), users: n("users"), tariffItems: n("tariff_items"), tours: n("tour_departures") };
  } finally {
    db.close();
  }
}

describe("npm start on the embedded default", () => {
  it("serves health, contract, docs and the demo catalog; a restart keeps data and adds no duplicates", async () => {
    const first = await start();
    let token = "";
    let patientId = "";
    try {
      expect(first.output()).toContain("Demo data loaded (first start).");
      expect(first.output()).toContain("cvn_demo_patient_anar");
      const health: any = await (await fetch(`${first.url}/health`)).json();
      expect(health).toMatchObject({ status: "ok", database: "ok", dialect: "sqlite" });
      const doc: any = await (await fetch(`${first.url}/openapi.json`)).json();
      expect(doc.openapi).toBe("3.1.0");
      const docs = await fetch(`${first.url}/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain("/docs/assets/swagger-ui-bundle.js");
      const bundle = await fetch(`${first.url}/docs/assets/swagger-ui-bundle.js`);
      expect(bundle.status).toBe(200);
      expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
      const hospitals: any = await (await fetch(`${first.url}/v1/hospitals?limit=100`)).json();
      expect(hospitals.data).toHaveLength(6);

      const signUp = await fetch(`${first.url}/v1/patients`, {
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
      expect(signUp.status).toBe(201);
      const created: any = await signUp.json();
      token = created.token;
      patientId = created.patient.id;
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
      const res = await fetch(`${second.url}/v1/patients/${patientId}`, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).passportNumber).toBe("N55512345");
    } finally {
      expect(await second.stop()).toBe(0);
    }
    expect(counts()).toEqual(before);
  }, 120_000);
});
