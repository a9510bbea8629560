import type { Hono } from "hono";
import { addMeSection } from "../account/me";
import type { WebEnv } from "../env";
import { UnreadSection } from "./me";
import { messagesPage, postMessageAction } from "./page";

export { MessagesLink } from "./me";

/** A trip's conversation for every participant (patient, agent, hospital staff), and unread counts on /me. */
export function registerMessagePages(web: Hono<WebEnv>) {
  web.get("/trips/:id/messages", (c) => messagesPage(c));
  web.post("/trips/:id/messages", postMessageAction);
  addMeSection("messages", (c) => <UnreadSection c={c} />);
}
