import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { matchedLineBatches, sqliteLineSource } from "../../src/data/parity-lines-sqlite";
import { threadedLineSource } from "../../src/data/parity-lines-threaded";
import type { ReportLineSource, TariffTerms } from "../../src/data/report-lines";
import { loadTariffVersions } from "../../src/data/tariffs-repo";
import { createParityIndex } from "../../src/domain/parity/parity-index";
import { buildNodeDeps } from "../../src/entry/node-deps";
import { parseEnv } from "../../src/env";
import { parityOverview, parityReport, reportBytes } from "../../src/services/parity/index";
import { GENERATED, H, LINES, useMatchedFile } from "./parity-matched-fixtures";

/**
 * The embedded reader's matched batches against the report the keyset path writes: the same bytes,
 * CSV and JSON, and the same summary, over lines at parity and lines edited behind the engine's
 * back in every way the matching has to refuse (each must fall back to the general judgement).
 */
describe("parity report on a SQLite file: matched lines give the same report as the keyset path", () => {
  const m = useMatchedFile();

  const actor = { userId: "usr_test", role: "admin" as const, displayName: "test" };
  const noScope = { agencyId: null, hospitalId: null, patientId: null };
  /** The whole report as the route sends it (`reportBytes`), decoded. */
  async function report(
    reportLines: ReportLineSource | undefined,
    format: "csv" | "json",
    range = { from: "2025-01-01", to: "2027-12-31" },
  ) {
    const env = parseEnv({ DATA_DIR: m.dir, LOG_LEVEL: "warn" });
    const { deps } = await buildNodeDeps(env, { handle: m.h, clock: { now: () => GENERATED } });
    const ctx = { ...deps, reportLines, actor: { ...actor, ...noScope } };
    const r = await parityReport({ ctx, input: { hospitalId: H, ...range } });
    const chunks: Uint8Array[] = [];
    for await (const chunk of reportBytes(r, format)) chunks.push(chunk);
    return { text: Buffer.concat(chunks).toString("utf8"), summary: r.summary() };
  }
  /** The lines of a JSON report. */
  const linesOf = (json: string) => (JSON.parse(json) as { lines: Record<string, unknown>[] }).lines;
  /** The embedded reader with a given batch size (so batches end inside a day and inside a quote). */
  const matchedBy = (size: number, statusesPerStep?: number) =>
    sqliteLineSource(m.file, { batchSize: size, statusesPerStep });
  /** The same, read on its own thread (what the wired source does, with the default batch size). */
  const threadedBy = (size: number) => threadedLineSource(m.file, { batchSize: size, threads: 64 });

  it.each(["csv", "json"] as const)("%s: byte for byte, whatever the batch size", async (format) => {
    const keyset = await report(undefined, format);
    expect(keyset.summary.lines).toBe(LINES);
    expect(keyset.summary.verdict).toBe("violations");
    expect(keyset.summary.noTariffInForce).toBe(9 * 30);
    const wiredEnv = parseEnv({ DATA_DIR: m.dir, LOG_LEVEL: "warn" });
    const wired = (await buildNodeDeps(wiredEnv, { handle: m.h })).deps.reportLines;
    expect(wired).toBeDefined();
    // matchedBy(…, 2): the quotes' statuses read into the report's dictionary two by two (a chunk with the NUL id row
    // by row).
    for (const source of [
      wired,
      matchedBy(1),
      matchedBy(7),
      matchedBy(150),
      matchedBy(4096),
      matchedBy(7, 2),
      matchedBy(4096, 3),
      threadedBy(1),
      threadedBy(150),
    ]) {
      const got = await report(source, format);
      expect(got.summary).toEqual(keyset.summary);
      expect(got.text).toBe(keyset.text);
    }
    if (format === "json") expect(linesOf(keyset.text)).toHaveLength(LINES);
    else expect(keyset.text.split("\r\n\r\n")[0]!.split("\r\n")).toHaveLength(LINES + 1);
  });

  it("the web page's overview: the API's summary, days and deviating lines from every source", async () => {
    // The page's longest range, ending on the last day with lines.
    const all = linesOf((await report(undefined, "json")).text).map((l) => String(l.serviceDate));
    const to = all[all.length - 1]!;
    const from = new Date(Date.parse(to) - 366 * 86_400_000).toISOString().slice(0, 10);
    const api = await report(undefined, "json", { from, to });
    expect(api.summary.lines).toBeGreaterThan(100);
    const overview = async (reportLines: ReportLineSource | undefined, page: number) => {
      const { deps } = await buildNodeDeps(parseEnv({ DATA_DIR: m.dir, LOG_LEVEL: "warn" }), {
        handle: m.h,
        clock: { now: () => GENERATED },
      });
      const ctx = { ...deps, reportLines, actor: { ...actor, ...noScope } };
      const o = await parityOverview({ ctx, input: { hospitalId: H, from, to, page } });
      return o.run();
    };
    const keyset = await overview(undefined, 1);
    expect(keyset.summary).toEqual(api.summary);
    // Every line not at parity, as the API report lists them (first page).
    const deviating = linesOf(api.text).filter((l) => l.verdict !== "parity");
    expect(keyset.deviating.total).toBe(deviating.length);
    expect(keyset.deviating.lines).toEqual(deviating.slice(0, keyset.deviating.pageSize));
    expect(keyset.days.reduce((n, d) => n + d.overcharge + d.undercharge + d.unpriced, 0)).toBe(deviating.length);
    for (const source of [matchedBy(7), matchedBy(4096), threadedBy(150)]) {
      for (const page of [1, 2]) {
        const got = await overview(source, page);
        const want = page === 1 ? keyset : await overview(undefined, page);
        expect(got).toEqual(want);
      }
    }
  });

  it.each(["text/csv", "application/json"])(
    "over HTTP (%s): the same bytes from the wired reader as from the keyset path",
    async (accept) => {
      const env = parseEnv({ DATA_DIR: m.dir, LOG_LEVEL: "warn" });
      const { deps } = await buildNodeDeps(env, { handle: m.h, clock: { now: () => GENERATED } });
      expect(deps.reportLines).toBeDefined();
      const get = async (app: ReturnType<typeof createApp>) => {
        const res = await app.request(`/v1/hospitals/${H}/parity-report?from=2025-01-01&to=2027-12-31`, {
          headers: { Authorization: "Bearer cvn_demo_billing_xjph", Accept: accept },
        });
        expect(res.status).toBe(200);
        return new Uint8Array(await res.arrayBuffer());
      };
      const wired = await get(createApp(deps));
      const keyset = await get(createApp({ ...deps, reportLines: undefined }));
      expect(wired.byteLength).toBe(keyset.byteLength);
      expect(Buffer.from(wired).equals(Buffer.from(keyset))).toBe(true);
      // Small batches: many hold only quote ids that need no escaping, and go out as bytes written directly (with
      // other lines among them).
      for (const source of [matchedBy(1), matchedBy(7), matchedBy(150, 2), threadedBy(7)]) {
        const small = await get(createApp({ ...deps, reportLines: source }));
        expect(Buffer.from(small).equals(Buffer.from(keyset))).toBe(true);
      }
      // Non-ASCII text from the database arrives as UTF-8.
      expect(new TextDecoder().decode(wired)).toContain("quo_m_ünï");
    },
  );

  const tenTimes = "a line stored at a marked department's 10× item is an overcharge against the standard price";
  it(`${tenTimes}, matched or not`, async () => {
    const v1Days = ["2026-01-01", "2026-03-15"];
    const intl = (text: string) =>
      (
        linesOf(text) as unknown as {
          department: string;
          code: string;
          serviceDate: string;
          verdict: string;
          domesticUnitPrice: number | null;
          chargedUnitPrice: number;
        }[]
      ).filter(
        (l) =>
          l.department === "international_medical_center" &&
          l.code === "CARD-CABG" &&
          v1Days.includes(l.serviceDate) &&
          l.chargedUnitPrice === 98_000_000,
      );
    const keyset = await report(undefined, "json");
    const lines = intl(keyset.text);
    // Two version-1 days × nine quotes, less the one line whose department is edited away.
    expect(lines.length).toBe(2 * 9 - 1);
    for (const l of lines)
      expect(l).toMatchObject({ chargedUnitPrice: 98_000_000, domesticUnitPrice: 9_800_000, verdict: "overcharge" });
    const wiredEnv = parseEnv({ DATA_DIR: m.dir, LOG_LEVEL: "warn" });
    const wired = (await buildNodeDeps(wiredEnv, { handle: m.h })).deps.reportLines;
    expect(intl((await report(wired, "json")).text)).toEqual(lines);
    expect(intl((await report(matchedBy(7), "json")).text)).toEqual(lines);
  });

  it("matched batches hold one day each, most lines as numbers and the rest whole", async () => {
    const index = createParityIndex(await loadTariffVersions(m.h.db, H));
    const terms: TariffTerms = {
      items: index.exactItems(),
      inForceFrom: index.effectiveDates(),
      generatedAt: GENERATED.toISOString(),
    };
    const batches = [...matchedLineBatches(m.file, H, "2025-01-01", "2027-12-31", terms)].filter(
      (b) => b.lines.length > 0,
    );
    expect(new Set(batches.map((b) => b.serviceDate)).size).toBe(5);
    expect(batches).toHaveLength(5);
    // Read in small chunks, the quotes' statuses come with empty batches in between (event-loop turns), and the same
    // lines.
    const chunked = [...matchedLineBatches(m.file, H, "2025-01-01", "2027-12-31", terms, undefined, 2)];
    expect(chunked.filter((b) => b.lines.length === 0).length).toBeGreaterThan(0);
    expect(chunked.filter((b) => b.lines.length > 0).map((b) => b.lines)).toEqual(batches.map((b) => b.lines));
    const matched = batches.flatMap((b) => [...b.lines].filter((v) => v >= 0));
    const others = batches.reduce((n, b) => n + b.others.size, 0);
    expect(matched.length + others).toBe(LINES);
    // The day before the first version, the odd statuses, the missing quote and the edits are read whole.
    expect(others).toBeGreaterThan(9 * 30 + 10 * 30);
    expect(matched.length).toBeGreaterThan(LINES / 4);
  });
});
