import type { Role } from "../../data/schema";
import type { Actor, ServiceContext } from "../context";
import { requireRole } from "../scope";

/** The roles that may call each quote verb (what they then see is narrowed by the verb). */
export const QUOTE_ROLES = {
  create: ["patient", "agent", "clinician", "admin"],
  read: ["patient", "agent", "clinician", "billing", "admin"],
} as const satisfies Record<string, readonly Role[]>;

/** The signed-in actor when their role may call the verb (401 without one, 403 for another role). */
export function requireQuoteRole(ctx: ServiceContext, verb: keyof typeof QUOTE_ROLES): Actor {
  return requireRole(ctx, ...QUOTE_ROLES[verb]);
}
