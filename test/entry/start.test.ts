import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = mkdtempSync(path.join(tmpdir(), "caravan-start-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts the service the way `npm start` does, on a random port, and waits until it listens. */
async function start(): Promise<{ url: string; output: () => string; stop: () => Promise<number | null> }> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/entry/node.ts"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start in time:\n${out}`)), 45_000);
    const check = () => {
      const m = /listening on (http:\/\/localhost:\d+)/.exec(out);
      if (m?.[1] && /Demo tokens/.test(out) && /Caravan Operations/.test(out)) {
        clearTimeout(timer);
        resolve(m[1].replace("localhost", "127.0.0.1"));
      }
    };
    child.stdout!.on("data", check);
    child.on("exit", (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
  return {
    url,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", (code) => resolve(code));
        child.kill("SIGTERM");
      }),
  };
}

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
