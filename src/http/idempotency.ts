import type { MiddlewareHandler } from "hono";
import { claimKey, completeKey, dropKey } from "../data/idempotency-repo";
import { sha256Hex } from "../ports/crypto";
import { AppError, conflict, validationError } from "../services/errors";
import type { AppEnv } from "./context";

/**
 * `Idempotency-Key` on POST: the first request runs and its response is stored; a replay with
 * the same key and body gets that response again; the same key with another body is 422; a
 * replay while the first is still running is 409. Keys are per caller (token owner, or anonymous).
 * 5xx responses are not stored, so a retry runs again.
 */
export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== "POST") return next();
  const key = c.req.header("idempotency-key");
  if (key === undefined) return next();
  if (key.length === 0 || key.length > 255) {
    throw validationError("Idempotency-Key must be 1–255 characters.", [{ path: "header.idempotency-key", message: "1–255 characters" }]);
  }
  const { db, clock } = c.get("deps");
  const owner = c.get("actor")?.userId ?? "anonymous";
  const body = await c.req.text();
  const fingerprint = sha256Hex(`${c.req.method} ${c.req.path}\n${body}`);
  const claim = await claimKey(db, owner, key, fingerprint, clock.now());
  if (claim.kind === "mismatch") {
    throw new AppError(422, "idempotency_key_reused", "Idempotency key reused", "This Idempotency-Key was used with another request body.", [{ path: "header.idempotency-key", message: "already used with another body" }]);
  }
  if (claim.kind === "in_progress") throw conflict("A request with this Idempotency-Key is still being processed.", "idempotency_in_progress");
  if (claim.kind === "replay") {
    return c.body(claim.response.body, claim.response.status as 200, { ...claim.response.headers, "Idempotent-Replayed": "true" });
  }
  try {
    await next();
  } catch (err) {
    await dropKey(db, owner, key);
    throw err;
  }
  const res = c.res;
  if (res.status >= 500) {
    await dropKey(db, owner, key);
    return;
  }
  const headers: Record<string, string> = {};
  for (const h of ["content-type", "etag", "location"]) {
    const v = res.headers.get(h);
    if (v) headers[h] = v;
  }
  await completeKey(db, owner, key, { status: res.status, headers, body: await res.clone().text() });
};
