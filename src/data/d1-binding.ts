/** The parts of a D1 binding this driver uses (structural, so Node code needs no Workers types). */
export interface D1DatabaseLike {
  prepare(query: string): D1PreparedStatementLike;
  batch<T = Record<string, unknown>>(statements: D1PreparedStatementLike[]): Promise<D1ResultLike<T>[]>;
}

export interface D1PreparedStatementLike {
  bind(...values: unknown[]): D1PreparedStatementLike;
  all<T = Record<string, unknown>>(): Promise<D1ResultLike<T>>;
}

export interface D1ResultLike<T = Record<string, unknown>> {
  results: T[];
  success: boolean;
  meta: { changes?: number; last_row_id?: number; [key: string]: unknown };
}

/** D1 binds null, numbers, strings, booleans and buffers; never undefined or bigint. */
function bindable(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === "bigint") {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
      throw new RangeError(`integer ${v} does not fit D1's 53-bit numbers`);
    return Number(v);
  }
  return v;
}

export function prepare(db: D1DatabaseLike, sql: string, params: readonly unknown[]): D1PreparedStatementLike {
  const stmt = db.prepare(sql);
  return params.length ? stmt.bind(...params.map(bindable)) : stmt;
}
