import type { WebContext } from "../env";
import { historyOf } from "../trips/history";
import { AgentNav, consoleContext } from "./shared";

/** /agent/trips/{id}/history: every version, who changed what and when, before → after, with the reason. */
export async function agentHistoryPage(c: WebContext) {
  consoleContext(c);
  const id = c.req.param("id")!;
  const title = c.var.web.t("agent.history.title", { id });
  return historyOf(c, { nav: <AgentNav c={c} />, back: `/agent/trips/${id}`, title });
}
