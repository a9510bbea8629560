import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParityReportSchema } from "../../src/routes/parity/schemas";
import { parityOverview } from "../../src/services/parity/index";
import { formatters } from "../../src/web/i18n/format";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import type { DEMO_USERS } from "./helpers";
import { browser } from "./care-helpers";
import { FROM, H, seedTamperedLines, TO } from "./parity-helpers";

/**
 * Billing's parity pages (/hospital/{id}/parity, …/invoice-check, …/price-file) over the API's verbs:
 * who may open them (as the API answers), the report's numbers against the API report for the same
 * range, the chart's bars against the lines, the downloads against the API's files.
 */

let t: TestApp;
let seeded: Awaited<ReturnType<typeof seedTamperedLines>>;
type Browser = Awaited<ReturnType<typeof browser>>;
const as: Partial<Record<keyof typeof DEMO_USERS | "visitor", Browser>> = {};
const fmt = formatters("en");

beforeAll(async () => {
  t = await createTestApp();
  seeded = await seedTamperedLines(t, t.handle.db);
  for (const u of ["anar", "agent", "clinician", "billing", "billingYiwu", "admin"] as const)
    as[u] = await browser(t, u, "en");
  as.visitor = await browser(t, null, "en");
});
afterAll(() => t.close());

const range = `from=${FROM}&to=${TO}`;

async function apiReport(from = FROM, to = TO) {
  const res = await t.call("GET", `/v1/hospitals/${H}/parity-report?from=${from}&to=${to}`, { token: T.billing });
  expect(res.status).toBe(200);
  return ParityReportSchema.parse(await res.json());
}

/** The text of every `data-summary` cell, by name. */
function summaryCells(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/data-summary="(\w+)">([^<]*)</g)) out[m[1]!] = m[2]!;
  return out;
}

const ROLES: [string, keyof typeof as, number][] = [
  ["a visitor (sent to sign in)", "visitor", 303],
  ["a patient", "anar", 403],
  ["an agent", "agent", 403],
  ["a clinician of the hospital", "clinician", 403],
  ["billing of the hospital", "billing", 200],
  ["billing of another hospital", "billingYiwu", 403],
  ["an admin", "admin", 200],
];

const PAGES = [
  `/hospital/${H}/parity?${range}`,
  `/hospital/${H}/parity.csv?${range}`,
  `/hospital/${H}/parity.json?${range}`,
  `/hospital/${H}/invoice-check`,
  `/hospital/${H}/price-file`,
];

describe.each(ROLES)("%s", (_name, who, status) => {
  it.each(PAGES)(`GET %s answers ${status}`, async (path) => {
    const res = await as[who]!.request(path);
    // Pages without an API twin answer staff of another hospital 404 (src/web/hospital/access.ts).
    const noTwin = path.endsWith("/invoice-check") || path.endsWith("/price-file");
    expect(res.status).toBe(noTwin && who === "billingYiwu" ? 404 : status);
    if (status === 303) expect(res.headers.get("location")).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
    await res.arrayBuffer();
  });

  it(`POST the invoice check answers ${status}`, async () => {
    const res = await as[who]!.request(`/hospital/${H}/invoice-check`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `csv=${encodeURIComponent("code,serviceDate,unitPrice\r\nCARD-CABG,2026-12-03,9800000\r\n")}`,
    });
    expect(res.status).toBe(status);
    const html = await res.text();
    // A refusal says nothing about the lines.
    if (status !== 200) expect(html).not.toContain("invoice-lines");
  });

  it(`a bad range is refused as the report is (${status === 200 ? 400 : status})`, async () => {
    const res = await as[who]!.request(`/hospital/${H}/parity?from=2026-01-01&to=2027-06-01`);
    expect(res.status).toBe(status === 200 ? 400 : status);
    await res.arrayBuffer();
  });
});

describe("an unknown hospital", () => {
  it.each(["billing", "admin"] as const)("is 404 for %s on every page", async (who) => {
    for (const path of PAGES) {
      const res = await as[who]!.request(path.replace(H, "hsp_nope"));
      expect(res.status, path).toBe(404);
      await res.arrayBuffer();
    }
  });
});

