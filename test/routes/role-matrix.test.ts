import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARE_CASES } from "./role-matrix-care-cases";
import { type Case, openMatrixWorld, world as w, TOKENS, WHO } from "./role-matrix-fixtures";
import { ITINERARY_CASES } from "./role-matrix-itinerary-cases";

/**
 * Every operation in the contract, and who may call it. The test fails when an
 * operation is missing here, or when anyone outside `allowed` gets through.
 */
const MATRIX: Record<string, Case> = { ...CARE_CASES, ...ITINERARY_CASES };

let operations: { id: string; method: string; path: string }[] = [];

beforeAll(async () => {
  await openMatrixWorld();
  const doc = w.t.app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "x", version: "x" } });
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, { operationId?: string }>)) {
      if (op?.operationId) operations.push({ id: op.operationId, method, path });
    }
  }
});
afterAll(() => w.t.close());

describe("role matrix", () => {
  it("covers every operation in the contract", () => {
    expect(operations.length).toBeGreaterThan(30);
    expect(operations.map((o) => o.id).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const [id, c] of Object.entries(MATRIX)) {
    for (const who of WHO) {
      const may = c.allowed.includes(who);
      it(`${id} × ${who}: ${may ? "allowed" : "refused"}`, async () => {
        const op = operations.find((o) => o.id === id);
        expect(op, `operation ${id} is in the contract`).toBeDefined();
        const req = await c.request(who);
        const res = await w.t.call(op!.method.toUpperCase(), req.path, {
          token: TOKENS[who],
          body: req.body,
          rawBody: req.rawBody,
          headers: req.headers,
        });
        if (may) {
          expect(res.status, `${id} as ${who} → ${res.status}: ${await res.clone().text()}`).toBeLessThan(300);
        } else {
          expect(res.status).toBe(who === "anonymous" ? 401 : 403);
        }
      });
    }
  }
});
