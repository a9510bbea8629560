import { findTokenOwner, revokeTokensByLabel } from "../../data/access-repo";
import * as repo from "../../data/sessions-repo";
import { newId } from "../../data/ids";
import { withUnitOfWork } from "../../data/unit-of-work";
import { hashToken, newToken } from "../../ports/crypto";
import type { Actor, ServiceContext } from "../context";
import { unauthorized } from "../errors";

/** A session lives this long after it was last used (sliding), then the browser must sign in again. */
export const SESSION_IDLE_MS = 30 * 24 * 60 * 60_000;
/** A session's last use is written at most this often (one write per page would be wasteful). */
const TOUCH_EVERY_MS = 5 * 60_000;

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
}

/**
 * Starts a session for a user who has just proved who they are (sign-up, a sign-in code, the demo
 * sign-in): a fresh random token for the cookie, stored only as its hash. The session it replaces,
 * if any, is ended (the cookie rotates at every sign-in).
 */
export async function startSession({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { userId: string; userAgent?: string | null; replacesToken?: string | null };
}): Promise<{ token: string; session: SessionView }> {
  const now = ctx.clock.now();
  const token = newToken();
  const session: SessionView = {
    id: newId("ses", now),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_IDLE_MS).toISOString(),
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  };
  await withUnitOfWork(ctx.db, async (trx) => {
    if (input.replacesToken) {
      const old = await repo.findLiveSession(trx, hashToken(input.replacesToken), now.toISOString());
      if (old) await repo.revokeSession(trx, old.session.id, old.session.userId, now.toISOString());
    }
    await repo.insertSession(trx, { ...session, userId: input.userId, tokenHash: hashToken(token) });
  });
  return { token, session };
}

/**
 * The actor behind a session cookie's token — the same `Actor` the API builds from a bearer
 * token — and the account's language, or null when the token is unknown, revoked or expired.
 * Slides the expiry: `renewed` says the session was just extended, so the cookie's Max-Age is renewed too.
 */
export async function sessionActor({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { token: string };
}): Promise<{ session: SessionView; actor: Actor; language: string; renewed: boolean } | null> {
  const now = ctx.clock.now();
  const found = await repo.findLiveSession(ctx.db, hashToken(input.token), now.toISOString());
  if (!found) return null;
  const { session, owner, language } = found;
  const renewed = now.getTime() - new Date(session.lastSeenAt).getTime() >= TOUCH_EVERY_MS;
  if (renewed) {
    session.lastSeenAt = now.toISOString();
    session.expiresAt = new Date(now.getTime() + SESSION_IDLE_MS).toISOString();
    await repo.touchSession(ctx.db, session.id, session.lastSeenAt, session.expiresAt);
  }
  const { userId: _userId, ...view } = session;
  return { session: view, actor: owner, language, renewed };
}

/** Signs this browser out: ends the caller's own session (another's id is ignored, not an error). */
export async function endSession({ ctx, input }: { ctx: ServiceContext; input: { sessionId: string } }) {
  const actor = ctx.actor;
  if (!actor) throw unauthorized("Sign in first.");
  await repo.revokeSession(ctx.db, input.sessionId, actor.userId, ctx.clock.now().toISOString());
}

/** "Sign out everywhere": ends every session of the caller, this one included. */
export async function endAllSessions({ ctx }: { ctx: ServiceContext }): Promise<{ ended: number }> {
  const actor = ctx.actor;
  if (!actor) throw unauthorized("Sign in first.");
  return { ended: await repo.revokeUserSessions(ctx.db, actor.userId, ctx.clock.now().toISOString()) };
}

/** The caller's live sessions, most recently used first (the account page lists them). */
export async function listSessions({ ctx }: { ctx: ServiceContext }): Promise<SessionView[]> {
  const actor = ctx.actor;
  if (!actor) throw unauthorized("Sign in first.");
  const rows = await repo.listLiveSessions(ctx.db, actor.userId, ctx.clock.now().toISOString());
  return rows.map(({ userId: _u, ...view }) => view);
}

/**
 * Web sign-up: the patient was just created by the same verb as POST /v1/patients, which issues a
 * bearer token; the browser gets a session instead, and that token (never shown) is revoked.
 */
export async function sessionForSignUpToken({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { token: string; userAgent?: string | null; replacesToken?: string | null };
}): Promise<{ token: string; session: SessionView; userId: string }> {
  const owner = await findTokenOwner(ctx.db, hashToken(input.token));
  if (!owner) throw unauthorized("The sign-up token is unknown or revoked.");
  return withUnitOfWork(ctx.db, async (trx) => {
    await revokeTokensByLabel(trx, owner.userId, "sign-up", ctx.clock.now().toISOString());
    const started = await startSession({
      ctx: { ...ctx, db: trx },
      input: { userId: owner.userId, userAgent: input.userAgent, replacesToken: input.replacesToken },
    });
    return { ...started, userId: owner.userId };
  });
}
