import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProblemSchema } from "../../src/http/problem";
import { QuoteSchema } from "../../src/routes/quotes/schemas";
import { PublishResultSchema, TariffVersionListSchema, TariffVersionSchema } from "../../src/routes/tariffs/schemas";
import { TariffUploadPreviewSchema, TariffUploadReportSchema } from "../../src/routes/tariffs/upload-schemas";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { quotedCabg } from "../helpers/itinerary-fixtures";

/**
 * Publishing a tariff version from a spreadsheet through the API (issue 16): validate (every problem with
 * its row and column, JSON or CSV), preview (what changes, which open quotes it re-prices and by how much),
 * publish as text/csv (acknowledgements, once per upload). Runs on SQLite, and on PostgreSQL with TEST_DIALECT.
 */

const H = "hsp_xjph";
const EFFECTIVE = "2026-11-25";
const BED_ICU_RISE = 10_000;

type Item = { code: string; name: Record<string, string>; department: string; serviceClass: string } & {
  kind: string;
  unit: string;
  unitPrice: number;
};

/** The items as a tariff spreadsheet (minor units). */
function csvOf(items: Item[]): string {
  const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const head = "code,name_en,name_zh,kind,unit,unit_price_minor,department,service_class";
  const rows = items.map((i) =>
    [i.code, i.name.en ?? "", i.name.zh ?? "", i.kind, i.unit, String(i.unitPrice), i.department, i.serviceClass]
      .map(cell)
      .join(","),
  );
  return `${[head, ...rows].join("\n")}\n`;
}

const query = (extra = "") => `effectiveFrom=${EFFECTIVE}${extra}`;

async function setUp() {
  const t = await createTestApp();
  const v1 = TariffVersionSchema.parse(await (await t.call("GET", `/v1/hospitals/${H}/tariffs/1`)).json());
  const items: Item[] = v1.items.map((i) => ({ ...i, unitPrice: i.unitPrice.amount }));
  const res = await t.call("POST", "/v1/quotes", {
    token: T.alexander,
    body: {
      hospitalId: H,
      serviceDate: "2026-12-03",
      items: [
        { code: "CARD-CABG", quantity: 1 },
        { code: "BED-ICU", quantity: 2 },
      ],
    },
  });
  expect(res.status).toBe(201);
  return { t, items, quote: QuoteSchema.parse(await res.json()) };
}

const postCsv = (t: TestApp, path: string, csv: string, token: string, headers: Record<string, string> = {}) =>
  t.call("POST", `/v1/hospitals/${H}/tariffs${path}`, {
    token,
    rawBody: csv,
    headers: { "Content-Type": "text/csv", ...headers },
  });

const versionCount = async (t: TestApp) =>
  TariffVersionListSchema.parse(await (await t.call("GET", `/v1/hospitals/${H}/tariffs`)).json()).data.length;

