import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardiacPatient, H, ok } from "../helpers/itinerary-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

/**
 * An agent's lists of consultations and quotes page by the agency each row carries (copied from
 * its patient on insert): they hold exactly the agency's patients' rows, newest first, page by page.
 */
describe.each(["consultations", "quotes"] as const)("an agent's list of %s", (kind) => {
  let t: TestApp;
  const mine: string[] = [];
  let selfSignedUp: string;

  beforeAll(async () => {
    t = await createTestApp();
    for (const email of ["agency-a@example.kz", "agency-b@example.kz"]) {
      const p = await cardiacPatient(t, email);
      mine.push(kind === "consultations" ? p.consultationId : (p.quote.id as string));
    }
    // Anar signed up alone: no agency.
    const c = await ok(
      await t.call("POST", "/v1/consultations", {
        token: T.anar,
        body: { hospitalId: H, department: "cardiac_surgery", mode: "video", complaint: "Chest pain", language: "ru" },
      }),
      201,
    );
    selfSignedUp = c.id as string;
  });
  afterAll(() => t.close());

  it("holds the agency's patients' rows, newest first, one per page, and no one else's", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await ok(
        await t.call("GET", `/v1/${kind}?limit=1${cursor ? `&cursor=${cursor}` : ""}`, { token: T.agent }),
      );
      expect(page.data.length).toBeLessThanOrEqual(1);
      seen.push(...page.data.map((r: { id: string }) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    for (const id of mine) expect(seen).toContain(id);
    expect(seen).not.toContain(selfSignedUp);
    expect(seen).toEqual([...seen].sort().reverse());
    // The admin sees the self-signed-up patient's row: it exists, only not the agency's.
    if (kind === "consultations") {
      const all = await ok(await t.call("GET", "/v1/consultations?limit=100", { token: T.admin }));
      expect(all.data.map((r: { id: string }) => r.id)).toContain(selfSignedUp);
    }
  });
});
