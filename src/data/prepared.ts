import { type Compilable, CompiledQuery, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;
/** Values only: a null or a boolean can change the SQL a builder writes (`is null`), so they are not arguments. */
type Scalar = string | number;
type Arg = Scalar | readonly Scalar[];

/** Above this many values the D1 dialect rewrites a query's IN lists itself, from the query tree. */
const MAX_BOUND = 100;

/**
 * A Kysely read whose SQL is built and compiled once per dialect and shape, then run with new values.
 *
 * Kysely builds an immutable tree and compiles it for every execution: for a query with two
 * joins and four conditions that costs more than running it on SQLite. The SQL of a query depends
 * only on its shape, not on its values, so `prepared` compiles the builder once with a marker in
 * place of each argument (each element, for a list argument such as the ids of an IN), remembers
 * which parameter slot each marker took, and afterwards only fills the slots. A list's length is
 * part of the shape. The builder must pass its arguments straight into the query as values (no
 * arithmetic on them, no branching on them): anything that would change the SQL with the values
 * must be a separate prepared query; a builder that does otherwise is refused on first use. The
 * memo is keyed by the dialect's adapter, which a database and its transactions share, and held
 * weakly, so nothing outlives the connection. Every call still reads the database.
 *
 * For SELECTs only: writes go through the builder, which the D1 dialect reads to keep its undo
 * log; and a read with more than 100 values is built as usual, since D1 rewrites those.
 */
export function prepared<A extends Arg[], R>(build: (db: Db, ...args: A) => Compilable<R>) {
  const shapes = new WeakMap<object, Map<string, { sql: string; slots: Slot[] }>>();
  return async (db: Db, ...args: A): Promise<R[]> => {
    let bound = 0;
    let key = "";
    for (const a of args) {
      if (Array.isArray(a)) {
        bound += a.length;
        key += `${a.length},`;
      } else {
        bound += 1;
        key += "-,";
      }
    }
    if (bound > MAX_BOUND) return (await db.executeQuery(build(db, ...args))).rows;
    const adapter = db.getExecutor().adapter;
    let byShape = shapes.get(adapter);
    if (!byShape) shapes.set(adapter, (byShape = new Map()));
    let shape = byShape.get(key);
    if (!shape) {
      shape = compileShape(db, build, args);
      byShape.set(key, shape);
    }
    const parameters = shape.slots.map((s) =>
      s.kind === "value" ? s.value : s.item < 0 ? args[s.arg] : (args[s.arg] as readonly Scalar[])[s.item],
    );
    return (await db.executeQuery<R>(CompiledQuery.raw(shape.sql, parameters))).rows;
  };
}

type Slot = { kind: "value"; value: unknown } | { kind: "arg"; arg: number; item: number };

const MARKER = "\u0000caravan-prepared-arg-";

function compileShape<A extends Arg[], R>(db: Db, build: (db: Db, ...args: A) => Compilable<R>, args: A) {
  const where = new Map<string, { arg: number; item: number }>();
  const markers = args.map((a, i) => {
    if (!Array.isArray(a)) {
      where.set(`${MARKER}${i}`, { arg: i, item: -1 });
      return `${MARKER}${i}`;
    }
    return a.map((_, j) => {
      where.set(`${MARKER}${i}.${j}`, { arg: i, item: j });
      return `${MARKER}${i}.${j}`;
    });
  }) as A;
  const compiled = build(db, ...markers).compile();
  const used = new Set<string>();
  const slots: Slot[] = compiled.parameters.map((p) => {
    if (typeof p !== "string" || !p.includes(MARKER)) return { kind: "value", value: p };
    const at = where.get(p);
    if (!at) throw new Error("prepared query: every argument must reach the query as a parameter, unchanged");
    used.add(p);
    return { kind: "arg", ...at };
  });
  if (used.size !== where.size)
    throw new Error("prepared query: every argument must reach the query as a parameter, unchanged");
  return { sql: compiled.sql, slots };
}
