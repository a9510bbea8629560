/**
 * Issue 16's access item across the whole hospital console: every console page and every console POST
 * (as registered by src/web/hospital/**) × every role → the expected status, equal to what the API answers
 * for the same verb and role where the page has an API twin; a refused POST changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TariffVersionListSchema } from "../../src/routes/tariffs/schemas";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { askedConsultation } from "./clinic-helpers";
import { DEMO_USERS, openForm, signIn } from "./helpers";
import { NO_API_TWIN } from "../../src/web/hospital/access";

const H = "hsp_xjph";
const RANGE = "from=2026-11-01&to=2026-11-30";
const CSV_HEAD = "code,name_en,kind,unit,unit_price_minor,department,service_class";
const TARIFF_CSV = `${CSV_HEAD}\nCARD-NEW,New thing,procedure,each,100000,cardiac_surgery,standard\n`;
const INVOICE_CSV =
  "ref,code,department,serviceDate,unitPrice,quantity\nINV-1,CARD-CABG,cardiac_surgery,2026-12-03,1,1\n";
const INVOICE_JSON = {
  lines: [
    {
      ref: "INV-1",
      code: "CARD-CABG",
      department: "cardiac_surgery",
      serviceDate: "2026-12-03",
      unitPrice: 1,
      quantity: 1,
    },
  ],
};

type Role = "visitor" | "patient" | "agent" | "clinician" | "billing" | "otherClinician" | "otherBilling" | "admin";
const ROLES: Role[] = [
  "visitor",
  "patient",
  "agent",
  "clinician",
  "billing",
  "otherClinician",
  "otherBilling",
  "admin",
];
type Api = { method: string; path: string; body?: string; type?: string };
/** One console address: who may use it, and the API route of the same verb if there is one. */
type Case = {
  route: string;
  name: string;
  method: "GET" | "POST";
  path: () => string;
  form?: () => FormData | string;
  roles: Role[];
  api?: () => Api;
};

let t: TestApp;
let con: string;
let slotId: string;
const who = {} as Record<Role, { cookie: string; token: string; bearer?: string }>;

async function otherClinicianToken() {
  const res = await t.call("POST", "/v1/users", {
    token: T.admin,
    body: { role: "clinician", displayName: "Dr Other", email: "dr.other@example.cn", hospitalId: "hsp_zju4" },
  });
  const made = (await res.json()) as { user: { id: string }; token: string };
  return { id: made.user.id, token: made.token };
}

beforeAll(async () => {
  t = await createTestApp();
  const other = await otherClinicianToken();
  con = await askedConsultation(t, T.anar, H, "cardiac_surgery");
  const slots = await t.call("GET", `/v1/hospitals/${H}/consultation-slots?department=cardiac_surgery&mode=video`);
  slotId = ((await slots.json()) as { data: { id: string }[] }).data[0]!.id;
  const users: Record<Role, [string | null, string | undefined]> = {
    visitor: [null, undefined],
    patient: [DEMO_USERS.anar, T.anar],
    agent: [DEMO_USERS.agent, T.agent],
    clinician: [DEMO_USERS.clinician, T.clinician],
    billing: [DEMO_USERS.billing, T.billing],
    otherClinician: [other.id, other.token],
    otherBilling: [DEMO_USERS.billingYiwu, T.billingYiwu],
    admin: [DEMO_USERS.admin, T.admin],
  };
  for (const [k, [id, bearer]] of Object.entries(users)) {
    const o = await openForm(t, "/verify", id ? await signIn(t, id) : "");
    who[k as Role] = { cookie: o.cookie, token: o.token, bearer };
  }
});
afterAll(() => t.close());

const BILLING: Role[] = ["billing", "admin"];
const CLINIC: Role[] = ["clinician", "admin"];
const csvForm =
  (csv: string, extra: Record<string, string> = {}) =>
  () => {
    const f = new FormData();
    f.append("file", new File([csv], "upload.csv", { type: "text/csv" }));
    for (const [k, v] of Object.entries(extra)) f.append(k, v);
    return f;
  };