describe("the parity report page", () => {
  it("shows the API report's summary for the same range", async () => {
    const api = await apiReport();
    const res = await as.billing!.request(`/hospital/${H}/parity?${range}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    const s = api.summary;
    // The data set has one line of each kind of deviation.
    expect([s.overcharge, s.undercharge, s.unknownCode]).toEqual([1, 1, 1]);
    expect(summaryCells(html)).toEqual({
      lines: fmt.number(s.lines),
      parity: fmt.number(s.parity),
      overcharge: "1",
      undercharge: "1",
      unknownCode: "1",
      noTariffInForce: fmt.number(s.noTariffInForce),
      premiumClassLines: fmt.number(s.premiumClassLines),
      totalCharged: fmt.money(s.totalCharged, "CNY"),
      totalDomestic: fmt.money(s.totalDomestic, "CNY"),
      totalDeviation: fmt.money(s.totalDeviation, "CNY"),
    });
    expect(s.totalDeviation).toBe(2 * 100_000 - 5_000);
    // When, in the hospital's zone, with the zone named (the test clock: 10:00 UTC is 18:00 in Shanghai).
    expect(html).toContain("Report read at 22 Nov 2026, 18:00 Shanghai");
    expect(html).toContain("Violations found");
    expect(html).toContain('id="parity-running"');
  });

  it("draws a bar per day with a priced deviation, its height the day's total, a point for unpriced ones", async () => {
    const api = await apiReport();
    const byDay = new Map<string, number>();
    for (const l of api.lines)
      if (l.verdict !== "parity" && l.domesticLineTotal !== null)
        byDay.set(l.serviceDate, (byDay.get(l.serviceDate) ?? 0) + l.chargedLineTotal - l.domesticLineTotal);
    const html = await (await as.billing!.request(`/hospital/${H}/parity?${range}`)).text();
    const svg = html.slice(html.indexOf("<svg"), html.indexOf("</svg>"));
    expect(svg).toMatch(/^<svg role="img" aria-labelledby="parity-chart-title parity-chart-desc"/);
    expect(svg).toContain('<title id="parity-chart-title">');
    expect(svg).toContain('<desc id="parity-chart-desc">');
    const bars = [...svg.matchAll(/<rect class="parity-bar" data-date="([\d-]+)" data-deviation="(-?\d+)"[^>]*>/g)];
    expect(bars.map((b) => [b[1], Number(b[2])])).toEqual([...byDay.entries()]);
    expect(byDay.get("2026-12-03")).toBe(200_000);
    expect(byDay.get("2026-12-10")).toBe(-5_000);
    // Up for an overcharge (red), down for an undercharge (blue): the bar's top is the zero line for the latter.
    const geometry = (date: string) => {
      const tag = bars.find((b) => b[1] === date)![0];
      const num = (a: string) => Number(new RegExp(` ${a}="([\\d.]+)"`).exec(tag)![1]);
      return { y: num("y"), height: num("height"), fill: /fill="(#\w+)"/.exec(tag)![1] };
    };
    const up = geometry("2026-12-03");
    const down = geometry("2026-12-10");
    expect(up.fill).toBe("#b3261e");
    expect(down.fill).toBe("#1a5fb4");
    expect(down.y).toBeCloseTo(up.y + up.height, 0);
    expect(up.height / down.height).toBeCloseTo(200_000 / 5_000, 0);
    expect(
      [...svg.matchAll(/<circle class="parity-point" data-date="([\d-]+)" data-unpriced="(\d+)"/g)].map((m) => [
        m[1],
        m[2],
      ]),
    ).toEqual([["2027-01-05", "1"]]);
    // The same data as a table.
    expect(html).toMatch(/<tr data-date="2026-12-03"><th scope="row">[^<]+<\/th><td class="num">1<\/td>/);
  });

  it("draws a long range by week (each bar dated by its week's first day), so the page stays small", async () => {
    const [from, to] = ["2026-11-01", "2027-10-31"];
    const api = await apiReport(from, to);
    const weekOf = (date: string) => {
      const k = Math.floor((Date.parse(date) - Date.parse(from)) / (7 * 86_400_000));
      return new Date(Date.parse(from) + k * 7 * 86_400_000).toISOString().slice(0, 10);
    };
    const byWeek = new Map<string, number>();
    for (const l of api.lines)
      if (l.verdict !== "parity" && l.domesticLineTotal !== null)
        byWeek.set(
          weekOf(l.serviceDate),
          (byWeek.get(weekOf(l.serviceDate)) ?? 0) + l.chargedLineTotal - l.domesticLineTotal,
        );
    expect([...byWeek.entries()]).toEqual([
      ["2026-11-29", 200_000],
      ["2026-12-06", -5_000],
    ]);
    const html = await (await as.billing!.request(`/hospital/${H}/parity?from=${from}&to=${to}`)).text();
    const bars = [...html.matchAll(/<rect class="parity-bar" data-date="([\d-]+)" data-deviation="(-?\d+)"/g)];
    expect(bars.map((b) => [b[1], Number(b[2])])).toEqual([...byWeek.entries()]);
    expect(html).toMatch(/<circle class="parity-point" data-date="2027-01-03" data-unpriced="1"/);
    expect(html).toContain("Week from 29 Nov 2026");
    expect(summaryCells(html).lines).toBe(fmt.number(api.summary.lines));
  });

  it("lists each deviating line linked to its quote, which billing may open", async () => {
    const html = await (await as.billing!.request(`/hospital/${H}/parity?${range}`)).text();
    const rows = [...html.matchAll(/<tr data-quote="(quo_\w+)" data-line="(\d+)">/g)].map((m) => [m[1], Number(m[2])]);
    expect(rows).toEqual([
      [seeded.over.quoteId, seeded.over.lineNo],
      [seeded.under.quoteId, seeded.under.lineNo],
      [seeded.unknown.quoteId, seeded.unknown.lineNo],
    ]);
    expect(html).toContain(`href="/quotes/${seeded.over.quoteId}"`);
    expect(html).toContain("3 lines not at parity · page 1 of 1");
    const quote = await as.billing!.request(`/quotes/${seeded.over.quoteId}`);
    expect(quote.status).toBe(200);
    await quote.arrayBuffer();
  });

  it("says plainly when a range has no line at all", async () => {
    const html = await (await as.billing!.request(`/hospital/${H}/parity?from=2028-01-01&to=2028-01-31`)).text();
    expect(summaryCells(html).lines).toBe("0");
    expect(html).toContain('id="parity-verdict">At parity<');
    expect(html).toContain("0 lines not at parity · page 1 of 1");
    expect(html).not.toContain("parity-bar");
    expect(html).toContain('<svg role="img"');
  });

  it("pages the deviating lines", async () => {
    const html = await (await as.billing!.request(`/hospital/${H}/parity?${range}&page=2`)).text();
    expect(html).toContain("3 lines not at parity · page 2 of 1");
    expect(html).not.toContain("data-quote=");
  });

  it.each([
    ["too long", "2026-01-01", "2027-06-01", "to", "Choose at most 366 days"],
    ["reversed", "2027-01-31", "2026-12-01", "to", "The end must be on or after the start"],
    ["not a date", "2026-13-45", TO, "from", "This date does not exist"],
  ])("a %s range is the form again with the message beside the field", async (_n, from, to, field, message) => {
    const res = await as.billing!.request(`/hospital/${H}/parity?from=${from}&to=${to}`);
    expect(res.status).toBe(400);
    const html = await res.text();
    const beside = new RegExp(`id="f-${field}-error">([^<]*)<`).exec(html)?.[1] ?? "";
    expect(beside).toContain(message.slice(0, 12));
    expect(html).toContain('class="error-summary"');
    expect(html).toContain(`value="${from}"`);
    expect(html).not.toContain("parity-summary");
  });

  it("streams: the head and the form come first, before the report has run", async () => {
    const res = await as.billing!.request(`/hospital/${H}/parity?${range}`);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('id="f-from"');
    expect(first).toContain('id="parity-running"');
    expect(first).not.toContain("parity-summary");
    let rest = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    expect(rest).toMatch(/^<div id="parity-done">/);
    expect(rest).toContain('id="parity-summary"');
    expect(rest).toMatch(/<\/html>$/);
  });

  it("stops reading the report when the client has gone", async () => {
    const actor = {
      userId: "usr_demo_admin",
      role: "admin" as const,
      displayName: "Admin",
      agencyId: null,
      hospitalId: null,
      patientId: null,
    };
    const ctx = { ...t.deps, actor };
    const overview = await parityOverview({ ctx, input: { hospitalId: H, from: FROM, to: TO } });
    await expect(overview.run(AbortSignal.abort(new Error("gone")))).rejects.toThrow("gone");
    // A run is single use (the summary is the report's own); a fresh one reads everything.
    const again = await parityOverview({ ctx, input: { hospitalId: H, from: FROM, to: TO } });
    expect((await again.run()).summary).toEqual((await apiReport()).summary);
  });

  it("downloads the API's CSV and JSON for the same range, as attachments", async () => {
    const csv = await as.billing!.request(`/hospital/${H}/parity.csv?${range}`);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe(`attachment; filename="parity-report-${H}-${FROM}-${TO}.csv"`);
    const api = await t.call("GET", `/v1/hospitals/${H}/parity-report?${range}`, {
      token: T.billing,
      headers: { Accept: "text/csv" },
    });
    const text = await csv.text();
    expect(text).toBe(await api.text());
    expect(text).toContain(`${seeded.over.quoteId},${seeded.over.lineNo},open,2026-12-03,BED-ICU`);
    const json = await as.billing!.request(`/hospital/${H}/parity.json?${range}`);
    expect(json.headers.get("content-disposition")).toBe(
      `attachment; filename="parity-report-${H}-${FROM}-${TO}.json"`,
    );
    expect(ParityReportSchema.parse(await json.json())).toEqual(await apiReport());
  });
});
