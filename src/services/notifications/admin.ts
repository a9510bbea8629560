import type { ServiceContext } from "../context";
import { conflict } from "../errors";
import { requireRole } from "../scope";
import { listDead, retryDead } from "./dispatcher";

/** Dead-lettered notifications, for an operator. */
export async function listDeadNotifications({ ctx }: { ctx: ServiceContext }) {
  requireRole(ctx, "admin");
  const rows = await listDead(ctx.db);
  return {
    data: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      userId: r.user_id,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at,
    })),
  };
}

/** Puts a dead-lettered notification back in the queue. */
export async function retryDeadNotification({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  requireRole(ctx, "admin");
  if (!(await retryDead(ctx.db, input.id, ctx.clock.now())))
    throw conflict(`Notification ${input.id} is not dead-lettered.`, "not_dead");
  return { id: input.id, status: "pending" as const };
}
