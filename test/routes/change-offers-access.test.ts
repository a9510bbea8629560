import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Itinerary } from "../../src/routes/itineraries/schemas";
import { testDatabases } from "../helpers/databases";
import { ok } from "../helpers/itinerary-fixtures";
import { confirmedTrip, ifMatch, moveReturn, sendOffer } from "../helpers/offer-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

type Who =
  | "owner"
  | "agent"
  | "admin"
  | "clinician"
  | "billing"
  | "otherAgencyPatient"
  | "otherAgencyAgent"
  | "otherHospitalStaff"
  | "patientWithoutAgency";
type Op = "get" | "list" | "create" | "accept" | "decline";

/** What each caller gets: participants read; agents and admins create; only the patient decides; others 404. */
const EXPECTED: Record<Who, Record<Op, number>> = {
  owner: { get: 200, list: 200, create: 403, accept: 0, decline: 0 },
  agent: { get: 200, list: 200, create: 0, accept: 403, decline: 403 },
  admin: { get: 200, list: 200, create: 0, accept: 403, decline: 403 },
  clinician: { get: 200, list: 200, create: 403, accept: 403, decline: 403 },
  billing: { get: 200, list: 200, create: 403, accept: 403, decline: 403 },
  otherAgencyPatient: { get: 404, list: 404, create: 404, accept: 404, decline: 404 },
  otherAgencyAgent: { get: 404, list: 404, create: 404, accept: 404, decline: 404 },
  otherHospitalStaff: { get: 404, list: 404, create: 404, accept: 404, decline: 404 },
  patientWithoutAgency: { get: 404, list: 404, create: 404, accept: 404, decline: 404 },
};
const cases = (Object.keys(EXPECTED) as Who[]).flatMap((who) =>
  (Object.keys(EXPECTED[who]) as Op[])
    .filter((op) => EXPECTED[who][op] !== 0)
    .map((op) => ({ who, op, status: EXPECTED[who][op] })),
);

describe.each(testDatabases)("change offers: the access matrix on $dialect", ({ open }) => {
  let t: TestApp;
  let itn: Itinerary;
  let offerId: string;
  const tokens = {} as Record<Who, string>;

  beforeAll(async () => {
    t = await createTestApp({ handle: await open() });
    const trip = await confirmedTrip(t, "offers-access@example.kz");
    itn = trip.itn;
    offerId = (await sendOffer(t, itn)).id as string;
    const otherAgent = await ok(
      await t.call("POST", "/v1/users", {
        token: T.admin,
        body: {
          email: "agent@tianshan.example.kg",
          displayName: "Other agent",
          role: "agent",
          agencyId: "agy_tianshan",
        },
      }),
      201,
    );
    const otherPatient = await ok(
      await t.call("POST", "/v1/patients", {
        body: {
          fullName: "Other Patient",
          email: "other@example.kg",
          nationality: "kg",
          homeCity: "Bishkek",
          language: "ru",
          currency: "KGS",
          agencyId: "agy_tianshan",
        },
      }),
      201,
    );
    Object.assign(tokens, {
      owner: trip.token,
      agent: T.agent,
      admin: T.admin,
      clinician: T.clinician,
      billing: T.billing,
      otherAgencyPatient: otherPatient.token,
      otherAgencyAgent: otherAgent.token,
      otherHospitalStaff: T.billingYiwu,
      patientWithoutAgency: T.anar,
    });
  });
  afterAll(() => t?.close());

  const call = (op: Op, token: string) => {
    const base = `/v1/itineraries/${itn.id}/change-offers`;
    if (op === "get") return t.call("GET", `${base}/${offerId}`, { token });
    if (op === "list") return t.call("GET", base, { token });
    if (op === "create") return t.call("POST", base, { token, headers: ifMatch(itn.version), body: moveReturn(itn) });
    return t.call("POST", `${base}/${offerId}/${op}`, { token, headers: ifMatch(itn.version) });
  };

  it.each(cases)("$who → $op: $status, nothing changed", async ({ who, op, status }) => {
    const res = await call(op, tokens[who]);
    const body = await ok(res, status);
    if (status === 404) {
      // The same answer as for a trip that does not exist: nothing is learned.
      expect(body.title).toBe("Not found");
      expect(body.detail).not.toContain(offerId);
    }
    if (op === "get" && status === 200) expect(body.id).toBe(offerId);
    if (op === "list" && status === 200) expect(body.data.map((o: { id: string }) => o.id)).toEqual([offerId]);
    const still = await ok(await call("get", T.agent));
    expect(still.status).toBe("open");
    const versions = await t.handle.db.selectFrom("itineraries").select("version").where("id", "=", itn.id).execute();
    expect(versions[0]!.version).toBe(itn.version);
  });
});