describe("tariff spreadsheet through the API", () => {
  let t: TestApp;
  let items: Item[];
  let quoteId: string;
  let quoteTotal: number;
  beforeAll(async () => {
    const s = await setUp();
    ({ t, items } = s);
    quoteId = s.quote.id;
    quoteTotal = s.quote.totals.medical.amount;
  });
  afterAll(() => t.close());

  const dearer = () =>
    csvOf(items.map((i) => (i.code === "BED-ICU" ? { ...i, unitPrice: i.unitPrice + BED_ICU_RISE } : i)));
  const broken = () =>
    `${csvOf(items).trimEnd()}\nBAD CODE,Thing,,surgery,day,-1,dentistry,standard\n` +
    "BED-ICU,ICU,,bed_day,day,abc,cardiac_surgery,standard\n";

  it("validate: every problem with row and column, JSON and as a CSV download; nothing stored", async () => {
    const before = await versionCount(t);
    const res = await postCsv(t, `/validate?${query()}`, broken(), T.billing);
    expect(res.status).toBe(200);
    const report = TariffUploadReportSchema.parse(await res.json());
    const bad = items.length + 2;
    expect(report).toMatchObject({ valid: false, rows: items.length + 2, items: 0 });
    expect(report.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [bad, "code", "invalid_code"],
      [bad, "kind", "unknown_kind"],
      [bad, "department", "unknown_department"],
      [bad, "unit_price_minor", "negative_price"],
      [bad + 1, "unit_price_minor", "invalid_price"],
      [bad + 1, "code", "duplicate_code"],
    ]);
    const csv = await postCsv(t, `/validate?${query()}`, broken(), T.billing, { Accept: "text/csv" });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("severity,row,column,code,message");
    expect(lines).toHaveLength(report.problems.length + 1);
    expect(lines[1]).toMatch(new RegExp(`^error,${bad},code,invalid_code,`));
    expect(await versionCount(t)).toBe(before);
  });

  it("validate as JSON: the same report", async () => {
    const res = await t.call("POST", `/v1/hospitals/${H}/tariffs/validate`, {
      token: T.billing,
      body: { csv: broken(), effectiveFrom: EFFECTIVE },
    });
    expect(TariffUploadReportSchema.parse(await res.json()).errorCount).toBe(6);
  });

  it("publish with errors: 400 naming each error's row and column, nothing stored", async () => {
    const before = await versionCount(t);
    const res = await postCsv(t, `?${query()}`, broken(), T.billing);
    expect(res.status).toBe(400);
    const p = ProblemSchema.parse(await res.json()) as { errors?: { path: string }[] };
    expect(p.errors?.map((e) => e.path)).toContain(`body.rows.${items.length + 2}.kind`);
    expect(await versionCount(t)).toBe(before);
  });

  it("preview: BED-ICU dearer re-prices the open quote by 2 × the rise; nothing stored", async () => {
    const before = await versionCount(t);
    const res = await postCsv(t, `/preview?${query()}`, dearer(), T.billing);
    expect(res.status).toBe(200);
    const p = TariffUploadPreviewSchema.parse(await res.json());
    expect(p.valid).toBe(true);
    const bed = items.filter((i) => i.code === "BED-ICU");
    expect(p.preview?.againstVersion).toEqual({ version: 1, effectiveFrom: "2026-01-01" });
    expect(p.preview?.diff).toMatchObject({ added: [], removed: [], down: [], unchanged: items.length - bed.length });
    expect(p.preview?.diff.up.map((u) => [u.code, u.after - u.before])).toEqual(bed.map(() => ["BED-ICU", 10_000]));
    expect(p.preview?.quotes).toEqual([
      { quoteId, before: quoteTotal, after: quoteTotal + 2 * BED_ICU_RISE, withdrawn: false, problems: [] },
    ]);
    expect(p.preview?.totals).toMatchObject({ quotesRepriced: 1, quotesWithdrawn: 0, quotesDelta: 20_000 });
    expect(p.preview?.acknowledgeRemoved).toEqual([]);
    expect(await versionCount(t)).toBe(before);
  });

  it("preview dropping BED-ICU: the quote withdrawn, BED-ICU to acknowledge; publish needs it", async () => {
    const dropped = csvOf(items.filter((i) => i.code !== "BED-ICU"));
    const p = TariffUploadPreviewSchema.parse(
      await (await postCsv(t, `/preview?${query()}`, dropped, T.billing)).json(),
    );
    expect(p.preview?.acknowledgeRemoved).toEqual([{ code: "BED-ICU", quoteIds: [quoteId] }]);
    expect(p.preview?.quotes).toEqual([expect.objectContaining({ quoteId, withdrawn: true })]);
    expect(p.preview?.diff.removed.map((r) => r.code)).toContain("BED-ICU");
    const res = await postCsv(t, `?${query()}`, dropped, T.billing);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { code: string }).code).toBe("removal_not_acknowledged");
  });

  it("a key that is not the upload's: 412", async () => {
    const res = await postCsv(t, `?${query(`&key=${"0".repeat(64)}`)}`, dearer(), T.billing);
    expect(res.status).toBe(412);
  });

  it("publish as text/csv, then the same upload again: one version, the second answers it", async () => {
    const before = await versionCount(t);
    const preview = TariffUploadPreviewSchema.parse(
      await (await postCsv(t, `/preview?${query()}`, dearer(), T.billing)).json(),
    );
    const [first, second] = await Promise.all([
      postCsv(t, `?${query(`&key=${preview.key}`)}`, dearer(), T.billing),
      postCsv(t, `?${query(`&key=${preview.key}`)}`, dearer(), T.billing),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 201]);
    const [a, b] = [PublishResultSchema.parse(await first.json()), PublishResultSchema.parse(await second.json())];
    expect(a.tariffVersion.id).toBe(b.tariffVersion.id);
    expect(a.tariffVersion).toMatchObject({ version: 3, effectiveFrom: EFFECTIVE, itemCount: items.length });
    expect(await versionCount(t)).toBe(before + 1);
    const fresh = a.alreadyPublished ? b : a;
    expect(fresh.repricedQuotes).toEqual([
      expect.objectContaining({ quoteId, before: quoteTotal, after: quoteTotal + 2 * BED_ICU_RISE }),
    ]);
    const again = await postCsv(t, `?${query()}`, dearer(), T.billing);
    expect(again.status).toBe(200);
    expect(PublishResultSchema.parse(await again.json())).toMatchObject({ alreadyPublished: true });
    expect(await versionCount(t)).toBe(before + 1);
  });

  it("the price file's own CSV, downloaded, uploads as it is (its old date only a warning)", async () => {
    const file = await t.call("GET", `/v1/hospitals/${H}/price-file?date=2026-11-20`, {
      headers: { Accept: "text/csv" },
    });
    const report = TariffUploadReportSchema.parse(
      await (await postCsv(t, `/validate?${query()}`, await file.text(), T.billing)).json(),
    );
    expect(report).toMatchObject({ valid: true, errorCount: 0, items: items.length });
    expect(new Set(report.problems.map((p) => p.code))).toEqual(new Set(["date_ignored"]));
  });

  it("without effectiveFrom: 400; another content type: 415", async () => {
    expect((await postCsv(t, "/validate", dearer(), T.billing)).status).toBe(400);
    const res = await t.call("POST", `/v1/hospitals/${H}/tariffs/validate?${query()}`, {
      token: T.billing,
      rawBody: "x",
      headers: { "Content-Type": "text/plain" },
    });
    expect(res.status).toBe(415);
  });
});

