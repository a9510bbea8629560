import type { ServiceContext } from "../context";
import { conflict, forbidden } from "../errors";
import { requireActor } from "../scope";
import { listDead, retryDead } from "./dispatcher";

/** Dead-lettered notifications, for an operator. */
export async function listDeadNotifications({ ctx }: { ctx: ServiceContext }) {
  if (requireActor(ctx).role !== "admin") throw forbidden();
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
  if (requireActor(ctx).role !== "admin") throw forbidden();
  if (!(await retryDead(ctx.db, input.id, ctx.clock.now())))
    throw conflict(`Notification ${input.id} is not dead-lettered.`, "not_dead");
  return { id: input.id, status: "pending" as const };
}
