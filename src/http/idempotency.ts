import type { Context, MiddlewareHandler } from "hono";
import type { Kysely } from "kysely";
import { claimKey, completeKey, dropKey, markCommitted } from "../data/idempotency-repo";
import type { Database } from "../data/schema";
import { randomBytes, sha256Hex, toBase64 } from "../ports/crypto";
import { reissueSignUpToken } from "../services/access/patients";
import { BusinessRuleError, conflict, validationError } from "../services/errors";
import { clientAddressOf } from "./client-address";
import type { AppEnv, ServiceContext } from "./context";

/** A claim that cannot go ahead: another body under the key, still running, or carried out but its answer lost. */
function refuseClaim(kind: string): void {
  if (kind === "mismatch") {
    throw new BusinessRuleError(
      "idempotency_key_reused",
      "Idempotency key reused",
      "This Idempotency-Key was used with another request body.",
      [{ path: "header.idempotency-key", message: "already used with another body" }],
    );
  }
  if (kind === "in_progress")
    throw conflict("A request with this Idempotency-Key is still being processed.", "idempotency_in_progress");
  if (kind === "lost") {
    throw conflict(
      "The request with this Idempotency-Key was carried out, but its response was lost; read the resource " +
        "instead of retrying.",
      "idempotency_response_lost",
    );
  }
}

/**
 * `Idempotency-Key` on POST: the first request runs and its response is stored, sealed with the
 * PII cipher (AES-256-GCM, bound to owner and key); a replay with the same key and body gets that
 * response again; the same key with another body is 422; a replay while the first is still
 * running is 409. Keys belong to the caller: the token's user, or for anonymous callers a keyed
 * hash of the client's address. Keys expire after 24 h. The request's change marks the key in
 * its own transaction, so a retry after a crash never runs a committed change again. 5xx
 * responses are not stored, so a retry runs again (unless the change had committed).
 */
export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== "POST") return next();
  const key = c.req.header("idempotency-key");
  if (key === undefined) return next();
  if (key.length === 0 || key.length > 255) {
    throw validationError("Idempotency-Key must be 1–255 characters.", [
      { path: "header.idempotency-key", message: "1–255 characters" },
    ]);
  }
  const deps = c.get("deps");
  const { db, clock, cipher } = deps;
  const actor = c.get("actor");
  const owner = actor ? actor.userId : `anon:${await cipher.blindIndex(clientAddressOf(c) ?? "unknown")}`;
  const body = await c.req.text();
  const fingerprint = sha256Hex(`${c.req.method} ${c.req.path}\n${body}`);
  const lease = toBase64(randomBytes(16));
  const aad = `idempotency\n${owner}\n${key}`;
  const claim = await claimKey(db, owner, key, fingerprint, clock.now(), lease);
  refuseClaim(claim.kind);
  if (claim.kind === "replay") {
    const stored = JSON.parse(await cipher.decrypt(claim.sealed, aad)) as StoredResponse;
    let replayBody = stored.body;
    if (stored.withheld) {
      // The secret was never stored: the replay carries a fresh one (the previous one is revoked).
      const parsed = JSON.parse(replayBody) as Record<string, unknown>;
      parsed[stored.withheld.field] = await reissuers[stored.withheld.reissuer]({ ...deps, actor }, parsed);
      replayBody = JSON.stringify(parsed);
    }
    return c.body(replayBody, stored.status as 200, { ...stored.headers, "Idempotent-Replayed": "true" });
  }

  // Every transaction the request opens also marks the key, atomically with the change.
  const marking = markingTransactions(db, async (trx) => {
    if (!(await markCommitted(trx, owner, key, lease, clock.now()))) {
      throw conflict("Another attempt with this Idempotency-Key took over.", "idempotency_in_progress");
    }
  });
  c.set("deps", { ...deps, db: marking });
  try {
    await next();
  } catch (err) {
    await dropKey(db, owner, key, lease);
    throw err;
  } finally {
    c.set("deps", deps);
  }
  const res = c.res;
  if (res.status >= 500) {
    await dropKey(db, owner, key, lease);
    return;
  }
  const headers: Record<string, string> = {};
  for (const h of ["content-type", "etag", "location"]) {
    const v = res.headers.get(h);
    if (v) headers[h] = v;
  }
  let text = await res.clone().text();
  const withheld = withholding.get(c);
  if (withheld) {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    delete parsed[withheld.field];
    text = JSON.stringify(parsed);
  }
  const stored: StoredResponse = { status: res.status, headers, body: text, ...(withheld ? { withheld } : {}) };
  await completeKey(db, owner, key, lease, await cipher.encrypt(JSON.stringify(stored), aad));
};

interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  withheld?: Withheld;
}

/** Mints a replacement for a withheld secret from the stored (secret-free) response body. */
type Reissuer = (ctx: ServiceContext, body: Record<string, unknown>) => Promise<string>;

const reissuers = {
  patientSignUpToken: (ctx, body) =>
    reissueSignUpToken({ ctx, input: { patientId: (body.patient as { id: string }).id } }),
} satisfies Record<string, Reissuer>;

interface Withheld {
  field: string;
  reissuer: keyof typeof reissuers;
}

const withholding = new WeakMap<Context, Withheld>();

/**
 * Marks a top-level field of this response as a secret that is never stored with the key: a
 * replay gets a fresh value from `reissuer` instead.
 */
export function withholdFromReplay(c: Context<AppEnv>, field: string, reissuer: keyof typeof reissuers): void {
  withholding.set(c, { field, reissuer });
}

/** `db` whose transactions run `mark(trx)` last, inside the transaction, before commit. */
export function markingTransactions(
  db: Kysely<Database>,
  mark: (trx: Kysely<Database>) => Promise<void>,
): Kysely<Database> {
  type Execute = (builder: { execute(...args: unknown[]): Promise<unknown> }, args: unknown[]) => Promise<unknown>;
  // A transaction builder whose `execute` goes through `onExecute`, also after setIsolationLevel/setAccessMode.
  const wrapBuilder = <B extends object>(builder: B, onExecute: Execute): B =>
    new Proxy(builder, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target) as unknown;
        if (typeof v !== "function") return v;
        const f = (v as (...a: unknown[]) => unknown).bind(target);
        if (prop === "execute") return (...args: unknown[]) => onExecute(target as never, args);
        if (prop === "setIsolationLevel" || prop === "setAccessMode")
          return (arg: unknown) => wrapBuilder(f(arg) as object, onExecute);
        return f;
      },
    });
  const bound = <T extends object>(obj: T, override: (prop: string | symbol) => unknown): T =>
    new Proxy(obj, {
      get(target, prop) {
        const o = override(prop);
        if (o !== undefined) return o;
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  return bound(db, (prop) => {
    if (prop === "transaction") {
      return () =>
        wrapBuilder(db.transaction(), (builder, [callback]) =>
          builder.execute(async (trx: Kysely<Database>) => {
            const result = await (callback as (trx: Kysely<Database>) => Promise<unknown>)(trx);
            await mark(trx);
            return result;
          }),
        );
    }
    if (prop === "startTransaction") {
      return () =>
        wrapBuilder(db.startTransaction(), async (builder) => {
          const trx = (await builder.execute()) as Kysely<Database> & { commit(): { execute(): Promise<void> } };
          return bound(trx, (p) =>
            p === "commit"
              ? () => ({
                  execute: async () => {
                    await mark(trx);
                    await trx.commit().execute();
                  },
                })
              : undefined,
          );
        });
    }
    return undefined;
  });
}
