/** D1 migrations generated from the Kysely ones, and the D1 dialect: units of work as an undo log, 100 parameters. */
import { readdirSync, readFileSync } from "node:fs";
import { Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { generateD1Migrations, inlineParameters } from "../../scripts/d1-sql";
import { openSqlite } from "../../src/data/connect-node";
import { D1Dialect } from "../../src/data/d1-dialect";
import { migrateToLatest } from "../../src/data/migrate";
import { fakeD1 } from "./fake-d1";

describe("D1 migrations (db/d1-migrations, generated from db/migrations)", () => {
  it("the committed files are what `npm run d1:migrations` generates", async () => {
    const generated = await generateD1Migrations();
    const committed = readdirSync("db/d1-migrations")
      .filter((f) => f.endsWith(".sql"))
      .sort();
    expect(committed).toEqual(generated.map((f) => f.name));
    for (const f of generated) expect(readFileSync(`db/d1-migrations/${f.name}`, "utf8"), f.name).toBe(f.sql);
  });

  it("build exactly the schema the Kysely migrations build on SQLite", async () => {
    const schemaOf = (db: { prepare(sql: string): { all(): unknown[] } }) =>
      db
        .prepare(
          "select type, name, tbl_name, sql from sqlite_master where name not like 'kysely_%' and name not like " +
            "'sqlite_%' order by type, name",
        )
        .all();
    const node = openSqlite(":memory:");
    await migrateToLatest(node.db);
    const reference = await sql
      .raw<Record<string, unknown>>(
        "select type, name, tbl_name, sql from sqlite_master where name not like 'kysely_%' and name not like " +
          "'sqlite_%' order by type, name",
      )
      .execute(node.db);
    await node.close();
    const d1 = fakeD1();
    for (const f of await generateD1Migrations()) d1.sqlite.exec(f.sql);
    const tables = schemaOf(d1.sqlite);
    expect(tables.length).toBeGreaterThan(20);
    expect(tables).toEqual(reference.rows);
  });

  it("inlines parameters as SQL literals, leaving quoted text alone", () => {
    expect(inlineParameters(`insert into "t" ("a", "b?") values (?, ?), (?, '?')`, ["it's", 2, null])).toBe(
      `insert into "t" ("a", "b?") values ('it''s', 2), (NULL, '?')`,
    );
    expect(() => inlineParameters("select ?", [])).toThrow(/placeholders/);
  });
});

interface Row {
  id: string;
  n: number;
  s: string | null;
}

describe("D1 dialect: transactions as an undo log, D1's parameter limit", () => {
  const setup = () => {
    const d1 = fakeD1();
    d1.sqlite.exec(`create table t (id text primary key, n integer not null check (n >= 0 and n <= 10), s text);
      insert into t values ('a', 1, 'x'), ('b', 5, 'y'), ('c', 0, null);`);
    const warnings: string[] = [];
    const db = new Kysely<{ t: Row }>({ dialect: new D1Dialect({ database: d1, onWarning: (m) => warnings.push(m) }) });
    const rows = () => d1.sqlite.prepare("select * from t order by id").all() as Row[];
    return { d1, db, rows, warnings };
  };
  const fail = new Error("abort");

  it("commit keeps every write; rollback undoes inserts, updates and deletes", async () => {
    const { db, rows } = setup();
    const before = rows();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto("t").values({ id: "d", n: 2, s: "new" }).execute();
        await trx
          .updateTable("t")
          .set((eb) => ({ n: eb("n", "+", 1), s: "changed" }))
          .where("id", "in", ["a", "b"])
          .execute();
        await trx.deleteFrom("t").where("id", "=", "c").execute();
        expect((await trx.selectFrom("t").selectAll().orderBy("id").execute()).map((r) => r.id)).toEqual([
          "a",
          "b",
          "d",
        ]);
        throw fail;
      }),
    ).rejects.toBe(fail);
    expect(rows()).toEqual(before);

    await db.transaction().execute(async (trx) => {
      await trx.insertInto("t").values({ id: "d", n: 2, s: "new" }).execute();
      await trx.updateTable("t").set({ s: "kept" }).where("id", "=", "a").execute();
    });
    expect(rows()).toEqual([{ id: "a", n: 1, s: "kept" }, before[1], before[2], { id: "d", n: 2, s: "new" }]);
  });

  it("a relative update is undone relatively: another request's change to the same counter survives", async () => {
    const { db, rows } = setup();
    await expect(
      db.transaction().execute(async (trx) => {
        const took = await trx
          .updateTable("t")
          .set((eb) => ({ n: eb("n", "+", 2) }))
          .where("id", "=", "b")
          .where((eb) => eb(eb("n", "+", 2), "<=", 10))
          .executeTakeFirst();
        expect(took.numUpdatedRows).toBe(1n);
        // Meanwhile another request takes 3 of the same counter (D1 has no isolation).
        await db
          .updateTable("t")
          .set((eb) => ({ n: eb("n", "+", 3) }))
          .where("id", "=", "b")
          .execute();
        throw fail;
      }),
    ).rejects.toBe(fail);
    expect(rows().find((r) => r.id === "b")!.n).toBe(5 + 3);
  });

  it("any other column is restored only if it still holds what the unit wrote", async () => {
    const { db, rows } = setup();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable("t").set({ s: "mine" }).where("id", "in", ["a", "b"]).execute();
        await db.updateTable("t").set({ s: "theirs" }).where("id", "=", "b").execute();
        throw fail;
      }),
    ).rejects.toBe(fail);
    expect(rows().map((r) => r.s)).toEqual(["x", "theirs", null]);
  });

  it("an inserted row another request has since changed is kept; an untouched one goes", async () => {
    const { db, rows } = setup();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto("t")
          .values([
            { id: "p", n: 0, s: null },
            { id: "q", n: 0, s: null },
          ])
          .onConflict((oc) => oc.column("id").doNothing())
          .execute();
        await db
          .updateTable("t")
          .set((eb) => ({ n: eb("n", "+", 1) }))
          .where("id", "=", "q")
          .execute();
        throw fail;
      }),
    ).rejects.toBe(fail);
    expect(rows().map((r) => r.id)).toEqual(["a", "b", "c", "q"]);
  });

  it("a statement the log cannot describe is reported on rollback, not silently ignored", async () => {
    const { db, warnings } = setup();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto("t")
          .values({ id: "a", n: 9, s: null })
          .onConflict((oc) => oc.column("id").doUpdateSet({ n: 9 }))
          .execute();
        throw fail;
      }),
    ).rejects.toBe(fail);
    expect(warnings).toEqual(["D1 rollback could not undo every statement"]);
  });

  it(
    "an undo step the database refuses (another request now depends on the row) is " + "reported; the others still run",
    async () => {
      const { d1, db, rows, warnings } = setup();
      d1.sqlite.exec(`create table child (id text primary key, t_id text not null references t (id))`);
      await expect(
        db.transaction().execute(async (trx) => {
          await trx.insertInto("t").values({ id: "p", n: 0, s: null }).execute();
          await trx
            .updateTable("t")
            .set((eb) => ({ n: eb("n", "+", 1) }))
            .where("id", "=", "a")
            .execute();
          // Another request hangs a row on the new one before this unit fails.
          await sql`insert into child (id, t_id) values ('k', 'p')`.execute(db);
          throw fail;
        }),
      ).rejects.toBe(fail);
      expect(rows().map((r) => [r.id, r.n])).toEqual([
        ["a", 1],
        ["b", 5],
        ["c", 0],
        ["p", 0],
      ]);
      expect(warnings).toEqual(["D1 rollback: some undo steps were refused"]);
    },
  );

  it("a constraint violation fails only its statement, and the unit's rollback undoes the rest", async () => {
    const { db, rows } = setup();
    const before = rows();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .updateTable("t")
          .set((eb) => ({ n: eb("n", "+", 4) }))
          .where("id", "=", "a")
          .execute();
        await trx
          .updateTable("t")
          .set((eb) => ({ n: eb("n", "+", 6) }))
          .where("id", "=", "b")
          .execute(); // 11 > 10: CHECK fails
      }),
    ).rejects.toThrow(/CHECK constraint failed/);
    expect(rows()).toEqual(before);
  });

  it(
    "more than 100 parameters: IN lists go as one JSON parameter, long multi-row " + "INSERTs in one atomic batch",
    async () => {
      const { db, rows, d1 } = setup();
      const many = Array.from({ length: 250 }, (_, i) => ({
        id: `m${String(i).padStart(3, "0")}`,
        n: i % 10,
        s: `row ${i}`,
      }));
      const r = await db.insertInto("t").values(many).executeTakeFirst();
      expect(r.numInsertedOrUpdatedRows).toBe(250n);
      expect(rows()).toHaveLength(253);
      const ids = [...many.map((m) => m.id), "a", "nope"];
      const found = await db.selectFrom("t").select("id").where("id", "in", ids).where("n", ">=", 0).execute();
      expect(found).toHaveLength(251);
      expect(await db.selectFrom("t").select("id").where("id", "not in", ids).execute()).toEqual([
        { id: "b" },
        { id: "c" },
      ]);
      // All or nothing: the last row breaks the CHECK, so none of the 150 goes in.
      const bad = Array.from({ length: 150 }, (_, i) => ({ id: `z${i}`, n: i === 149 ? 11 : 1, s: null }));
      const statements = d1.statements;
      await expect(db.insertInto("t").values(bad).execute()).rejects.toThrow(/CHECK/);
      expect(d1.statements - statements).toBeGreaterThan(1);
      expect(rows()).toHaveLength(253);
      // Inside a transaction too, and rolled back as a whole.
      await expect(
        db.transaction().execute(async (trx) => {
          await trx
            .insertInto("t")
            .values(bad.map((b) => ({ ...b, n: 1 })))
            .execute();
          throw fail;
        }),
      ).rejects.toBe(fail);
      expect(rows()).toHaveLength(253);
    },
  );
});
