import type { z } from "zod";
import { validationError } from "../errors";

/**
 * Parses a verb's input with its schema; a refusal names each field as the API does (`body.attachments.0.name`,
 * `query.limit`), `where` telling which part of a request each top-level field comes from.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: (field: string) => "body" | "query" | "path" = () => "body",
): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => {
    const path = i.path.map((p) => String(p));
    return { path: [where(path[0] ?? ""), ...path].join("."), message: i.message };
  });
  throw validationError(`Invalid input: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}.`, errors);
}
