import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/context";
import { registerCreateQuote } from "./create-quote";
import { registerGetQuote } from "./get-quote";
import { registerListQuotes } from "./list-quotes";

export function registerQuotes(app: OpenAPIHono<AppEnv>) {
  registerCreateQuote(app);
  registerListQuotes(app);
  registerGetQuote(app);
}
