import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "../../src/data/connect-node";
import { migrateToLatest } from "../../src/data/migrate";
import { OuterHandleInUnitOfWorkError, withTransaction, withUnitOfWork } from "../../src/data/unit-of-work";
import { testDatabases } from "../helpers/databases";
import { migratedFakeD1 } from "../worker/fake-d1";

/** The outer handle inside a unit must fail, never wait: this bound is far above a refusal and far below a hang. */
const FAST_MS = 1_000;
/**
 * Without the guard SQLite waits forever here, and its connection stays taken for the rest of the
 * file: short timeouts for every test and hook make that a prompt failure, not a stuck run.
 */
const TEST_TIMEOUT = 5_000;
vi.setConfig({ testTimeout: TEST_TIMEOUT, hookTimeout: TEST_TIMEOUT });

async function elapsed<T>(run: () => Promise<T>): Promise<{ ms: number; result: PromiseSettledResult<T> }> {
  const t0 = performance.now();
  const [result] = await Promise.allSettled([run()]);
  return { ms: performance.now() - t0, result: result! };
}

const countRates = (db: DatabaseHandle["db"]) =>
  db
    .selectFrom("fx_rates")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();

describe.each(testDatabases)("units of work on $dialect", ({ open }) => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = await open();
    await migrateToLatest(h.db);
  });
  afterAll(() => h.close());

  it(
    "a read through the outer handle inside a unit fails at once with a clear error, " + "and the unit rolls back",
    async () => {
      const { ms, result } = await elapsed(() =>
        withUnitOfWork(h.db, async (trx) => {
          await trx
            .insertInto("fx_rates")
            .values({ base: "AAA", quote: "BBB", as_of: "2026-01-01", rate: "1.5", source: "test" })
            .execute();
          return countRates(h.db);
        }),
      );
      expect(ms).toBeLessThan(FAST_MS);
      expect(result.status).toBe("rejected");
      const err = (result as PromiseRejectedResult).reason;
      expect(err).toBeInstanceOf(OuterHandleInUnitOfWorkError);
      expect(String(err.message)).toMatch(/use the unit of work's handle/);
      // The unit failed whole: its insert is gone.
      const left = await h.db.selectFrom("fx_rates").selectAll().where("base", "=", "AAA").execute();
      expect(left).toEqual([]);
    },
  );

  it(
    "a service helper given the outer context inside a unit fails at once too (the " + "component-change bug's shape)",
    async () => {
      const ctx = { db: h.db, label: "outer" };
      const { ms, result } = await elapsed(() =>
        withTransaction(ctx, async (uow) => {
          expect(uow.label).toBe("outer");
          expect(uow.db.isTransaction).toBe(true);
          await countRates(uow.db);
          return countRates(ctx.db); // the closure still holds the outer context
        }),
      );
      expect(ms).toBeLessThan(FAST_MS);
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(OuterHandleInUnitOfWorkError);
    },
  );

  it("a second transaction on the outer handle inside a unit fails at once", async () => {
    const { ms, result } = await elapsed(() =>
      withUnitOfWork(h.db, () => withUnitOfWork(h.db, async (inner) => countRates(inner))),
    );
    expect(ms).toBeLessThan(FAST_MS);
    expect((result as PromiseRejectedResult).reason).toBeInstanceOf(OuterHandleInUnitOfWorkError);
  });

  it("the unit's own handle reads its writes and commits them; a nested unit on that handle joins it", async () => {
    const n = await withTransaction({ db: h.db }, async (uow) => {
      await uow.db
        .insertInto("fx_rates")
        .values({ base: "CCC", quote: "DDD", as_of: "2026-01-02", rate: "2", source: "test" })
        .execute();
      // Helpers that open their own unit join the caller's when handed its handle.
      return withTransaction(uow, async (inner) => {
        expect(inner.db).toBe(uow.db);
        return (await inner.db.selectFrom("fx_rates").selectAll().where("base", "=", "CCC").execute()).length;
      });
    });
    expect(n).toBe(1);
    expect(
      (await h.db.selectFrom("fx_rates").select("rate").where("base", "=", "CCC").execute()).map((r) => String(r.rate)),
    ).toEqual(["2"]);
  });

  it(
    "other requests keep using the outer handle while a unit is open; they wait for " +
      "it or run beside it, none is refused",
    async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let entered!: () => void;
      const inside = new Promise<void>((r) => (entered = r));
      const unit = withUnitOfWork(h.db, async (trx) => {
        await trx
          .insertInto("fx_rates")
          .values({ base: "EEE", quote: "FFF", as_of: "2026-01-03", rate: "3", source: "test" })
          .execute();
        entered();
        await gate;
      });
      await inside;
      // Another request, started outside the unit (not in its async context).
      const other = countRates(h.db);
      release();
      await unit;
      expect(Number((await other).n)).toBeGreaterThan(0);
    },
  );

  it("work a unit started and left running may use the outer handle once the unit has ended", async () => {
    let later!: Promise<unknown>;
    await withUnitOfWork(h.db, async () => {
      later = new Promise((r) => setTimeout(r, 20)).then(() => countRates(h.db));
    });
    expect(Number(((await later) as { n: number }).n)).toBeGreaterThan(0);
  });

  it("a unit of another database does not block this one's outer handle", async () => {
    const other = await open();
    try {
      await migrateToLatest(other.db);
      const n = await withUnitOfWork(other.db, async () => countRates(h.db));
      expect(Number(n.n)).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});

describe("units of work on D1 (a fake binding)", () => {
  it("the outer handle inside a unit fails at once instead of writing past the unit's undo log", async () => {
    const { d1, db } = await migratedFakeD1();
    try {
      const { ms, result } = await elapsed(() =>
        withUnitOfWork(db, async (trx) => {
          await trx
            .insertInto("fx_rates")
            .values({ base: "GGG", quote: "HHH", as_of: "2026-01-04", rate: "4", source: "test" })
            .execute();
          await db
            .insertInto("fx_rates")
            .values({ base: "III", quote: "JJJ", as_of: "2026-01-04", rate: "5", source: "test" })
            .execute();
        }),
      );
      expect(ms).toBeLessThan(FAST_MS);
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(OuterHandleInUnitOfWorkError);
      // Undone whole, and the outer write never ran.
      expect(await db.selectFrom("fx_rates").select("base").where("base", "in", ["GGG", "III"]).execute()).toEqual([]);
    } finally {
      d1.sqlite.close();
    }
  });
});
