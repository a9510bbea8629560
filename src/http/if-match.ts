import { validationError } from "../services/errors";

/** `If-Match: "3"` (or W/"3", or 3) → 3; the header absent → undefined (the service asks for it). */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!m)
    throw validationError("If-Match must be the itinerary's ETag.", [
      { path: "header.if-match", message: 'expected "<version>"' },
    ]);
  return Number(m[1]);
}
