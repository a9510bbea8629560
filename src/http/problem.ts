import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const PROBLEM_TYPE_BASE = "urn:caravan:problem:";

export const FieldErrorSchema = z
  .object({
    path: z.string().openapi({ example: "query.date" }),
    message: z.string().openapi({ example: "Invalid date: expected YYYY-MM-DD" }),
  })
  .openapi("FieldError");

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "urn:caravan:problem:validation" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    code: z.string().openapi({ description: "Stable machine-readable error code." }),
    requestId: z.string(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .openapi("Problem", { description: "RFC 9457 problem details." });

export type Problem = z.infer<typeof ProblemSchema>;

export interface ProblemInput {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors?: { path: string; message: string }[];
  headers?: Record<string, string>;
}

export function problemResponse(c: Context, p: ProblemInput): Response {
  const body: Problem = {
    type: `${PROBLEM_TYPE_BASE}${p.code}`,
    title: p.title,
    status: p.status,
    detail: p.detail,
    instance: new URL(c.req.url).pathname,
    code: p.code,
    requestId: (c.get("requestId") as string | undefined) ?? "unknown",
    ...(p.errors ? { errors: p.errors } : {}),
  };
  const headers: Record<string, string> = {
    "Content-Type": "application/problem+json",
    ...(p.headers ?? {}),
  };
  return c.body(JSON.stringify(body), p.status as ContentfulStatusCode, headers);
}

const TARGETS: Record<string, string> = {
  json: "body",
  form: "body",
  param: "path",
  query: "query",
  header: "header",
  cookie: "cookie",
};

/** zod issues → `errors[]` with the request part first: `body.travelers.0.name`, `query.date`, `path.id`. */
export function zodIssuesToErrors(
  target: string,
  issues: readonly { path: PropertyKey[]; message: string }[],
): { path: string; message: string }[] {
  const part = TARGETS[target] ?? target;
  return issues.map((i) => ({
    path: [part, ...i.path.map((p) => String(p))].join("."),
    message: i.message,
  }));
}
