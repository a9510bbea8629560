import type { MiddlewareHandler } from "hono";
import { findTokenOwner } from "../data/access-repo";
import type { Role } from "../data/schema";
import { hashToken } from "../ports/crypto";
import { forbidden, unauthorized } from "../services/errors";
import type { AppEnv } from "./context";

/**
 * Resolves `Authorization: Bearer …` to an actor. No header: anonymous (routes decide).
 * A header that is malformed, unknown or revoked is always a 401.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization");
  if (header === undefined) {
    c.set("actor", null);
    return next();
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw unauthorized("The Authorization header must be `Bearer <token>`.");
  const owner = await findTokenOwner(c.get("deps").db, hashToken(match[1]));
  if (!owner) throw unauthorized("The bearer token is unknown or revoked.");
  c.set("actor", owner);
  return next();
};

/** Route middleware: the caller must be signed in with one of these roles. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get("actor");
    if (!actor) throw unauthorized();
    if (!roles.includes(actor.role)) {
      throw forbidden(`Role '${actor.role}' may not do this; allowed: ${roles.join(", ")}.`);
    }
    return next();
  };
}

export const bearerSecurity = [{ bearerAuth: [] as string[] }];
/** Public operations declare that they need no token. */
export const publicSecurity: Record<string, string[]>[] = [];
