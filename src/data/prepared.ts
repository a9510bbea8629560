import { type Compilable, CompiledQuery, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;
type Arg = string | number | null;

/**
 * A Kysely read whose SQL is built and compiled once per dialect, then run with new values.
 *
 * Kysely builds an immutable tree and compiles it for every execution: for a query with two
 * joins and four conditions that costs more than running it on SQLite. The SQL of a query depends
 * only on its shape, not on its values, so `prepared` compiles the builder once with a marker in
 * place of each argument, remembers which parameter slot each marker took, and afterwards only
 * fills the slots. The builder must pass its arguments straight into the query as values (no
 * arithmetic on them, no arrays, no branching on them): anything that would change the SQL with
 * the values must be a separate prepared query. The memo is keyed by the dialect's adapter, which
 * a database and its transactions share, and held weakly, so nothing outlives the connection.
 * For SELECTs only: writes go through the builder, which the D1 dialect reads to keep its undo log.
 */
export function prepared<A extends Arg[], R>(build: (db: Db, ...args: A) => Compilable<R>) {
  const shapes = new WeakMap<object, { sql: string; slots: ({ arg: number } | { value: unknown })[] }>();
  return async (db: Db, ...args: A): Promise<R[]> => {
    const adapter = db.getExecutor().adapter;
    let shape = shapes.get(adapter);
    if (!shape) {
      const markers = args.map((_, i) => `${MARKER}${i}`) as A;
      const compiled = build(db, ...markers).compile();
      const slots = compiled.parameters.map((p) => {
        if (typeof p !== "string" || !p.includes(MARKER)) return { value: p };
        const arg = markers.indexOf(p as A[number]);
        if (arg < 0) throw new Error("prepared query: every argument must reach the query as a parameter, unchanged");
        return { arg };
      });
      const used = new Set(slots.flatMap((s) => ("arg" in s ? [s.arg] : [])));
      if (used.size !== args.length) throw new Error("prepared query: every argument must reach the query as a parameter, unchanged");
      shape = { sql: compiled.sql, slots };
      shapes.set(adapter, shape);
    }
    const parameters = shape.slots.map((s) => ("arg" in s ? args[s.arg] : s.value));
    return (await db.executeQuery<R>(CompiledQuery.raw(shape.sql, parameters))).rows;
  };
}

const MARKER = "\u0000caravan-prepared-arg-";
