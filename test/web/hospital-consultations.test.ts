/**
 * The clinicians' console: /hospital/{id}/consultations (the queue by state) and
 * /hospital/{id}/consultations/{cid} (details, records, scheduling, the recommendation), over the
 * same verbs as the API; every role as the API answers it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { form, textOf } from "./care-helpers";
import { askedConsultation, browserAs, otherClinician } from "./clinic-helpers";
import { DEMO_USERS } from "./helpers";

const H = "hsp_xjph";
let t: TestApp;
let con: string;
let otherCon: string;
let otherDoctor: string;
type Browser = Awaited<ReturnType<typeof browserAs>>;
const as: Record<string, Browser> = {};

beforeAll(async () => {
  t = await createTestApp();
  otherDoctor = await otherClinician(t, "hsp_zju4");
  con = await askedConsultation(t, T.anar, H, "cardiac_surgery");
  otherCon = await askedConsultation(t, T.anar, "hsp_zju4", "general_surgery");
  const users: Record<string, string | null> = {
    clinician: DEMO_USERS.clinician,
    admin: DEMO_USERS.admin,
    otherClinician: otherDoctor,
    billing: DEMO_USERS.billing,
    billingOther: DEMO_USERS.billingYiwu,
    agent: DEMO_USERS.agent,
    patient: DEMO_USERS.anar,
    visitor: null,
  };
  for (const [k, id] of Object.entries(users)) as[k] = await browserAs(t, id, "en");
  as.clinicianRu = await browserAs(t, DEMO_USERS.clinician, "ru");
});
afterAll(() => t.close());

const queue = () => `/hospital/${H}/consultations`;
const detail = () => `/hospital/${H}/consultations/${con}`;

/** Free video slots of the hospital's cardiac surgery (the API's list). */
async function slots() {
  const res = await t.call("GET", `/v1/hospitals/${H}/consultation-slots?department=cardiac_surgery&mode=video`);
  return ((await res.json()) as { data: { id: string; startsAt: { utc: string } }[] }).data;
}

// The roles table (shared-16): the API's answers for the same verbs.
describe.each([
  ["clinician of this hospital", "clinician", 200],
  ["admin", "admin", 200],
  ["clinician of another hospital", "otherClinician", 404],
  ["billing of this hospital", "billing", 403],
  ["billing of another hospital", "billingOther", 403],
  ["agent of the patient's agency", "agent", 403],
  ["the patient themselves", "patient", 403],
])("%s", (_name, who, status) => {
  it(`gets ${status} on the queue and on the consultation`, async () => {
    for (const path of [queue(), `${queue()}?status=scheduled`, detail()]) {
      const res = await as[who]!.request(path);
      expect(res.status, path).toBe(status);
      if (status === 200 && !path.includes("scheduled")) expect(await res.text()).toContain(con);
      else expect(await res.text()).not.toContain("angiography.pdf");
    }
  });

  it.skipIf(status === 200)(`gets ${status} when posting a schedule or a recommendation`, async () => {
    const [slot] = await slots();
    const schedule = await as[who]!.request(`${detail()}/schedule`, form({ slotId: slot!.id }));
    expect(schedule.status).toBe(status);
    const rec = await as[who]!.request(
      `${detail()}/recommendation`,
      form({ "items.0.code": "CARD-CABG", "items.0.quantity": "1", inpatientNights: "1", fitToFlyDays: "1" }),
    );
    expect(rec.status).toBe(status);
    // Nothing changed.
    const api = await t.call("GET", `/v1/consultations/${con}`, { token: T.clinician });
    expect(((await api.json()) as { status: string }).status).toBe("requested");
  });
});

describe("the console's addresses", () => {
  it("sends a visitor to sign in, keeping where they were going", async () => {
    for (const path of [queue(), detail()]) {
      const res = await as.visitor!.request(path);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
    }
  });

  it("answers another hospital's consultation under this hospital's address with 404, even for the admin", async () => {
    for (const who of ["clinician", "admin"]) {
      expect((await as[who]!.request(`/hospital/${H}/consultations/${otherCon}`)).status).toBe(404);
    }
    expect((await as.admin!.request(`/hospital/hsp_nowhere/consultations`)).status).toBe(404);
    expect((await as.otherClinician!.request(`/hospital/hsp_zju4/consultations/${otherCon}`)).status).toBe(200);
  });

  it("answers a cursor from elsewhere with the first page, not a 500", async () => {
    const res = await as.clinician!.request(`${queue()}?status=requested&cursor=nonsense`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(con);
  });
});