const json = (body: unknown) => ({ body: JSON.stringify(body), type: "application/json" });
const csv = (body: string) => ({ body, type: "text/csv" });

export const CASES: Case[] = [
  {
    name: "tariff versions",
    method: "GET",
    path: () => `/hospital/${H}/tariffs`,
    route: "/hospital/:/tariffs",
    roles: BILLING,
  },
  {
    name: "a tariff version",
    method: "GET",
    path: () => `/hospital/${H}/tariffs/1`,
    route: "/hospital/:/tariffs/:",
    roles: BILLING,
  },
  {
    name: "new tariff upload",
    method: "GET",
    path: () => `/hospital/${H}/tariffs/new`,
    route: "/hospital/:/tariffs/new",
    roles: BILLING,
  },
  {
    name: "check a tariff upload",
    method: "POST",
    path: () => `/hospital/${H}/tariffs/new`,
    route: "/hospital/:/tariffs/new",
    form: csvForm(TARIFF_CSV, { effectiveFrom: "2026-12-01", mode: "amend" }),
    roles: BILLING,
    api: () => ({
      method: "POST",
      path: `/v1/hospitals/${H}/tariffs/validate?effectiveFrom=2026-12-01`,
      ...csv(TARIFF_CSV),
    }),
  },
  {
    name: "the validation report CSV",
    method: "POST",
    path: () => `/hospital/${H}/tariffs/report.csv`,
    route: "/hospital/:/tariffs/report.csv",
    form: () => new URLSearchParams({ csv: TARIFF_CSV, effectiveFrom: "2026-12-01", mode: "amend" }).toString(),
    roles: BILLING,
    api: () => ({
      method: "POST",
      path: `/v1/hospitals/${H}/tariffs/validate?effectiveFrom=2026-12-01`,
      ...csv(TARIFF_CSV),
    }),
  },
  {
    name: "publish a tariff",
    method: "POST",
    path: () => `/hospital/${H}/tariffs/publish`,
    route: "/hospital/:/tariffs/publish",
    form: () =>
      new URLSearchParams({
        csv: TARIFF_CSV,
        effectiveFrom: "2026-12-01",
        mode: "amend",
        key: "0".repeat(64),
      }).toString(),
    roles: BILLING,
    api: () => ({
      method: "POST",
      path: `/v1/hospitals/${H}/tariffs?effectiveFrom=2026-12-01&mode=amend&key=${"0".repeat(64)}`,
      ...csv(TARIFF_CSV),
    }),
  },
  {
    name: "parity report",
    method: "GET",
    path: () => `/hospital/${H}/parity?${RANGE}`,
    route: "/hospital/:/parity",
    roles: BILLING,
    api: () => ({ method: "GET", path: `/v1/hospitals/${H}/parity-report?${RANGE}` }),
  },
  {
    name: "parity report CSV",
    method: "GET",
    path: () => `/hospital/${H}/parity.csv?${RANGE}`,
    route: "/hospital/:/parity.csv",
    roles: BILLING,
    api: () => ({ method: "GET", path: `/v1/hospitals/${H}/parity-report?${RANGE}` }),
  },
  {
    name: "parity report JSON",
    method: "GET",
    path: () => `/hospital/${H}/parity.json?${RANGE}`,
    route: "/hospital/:/parity.json",
    roles: BILLING,
    api: () => ({ method: "GET", path: `/v1/hospitals/${H}/parity-report?${RANGE}` }),
  },
  {
    name: "invoice check",
    method: "GET",
    path: () => `/hospital/${H}/invoice-check`,
    route: "/hospital/:/invoice-check",
    roles: BILLING,
  },
  {
    name: "check invoice lines",
    method: "POST",
    path: () => `/hospital/${H}/invoice-check`,
    route: "/hospital/:/invoice-check",
    form: csvForm(INVOICE_CSV),
    roles: BILLING,
    api: () => ({ method: "POST", path: `/v1/hospitals/${H}/parity-checks`, ...json(INVOICE_JSON) }),
  },
  {
    name: "invoice check CSV",
    method: "POST",
    path: () => `/hospital/${H}/invoice-check.csv`,
    route: "/hospital/:/invoice-check.csv",
    form: () => new URLSearchParams({ csv: INVOICE_CSV }).toString(),
    roles: BILLING,
    api: () => ({ method: "POST", path: `/v1/hospitals/${H}/parity-checks`, ...json(INVOICE_JSON) }),
  },
  {
    name: "price file",
    method: "GET",
    path: () => `/hospital/${H}/price-file`,
    route: "/hospital/:/price-file",
    roles: BILLING,
  },
  {
    name: "consultation queue",
    method: "GET",
    path: () => `/hospital/${H}/consultations`,
    route: "/hospital/:/consultations",
    roles: CLINIC,
  },
  {
    name: "a consultation",
    method: "GET",
    path: () => `/hospital/${H}/consultations/${con}`,
    route: "/hospital/:/consultations/:",
    roles: CLINIC,
  },
  {
    name: "schedule a consultation",
    method: "POST",
    path: () => `/hospital/${H}/consultations/${con}/schedule`,
    route: "/hospital/:/consultations/:/schedule",
    form: () => new URLSearchParams({ slotId }).toString(),
    roles: CLINIC,
    api: () => ({ method: "POST", path: `/v1/consultations/${con}/schedule`, ...json({ slotId }) }),
  },
  {
    name: "record a recommendation",
    method: "POST",
    path: () => `/hospital/${H}/consultations/${con}/recommendation`,
    route: "/hospital/:/consultations/:/recommendation",
    form: () =>
      new URLSearchParams({
        "items.0.code": "CARD-CABG",
        "items.0.quantity": "1",
        inpatientNights: "1",
        fitToFlyDays: "1",
      }).toString(),
    roles: ["clinician"],
    api: () => ({
      method: "POST",
      path: `/v1/consultations/${con}/recommendation`,
      ...json({ items: [{ code: "CARD-CABG", quantity: 1 }], inpatientNights: 1, fitToFlyDays: 1 }),
    }),
  },
];

