import type { Actor, ServiceContext } from "../context";
import { requireRole } from "../scope";

/**
 * The agent console is for agents (their own agency) and admins (every agency); patients and
 * hospital staff are refused (403) before anything is read.
 */
export function requireConsole(ctx: ServiceContext): Actor {
  return requireRole(ctx, "agent", "admin");
}

/** The agency whose objects the console lists: the agent's own; null for an admin (every agency). */
export function agencyScope(actor: Actor): string | null {
  return actor.role === "agent" ? actor.agencyId! : null;
}