describe.each([
  ["patient", T.alexander, 403],
  ["agent", T.agent, 403],
  ["clinician", T.clinician, 403],
  ["billing of another hospital", T.billingYiwu, 404],
  ["billing of this hospital", T.billing, 200],
  ["admin", T.admin, 200],
  ["nobody", undefined, 401],
] as const)("%s", (_who, token, status) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it(`POST …/tariffs as text/csv → ${status === 200 ? "400 (the file's errors)" : status}`, async () => {
    const res = await t.call("POST", `/v1/hospitals/${H}/tariffs?${query()}`, {
      ...(token ? { token } : {}),
      rawBody: "code\n",
      headers: { "Content-Type": "text/csv" },
    });
    expect(res.status).toBe(status === 200 ? 400 : status);
  });

  it.each(["/validate", "/preview"])(`POST …/tariffs%s → ${status}`, async (path) => {
    const res = await t.call("POST", `/v1/hospitals/${H}/tariffs${path}?${query()}`, {
      ...(token ? { token } : {}),
      rawBody: "code\n",
      headers: { "Content-Type": "text/csv" },
    });
    expect(res.status).toBe(status);
  });
});

describe("preview: the trips a version re-prices", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("a draft trip's treatment (BED-ICU ×2) is re-priced by 2 × the rise, and only previewed", async () => {
    const { token, consultationId, quote } = await quotedCabg(t, T.alexander);
    const created = await t.call("POST", "/v1/itineraries", {
      token,
      body: {
        quoteId: quote.id,
        travelers: [{ fullName: "Alexander Petrov", role: "patient" }],
        components: [{ type: "consultation", consultationId }, { type: "treatment" }],
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const itn = (await created.json()) as { id: string };
    const v1 = TariffVersionSchema.parse(await (await t.call("GET", `/v1/hospitals/${H}/tariffs/1`)).json());
    const items: Item[] = v1.items.map((i) => ({
      ...i,
      unitPrice: i.unitPrice.amount + (i.code === "BED-ICU" ? BED_ICU_RISE : 0),
    }));
    const p = TariffUploadPreviewSchema.parse(
      await (await postCsv(t, `/preview?${query()}`, csvOf(items), T.billing)).json(),
    );
    expect(p.preview?.itineraries).toEqual([
      { itineraryId: itn.id, before: expect.any(Number), after: expect.any(Number) },
    ]);
    const trip = p.preview!.itineraries[0]!;
    expect(trip.after - trip.before).toBe(2 * BED_ICU_RISE);
    expect(p.preview?.totals).toMatchObject({ itinerariesRepriced: 1, itinerariesDelta: 2 * BED_ICU_RISE });
    const history = await t.call("GET", `/v1/itineraries/${itn.id}`, { token });
    expect(((await history.json()) as { version: number }).version).toBe(1);
  });
});
