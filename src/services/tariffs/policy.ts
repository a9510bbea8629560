import type { Role } from "../../data/schema";
import type { Actor, ServiceContext } from "../context";
import { notFound } from "../errors";
import { requireRole } from "../scope";

/**
 * The hospital console's tariff verbs (the versions as billing sees them, the spreadsheet's validation,
 * preview and publication): billing of the hospital and admins. Any other role is refused (403) before
 * anything is read; billing of another hospital is told the hospital does not exist (404), as for
 * others' objects everywhere.
 */
export function requireTariffConsole(ctx: ServiceContext, hospitalId: string): Actor {
  const actor = requireRole(ctx, "billing", "admin");
  if (actor.role === "billing" && actor.hospitalId !== hospitalId) throw notFound("hospital", hospitalId);
  return actor;
}

/** The roles that may publish a tariff version (billing only for its own hospital, checked once it is loaded). */
export const TARIFF_PUBLISHERS = ["billing", "admin"] as const satisfies readonly Role[];

/** The signed-in actor when their role may publish tariffs (401 without one, 403 for another role). */
export function requireTariffPublisher(ctx: ServiceContext): Actor {
  return requireRole(ctx, ...TARIFF_PUBLISHERS);
}
