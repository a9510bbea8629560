import { enqueueNotification } from "../../data/notifications-repo";
import * as repo from "../../data/sessions-repo";
import { newId } from "../../data/ids";
import { withUnitOfWork } from "../../data/unit-of-work";
import { hashToken, newToken, randomBytes } from "../../ports/crypto";
import type { ServiceContext } from "../context";
import { businessRule, validationError } from "../errors";
import { type SessionView, startSession } from "./sessions";

/** A code and its link work for this long, once. */
export const SIGN_IN_CODE_TTL_MS = 15 * 60_000;
/** Wrong codes tried against one code before it stops working. */
export const MAX_CODE_ATTEMPTS = 5;
/** Codes one email may ask for per window. */
export const MAX_CODE_REQUESTS = 5;
const REQUEST_WINDOW_MS = 15 * 60_000;

/** A uniformly random 6-digit code (rejection sampling: no modulo bias). */
export function sixDigitCode(): string {
  for (;;) {
    const [a, b, c, d] = randomBytes(4);
    const n = ((a! << 24) | (b! << 16) | (c! << 8) | d!) >>> 0;
    if (n < 4_294_000_000) return String(n % 1_000_000).padStart(6, "0");
  }
}

/** 6 digits have too little entropy for a plain hash: a keyed one (the PII key's HMAC subkey), per code row. */
function codeHash(ctx: ServiceContext, id: string, code: string): Promise<string> {
  return ctx.cipher.blindIndex(`sign-in:${id}:${code}`);
}

const normalEmail = (email: string) => email.trim().toLowerCase();

/**
 * Emails a sign-in link and a 6-digit code to the account(s) with this address, through the
 * outbox; the code and link are sealed in the outbox row and stored only hashed here. An unknown
 * address gets the same answer and no email (no account enumeration). At most MAX_CODE_REQUESTS
 * per address per 15 minutes.
 */
export async function requestSignIn({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { email: string; language: string; linkBase: string };
}): Promise<{ expiresAt: string }> {
  const email = normalEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) {
    throw validationError("Invalid email.", [{ path: "body.email", message: "must be an email address" }]);
  }
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + SIGN_IN_CODE_TTL_MS).toISOString();
  await withUnitOfWork(ctx.db, async (trx) => {
    const since = new Date(now.getTime() - REQUEST_WINDOW_MS).toISOString();
    if ((await repo.countSignInCodesSince(trx, email, since)) >= MAX_CODE_REQUESTS) {
      throw businessRule("too_many_sign_in_requests", "Too many sign-in codes asked for; wait 15 minutes.", [
        { path: "body.email", message: "too many codes asked for this address; try again in 15 minutes" },
      ]);
    }
    for (const user of await repo.usersByEmail(trx, email)) {
      const id = newId("sic", now);
      const code = sixDigitCode();
      const linkToken = newToken();
      await repo.insertSignInCode(trx, {
        id,
        userId: user.id,
        email,
        codeHash: await codeHash(ctx, id, code),
        linkTokenHash: hashToken(linkToken),
        createdAt: now.toISOString(),
        expiresAt,
      });
      const sealed = await ctx.cipher.encrypt(JSON.stringify({ code, link: `${input.linkBase}${linkToken}` }), id);
      await enqueueNotification(trx, {
        userId: user.id,
        kind: "sign_in_code",
        language: input.language,
        subjectId: id,
        payload: { signInId: id, sealed, expiresAt },
        now,
      });
    }
  });
  return { expiresAt };
}

export type SignInProof = { email: string; code: string } | { linkToken: string };

const wrongCode = () =>
  validationError("The code is wrong or has expired.", [
    { path: "body.code", message: "the code is wrong or has expired; ask for a new one" },
  ]);
const deadLink = () =>
  validationError("The sign-in link is wrong, used or expired.", [
    { path: "param.token", message: "this link was used or has expired; ask for a new one" },
  ]);

/**
 * Signs in with an emailed code (with its email) or link: each works once, within 15 minutes, and a
 * code stops working after MAX_CODE_ATTEMPTS wrong tries. Starts a new session (rotating any old one).
 */
export async function completeSignIn({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { proof: SignInProof; userAgent?: string | null; replacesToken?: string | null };
}): Promise<{ token: string; session: SessionView; userId: string }> {
  const now = ctx.clock.now().toISOString();
  const proof = input.proof;
  if ("code" in proof && !/^\d{6}$/.test(proof.code.trim())) {
    throw validationError("Invalid code.", [{ path: "body.code", message: "must be the 6 digits from the email" }]);
  }
  // A wrong code's counted try must commit, so the refusal is thrown after the unit.
  const result = await withUnitOfWork(ctx.db, async (trx) => {
    const start = (userId: string) =>
      startSession({
        ctx: { ...ctx, db: trx },
        input: { userId, userAgent: input.userAgent, replacesToken: input.replacesToken },
      }).then((s) => ({ ...s, userId }));
    if ("linkToken" in proof) {
      const row = await repo.signInCodeByLink(trx, hashToken(proof.linkToken));
      if (!row || row.usedAt || row.expiresAt <= now) throw deadLink();
      if (!(await repo.useSignInCode(trx, row.id, now))) throw deadLink();
      return start(row.userId);
    }
    const live = (await repo.liveSignInCodes(trx, normalEmail(proof.email), now)).filter(
      (r) => r.attempts < MAX_CODE_ATTEMPTS,
    );
    for (const row of live) {
      if ((await codeHash(ctx, row.id, proof.code.trim())) === row.codeHash) {
        if (!(await repo.useSignInCode(trx, row.id, now))) throw wrongCode();
        return start(row.userId);
      }
    }
    for (const row of live) await repo.countSignInAttempt(trx, row.id);
    return null;
  });
  if (!result) throw wrongCode();
  return result;
}
