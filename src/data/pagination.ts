/** A cursor this service did not issue; each caller maps it (HTTP: 400 validation on `query.cursor`). */
export class InvalidCursorError extends Error {
  readonly code = "invalid_cursor";
  constructor() {
    super("The cursor is not one this service issued.");
    this.name = "InvalidCursorError";
  }
}

/** Keyset cursors: the last row's sort key, base64url JSON. Opaque to clients. */
export function encodeCursor(key: (string | number)[]): string {
  return btoa(JSON.stringify(key)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const b64 = cursor.replace(/-/g, "+").replace(/_/g, "/");
    const parsed: unknown = JSON.parse(atob(b64));
    if (
      Array.isArray(parsed) &&
      parsed.length === arity &&
      parsed.every((v) => typeof v === "string" || typeof v === "number")
    ) {
      return parsed;
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

/** Rows fetched with limit+1: the page and the next cursor. */
export function paginate<T>(rows: T[], limit: number, key: (row: T) => (string | number)[]) {
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return { data, nextCursor: more && last ? encodeCursor(key(last)) : null };
}
