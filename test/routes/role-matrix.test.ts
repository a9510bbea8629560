import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

type Who = "anonymous" | "patient" | "agent" | "clinician" | "billing" | "admin";
const WHO: Who[] = ["anonymous", "patient", "agent", "clinician", "billing", "admin"];
const TOKENS: Record<Who, string | undefined> = {
  anonymous: undefined,
  patient: T.anar,
  agent: T.agent,
  clinician: T.clinician,
  billing: T.billing,
  admin: T.admin,
};
const EVERYONE: Who[] = WHO;
const SIGNED_IN: Who[] = ["patient", "agent", "clinician", "billing", "admin"];

let n = 0;
const unique = () => `matrix${++n}@example.kz`;

interface Case {
  /** Who may; everyone else gets 401 (anonymous) or 403 (a role that may not). */
  allowed: Who[];
  path: (who: Who) => string;
  body?: () => unknown;
}

/**
 * Every operation in the contract, and who may call it. The test fails when an
 * operation is missing here, or when anyone outside `allowed` gets through.
 */
const MATRIX: Record<string, Case> = {
  getHealth: { allowed: EVERYONE, path: () => "/health" },
  getDocs: { allowed: EVERYONE, path: () => "/docs" },
  listHospitals: { allowed: EVERYONE, path: () => "/v1/hospitals" },
  getHospital: { allowed: EVERYONE, path: () => "/v1/hospitals/hsp_xjph" },
  listTreatments: { allowed: EVERYONE, path: () => "/v1/hospitals/hsp_xjph/treatments?date=2026-12-01" },
  listAirports: { allowed: EVERYONE, path: () => "/v1/airports" },
  searchFlights: { allowed: EVERYONE, path: () => "/v1/flights?origin=ALA&destination=URC&date=2026-12-01" },
  searchTransfers: { allowed: EVERYONE, path: () => "/v1/transfers?airport=URC" },
  searchLodging: {
    allowed: EVERYONE,
    path: () => "/v1/lodging?hospitalId=hsp_xjph&checkIn=2026-12-01&checkOut=2026-12-03",
  },
  searchTours: { allowed: EVERYONE, path: () => "/v1/tours?city=Urumqi" },
  listAgencies: { allowed: EVERYONE, path: () => "/v1/agencies" },
  createPatient: {
    allowed: ["anonymous", "agent", "admin"],
    path: () => "/v1/patients",
    body: () => ({
      fullName: "Matrix Patient",
      email: unique(),
      nationality: "KZ",
      homeCity: "Almaty",
      language: "ru",
      currency: "KZT",
    }),
  },
  listPatients: { allowed: ["agent", "admin"], path: () => "/v1/patients" },
  getPatient: {
    allowed: ["patient", "agent", "admin"],
    path: (who) => (who === "agent" ? "/v1/patients/pat_demo_alexander" : "/v1/patients/pat_demo_anar"),
  },
  getMe: { allowed: SIGNED_IN, path: () => "/v1/me" },
  createUser: {
    allowed: ["admin"],
    path: () => "/v1/users",
    body: () => ({ role: "agent", displayName: "Matrix Agent", email: unique(), agencyId: "agy_silkroad" }),
  },
};

let t: TestApp;
let operations: { id: string; method: string; path: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const doc = t.app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "x", version: "x" } });
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, { operationId?: string }>)) {
      if (op?.operationId) operations.push({ id: op.operationId, method, path });
    }
  }
});
afterAll(() => t.close());

describe("role matrix", () => {
  it("covers every operation in the contract", () => {
    expect(operations.length).toBeGreaterThan(10);
    expect(operations.map((o) => o.id).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const [id, c] of Object.entries(MATRIX)) {
    for (const who of WHO) {
      const may = c.allowed.includes(who);
      it(`${id} × ${who}: ${may ? "allowed" : "refused"}`, async () => {
        const op = operations.find((o) => o.id === id);
        expect(op, `operation ${id} is in the contract`).toBeDefined();
        const res = await t.call(op!.method.toUpperCase(), c.path(who), {
          token: TOKENS[who],
          body: c.body?.(),
        });
        if (may) {
          expect([401, 403], `${id} as ${who} → ${res.status}`).not.toContain(res.status);
          expect(res.status).toBeLessThan(300);
        } else {
          expect(res.status).toBe(who === "anonymous" ? 401 : 403);
        }
      });
    }
  }
});
