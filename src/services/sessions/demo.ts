import * as repo from "../../data/sessions-repo";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { type SessionView, startSession } from "./sessions";

/**
 * The demo users one may sign in as with one click: only where the deployment allows it
 * (config.demoSignIn: the embedded default) and the demo data is loaded; else none.
 */
export async function demoSignInUsers({ ctx }: { ctx: ServiceContext }) {
  if (!ctx.config.demoSignIn || !(await repo.demoDataLoaded(ctx.db))) return [];
  return (await repo.demoUsers(ctx.db)).map((u) => ({ userId: u.id, role: u.role, displayName: u.display_name }));
}

/** Signs in as a demo user (404 when the demo sign-in is off or the user is not a demo user). */
export async function startDemoSession({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { userId: string; userAgent?: string | null; replacesToken?: string | null };
}): Promise<{ token: string; session: SessionView }> {
  const users = await demoSignInUsers({ ctx });
  if (!users.some((u) => u.userId === input.userId)) throw notFound("demo user", input.userId);
  return startSession({ ctx, input });
}
