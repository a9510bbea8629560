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
