import path from "node:path";
import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { matchedLineBatches } from "../../src/data/parity-lines-sqlite";
import { threadBundle, threadedLineSource, threadedMatchedBatches } from "../../src/data/parity-lines-threaded";
import {
  type MatchedLineBatch,
  quoteIdsOf,
  type ReportLineSource,
  type TariffTerms,
} from "../../src/data/report-lines";
import { loadTariffVersions } from "../../src/data/tariffs-repo";
import { createParityIndex } from "../../src/domain/parity/parity-index";
import { memoryLogger } from "../../src/ports/logger";
import { GENERATED, H, LINES, useMatchedFile } from "./parity-matched-fixtures";

/** The matched batches read on a thread of their own: the same batches, back-pressure, snapshots, fallbacks. */
describe("parity report on a SQLite file: matched lines give the same report as the keyset path", () => {
  const m = useMatchedFile();

  describe("read on a thread of its own (the wired source)", () => {
    const termsOf = async (): Promise<TariffTerms> => {
      const index = createParityIndex(await loadTariffVersions(m.h.db, H));
      return { items: index.exactItems(), inForceFrom: index.effectiveDates(), generatedAt: GENERATED.toISOString() };
    };
    /** A batch as plain data, whichever thread read it. */
    const plain = (b: MatchedLineBatch) => ({
      ...b,
      lines: [...b.lines],
      quoteIds: quoteIdsOf(b),
      quoteIdsText: b.quoteIdsText,
    });

    it.each([1, 7, 4096])("the same batches as on the calling thread, by %i", async (size) => {
      const terms = await termsOf();
      const here = [...matchedLineBatches(m.file, H, "2025-01-01", "2027-12-31", terms, size)].filter(
        (b) => b.lines.length > 0,
      );
      const there: MatchedLineBatch[] = [];
      for await (const b of threadedMatchedBatches(m.file, H, "2025-01-01", "2027-12-31", terms, { batchSize: size }))
        there.push(b);
      expect(there.length).toBe(here.length);
      expect(there.length).toBeGreaterThan(4);
      expect(there.map(plain)).toEqual(here.map(plain));
    });

    it("stays at most `window` batches ahead of its consumer", async () => {
      const sent: number[] = [];
      const reader = threadedMatchedBatches(m.file, H, "2025-01-01", "2027-12-31", await termsOf(), {
        batchSize: 1,
        window: 2,
        onMessage: (m) => void ("read" in m && "batch" in m.read && sent.push(1)),
      });
      try {
        expect((await reader.next()).done).toBe(false);
        // Two sent at first, one more for the one taken: then the thread waits, however long the consumer takes.
        for (let i = 0; i < 100 && sent.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 300));
        expect(sent.length).toBe(3);
        expect((await reader.next()).done).toBe(false);
        for (let i = 0; i < 100 && sent.length < 4; i++) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 100));
        expect(sent.length).toBe(4);
      } finally {
        await reader.return();
      }
      expect(LINES).toBeGreaterThan(100);
    });

    it("a report abandoned mid-way ends its thread's snapshot", async () => {
      const checkpoint = () => {
        const db = new SQLite(m.file, { timeout: 50 });
        try {
          return db.pragma("wal_checkpoint(TRUNCATE)") as { busy: number; log: number }[];
        } finally {
          db.close();
        }
      };
      const reader = threadedMatchedBatches(m.file, H, "2025-01-01", "2027-12-31", await termsOf(), {
        batchSize: 1,
        window: 1,
      });
      expect((await reader.next()).done).toBe(false);
      // Written after the thread's snapshot began: while it is open the WAL cannot be reset past it.
      await m.h.db
        .updateTable("quotes")
        .set({ updated_at: "2026-12-06T10:00:00.000Z" })
        .where("id", "=", "quo_m_open")
        .execute();
      expect(checkpoint()[0]!.busy).toBe(1);
      await reader.return();
      expect(checkpoint()[0]!).toMatchObject({ busy: 0, log: 0 });
    });

    it("reports beyond the source's threads read on the calling thread, with the same result", async () => {
      const terms = await termsOf();
      const all = async (source: ReportLineSource) => {
        const out: ReturnType<typeof plain>[] = [];
        for await (const b of source.batches(H, "2025-01-01", "2027-12-31", terms)) out.push(plain(b.matched!));
        return out;
      };
      const expected = [...matchedLineBatches(m.file, H, "2025-01-01", "2027-12-31", terms)]
        .filter((b) => b.lines.length > 0)
        .map(plain);
      expect(await all(threadedLineSource(m.file, { threads: 0 }))).toEqual(expected);
      // One thread: of three reports at once, one reads on it and two here.
      const one = threadedLineSource(m.file, { threads: 1 });
      expect(await Promise.all([all(one), all(one), all(one)])).toEqual([expected, expected, expected]);
    });

    it("finds the bundle the build made; without one, reads on the calling thread and says so once", async () => {
      expect(threadBundle()?.pathname).toMatch(/\/dist\/entry\/parity-lines-thread\.mjs$/);
      const terms = await termsOf();
      const logger = memoryLogger();
      const source = threadedLineSource(m.file, { bundle: null, logger });
      expect(logger.lines).toEqual([]);
      const read = async () => {
        const out: ReturnType<typeof plain>[] = [];
        for await (const b of source.batches(H, "2025-01-01", "2027-12-31", terms)) out.push(plain(b.matched!));
        return out;
      };
      const here = [...matchedLineBatches(m.file, H, "2025-01-01", "2027-12-31", terms)].filter(
        (b) => b.lines.length > 0,
      );
      expect(await Promise.all([read(), read()])).toEqual([here.map(plain), here.map(plain)]);
      expect(logger.lines).toEqual([expect.objectContaining({ level: "warn", bundle: "parity-lines-thread.mjs" })]);
    });

    it("an error on the thread is thrown by the generator", async () => {
      const missing = path.join(m.dir, "no-such.sqlite");
      const reader = threadedMatchedBatches(missing, H, "2025-01-01", "2027-12-31", await termsOf());
      await expect(reader.next()).rejects.toMatchObject({ name: "SqliteError", code: "SQLITE_CANTOPEN" });
    });
  });
});
