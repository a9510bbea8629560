import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv, ServiceContext } from "./context";

export const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A required JSON body; `example` is checked against what the schema accepts. */
export const jsonBody = <T extends z.ZodTypeAny>(schema: T, example?: z.input<T>, description?: string) => ({
  required: true,
  description,
  content: { "application/json": { schema, ...(example === undefined ? {} : { example }) } },
});

/** The per-request service context: the app's deps plus the caller. */
export function serviceContext(c: Context<AppEnv>): ServiceContext {
  return { ...c.get("deps"), actor: c.get("actor") };
}
