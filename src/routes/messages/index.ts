import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/context";
import { registerListMessages } from "./list-messages";
import { registerMarkRead } from "./mark-read";
import { registerPostMessage } from "./post-message";

/** A trip's conversation: read a page, post, mark read. */
export function registerMessages(app: OpenAPIHono<AppEnv>) {
  registerListMessages(app);
  registerPostMessage(app);
  registerMarkRead(app);
}
