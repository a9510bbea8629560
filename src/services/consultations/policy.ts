import type { Role } from "../../data/schema";
import type { Actor, ServiceContext } from "../context";
import { requireRole } from "../scope";

/** The roles that may call each consultation verb (what they then see is narrowed by the verb). */
export const CONSULTATION_ROLES = {
  request: ["patient", "agent", "admin"],
  read: ["patient", "agent", "clinician", "admin"],
  schedule: ["clinician", "agent", "admin"],
  recommend: ["clinician"],
  cancel: ["patient", "agent", "clinician", "admin"],
  console: ["clinician", "admin"],
} as const satisfies Record<string, readonly Role[]>;

/** The signed-in actor when their role may call the verb (401 without one, 403 for another role). */
export function requireConsultationRole(ctx: ServiceContext, verb: keyof typeof CONSULTATION_ROLES): Actor {
  return requireRole(ctx, ...CONSULTATION_ROLES[verb]);
}