async function page(c: Case, role: Role) {
  const w = who[role];
  if (c.method === "GET") return t.app.request(c.path(), { headers: { cookie: w.cookie } });
  const body = c.form!();
  const headers: Record<string, string> = { cookie: w.cookie, "x-csrf-token": w.token };
  if (typeof body === "string") {
    headers["content-type"] = "application/x-www-form-urlencoded";
    return t.app.request(c.path(), { method: "POST", headers, body: `_csrf=${w.token}&${body}` });
  }
  body.append("_csrf", w.token);
  return t.app.request(c.path(), { method: "POST", headers, body });
}

async function api(c: Case, role: Role) {
  const a = c.api!();
  const headers: Record<string, string> = {};
  if (who[role].bearer) headers.Authorization = `Bearer ${who[role].bearer}`;
  if (a.type) headers["content-type"] = a.type;
  return t.app.request(a.path, { method: a.method, headers, body: a.body });
}

const STAFF_ELSEWHERE: Role[] = ["otherClinician", "otherBilling"];
/**
 * Where the console deliberately differs from the API verb: the console is for hospital staff, so an agent
 * gets 403 on the schedule POST as on every console page, while the API lets an agent schedule their own
 * patient's consultation (and answers 404 for anyone else's, as here). README "Hospital console".
 */
const EXCEPTIONS = new Set(["schedule a consultation/agent"]);

/** What must not change when a POST is refused: the tariff versions and the consultation. */
async function state() {
  const versions = TariffVersionListSchema.parse(await (await t.call("GET", `/v1/hospitals/${H}/tariffs`)).json());
  const c = await (await t.call("GET", `/v1/consultations/${con}`, { token: T.admin })).json();
  return JSON.stringify([versions.data.length, c]);
}

/** The status a refused role must get from a console address without an API twin. */
const refusedWithoutTwin = (role: Role) => (STAFF_ELSEWHERE.includes(role) ? 404 : 403);

