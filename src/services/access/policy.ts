import type { Actor, ServiceContext } from "../context";
import { requireRole } from "../scope";

/** Staff accounts are created by admins only (401 without a sign-in, 403 for any other role). */
export function requireUserAdmin(ctx: ServiceContext): Actor {
  return requireRole(ctx, "admin");
}