describe.each(CASES)("$method $name", (c) => {
  it("a visitor is sent to sign in; the API twin answers 401", async () => {
    const res = await page(c, "visitor");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/sign-in\?next=/);
    if (c.api) expect((await api(c, "visitor")).status).toBe(401);
  });

  it.each(ROLES.filter((r) => r !== "visitor"))("%s", async (role) => {
    const before = c.method === "POST" ? await state() : "";
    const res = await page(c, role);
    const twin = c.api ? (await api(c, role)).status : undefined;
    if (c.roles.includes(role)) {
      // Allowed: the page works (a POST may answer its form again or redirect on), the API does not refuse.
      if (c.method === "GET") expect(res.status).toBe(200);
      expect([401, 403, 404]).not.toContain(res.status);
      if (res.status === 303) expect(res.headers.get("location")).not.toMatch(/sign-in/);
      if (twin !== undefined) expect([401, 403, 404]).not.toContain(twin);
      return;
    }
    if (twin === undefined) expect(res.status).toBe(refusedWithoutTwin(role));
    else if (EXCEPTIONS.has(`${c.name}/${role}`)) expect([res.status, twin]).toEqual([403, 404]);
    else {
      expect(res.status).toBe(twin);
      expect([403, 404]).toContain(twin);
    }
    if (["patient", "agent", "clinician", "billing"].includes(role)) expect(res.status).toBe(403);
    if (c.method === "POST") expect(await state()).toBe(before);
  });
});

describe("the table covers the console", () => {
  it("lists every console address the register functions add (GET and POST)", () => {
    const shape = (path: string) => path.replace(/:[A-Za-z]+(\{[^}]*\})?/g, ":");
    const registered = new Set(
      t.app.routes.filter((r) => r.path.startsWith("/hospital/")).map((r) => `${r.method} ${shape(r.path)}`),
    );
    expect(new Set(CASES.map((c) => `${c.method} ${c.route}`))).toEqual(registered);
    expect(NO_API_TWIN.map((p) => `GET ${shape(p)}`).sort()).toEqual(
      CASES.filter((c) => !c.api)
        .map((c) => `GET ${c.route}`)
        .sort(),
    );
  });
});

describe("/hospital, the front door", () => {
  it.each([
    ["visitor", 303, "/sign-in?next=%2Fhospital"],
    ["patient", 403, null],
    ["agent", 403, null],
    ["clinician", 303, `/hospital/${H}/consultations`],
    ["billing", 303, `/hospital/${H}/tariffs`],
    ["otherBilling", 303, "/hospital/hsp_zju4/tariffs"],
    ["admin", 200, null],
  ] as const)("%s → %s", async (role, status, location) => {
    const res = await t.app.request("/hospital", { headers: { cookie: who[role].cookie } });
    expect(res.status).toBe(status);
    if (location) expect(res.headers.get("location")).toBe(location);
  });
});

describe("the nav: each role sees only its sections, the current one marked, and every link opens", () => {
  it.each([
    ["billing", ["tariffs", "parity", "invoice-check", "price-file"]],
    ["clinician", ["consultations"]],
    ["admin", ["tariffs", "parity", "invoice-check", "price-file", "consultations"]],
  ] as const)("%s", async (role, sections) => {
    for (const current of sections) {
      const html = await (
        await t.app.request(`/hospital/${H}/${current}`, { headers: { cookie: who[role].cookie } })
      ).text();
      const nav = /<nav class="console-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? "";
      const links = [...nav.matchAll(/href="\/hospital\/hsp_xjph\/([a-z-]+)"/g)].map((m) => m[1]);
      expect(links).toEqual([...sections]);
      expect(nav).toMatch(new RegExp(`href="/hospital/${H}/${current}" aria-current="page"`));
      expect(nav.match(/aria-current="page"/g)).toHaveLength(1);
      for (const s of links) {
        const res = await t.app.request(`/hospital/${H}/${s}`, { headers: { cookie: who[role].cookie } });
        expect(res.status, s).toBe(200);
      }
    }
  });
});
