import type { Kysely, Transaction } from "kysely";
import type { TokenOwner } from "./access-repo";
import type { Database } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
}

export async function insertSession(db: Db, s: SessionRecord & { tokenHash: string }): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      id: s.id,
      token_hash: s.tokenHash,
      user_id: s.userId,
      created_at: s.createdAt,
      last_seen_at: s.lastSeenAt,
      expires_at: s.expiresAt,
      revoked_at: null,
      user_agent: s.userAgent,
    })
    .execute();
}

/** The live session (not revoked, not expired at `now`) behind a token hash, with its owner as an actor. */
export async function findLiveSession(
  db: Db,
  tokenHash: string,
  now: string,
): Promise<{ session: SessionRecord; owner: TokenOwner; language: string } | undefined> {
  const row = await db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .leftJoin("patients as p", "p.user_id", "u.id")
    .select([
      "s.id as id",
      "s.created_at as createdAt",
      "s.last_seen_at as lastSeenAt",
      "s.expires_at as expiresAt",
      "s.user_agent as userAgent",
      "u.id as userId",
      "u.role as role",
      "u.display_name as displayName",
      "u.agency_id as agencyId",
      "u.hospital_id as hospitalId",
      "u.language as language",
      "p.id as patientId",
      "p.language as patientLanguage",
    ])
    .where("s.token_hash", "=", tokenHash)
    .where("s.revoked_at", "is", null)
    .where("s.expires_at", ">", now)
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    session: {
      id: row.id,
      userId: row.userId,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      expiresAt: row.expiresAt,
      userAgent: row.userAgent ?? null,
    },
    owner: {
      userId: row.userId,
      role: row.role,
      displayName: row.displayName,
      agencyId: row.agencyId,
      hospitalId: row.hospitalId,
      patientId: row.patientId ?? null,
    },
    language: row.patientLanguage ?? row.language,
  };
}

export async function touchSession(db: Db, id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .execute();
}

/** Revokes one session, only if it is the user's. Returns whether a live one was revoked. */
export async function revokeSession(db: Db, id: string, userId: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable("sessions")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Revokes every live session of a user; returns how many. */
export async function revokeUserSessions(db: Db, userId: string, now: string): Promise<number> {
  const r = await db
    .updateTable("sessions")
    .set({ revoked_at: now })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function listLiveSessions(db: Db, userId: string, now: string): Promise<SessionRecord[]> {
  const rows = await db
    .selectFrom("sessions")
    .select(["id", "user_id", "created_at", "last_seen_at", "expires_at", "user_agent"])
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("last_seen_at", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    userAgent: r.user_agent ?? null,
  }));
}

// ---------------------------------------------------------------------------------------
// Sign-in codes

export interface SignInCodeRecord {
  id: string;
  userId: string;
  email: string;
  codeHash: string;
  expiresAt: string;
  attempts: number;
}

export async function insertSignInCode(
  db: Db,
  c: {
    id: string;
    userId: string;
    email: string;
    codeHash: string;
    linkTokenHash: string;
    createdAt: string;
    expiresAt: string;
  },
): Promise<void> {
  await db
    .insertInto("sign_in_codes")
    .values({
      id: c.id,
      user_id: c.userId,
      email: c.email,
      code_hash: c.codeHash,
      link_token_hash: c.linkTokenHash,
      created_at: c.createdAt,
      expires_at: c.expiresAt,
      used_at: null,
      attempts: 0,
    })
    .execute();
}

/** How many codes were asked for an email since `since` (the rate limit of requests). */
export async function countSignInCodesSince(db: Db, email: string, since: string): Promise<number> {
  const row = await db
    .selectFrom("sign_in_codes")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("email", "=", email)
    .where("created_at", ">=", since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

const codeColumns = ["id", "user_id", "email", "code_hash", "expires_at", "attempts"] as const;

function toCode(r: {
  id: string;
  user_id: string;
  email: string;
  code_hash: string;
  expires_at: string;
  attempts: number;
}) {
  return {
    id: r.id,
    userId: r.user_id,
    email: r.email,
    codeHash: r.code_hash,
    expiresAt: r.expires_at,
    attempts: Number(r.attempts),
  };
}

/** Unused, unexpired codes for an email, newest first. */
export async function liveSignInCodes(db: Db, email: string, now: string): Promise<SignInCodeRecord[]> {
  const rows = await db
    .selectFrom("sign_in_codes")
    .select(codeColumns)
    .where("email", "=", email)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map(toCode);
}

/** The code behind a link token, whatever its state (the service says why it is refused). */
export async function signInCodeByLink(
  db: Db,
  linkTokenHash: string,
): Promise<(SignInCodeRecord & { usedAt: string | null }) | undefined> {
  const row = await db
    .selectFrom("sign_in_codes")
    .select([...codeColumns, "used_at"])
    .where("link_token_hash", "=", linkTokenHash)
    .executeTakeFirst();
  return row ? { ...toCode(row), usedAt: row.used_at ?? null } : undefined;
}

export async function countSignInAttempt(db: Db, id: string): Promise<void> {
  await db
    .updateTable("sign_in_codes")
    .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("id", "=", id)
    .execute();
}

/** Marks a code used, only if it still is unused: exactly one caller wins. */
export async function useSignInCode(db: Db, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable("sign_in_codes")
    .set({ used_at: now })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function usersByEmail(db: Db, email: string) {
  return db
    .selectFrom("users as u")
    .leftJoin("patients as p", "p.user_id", "u.id")
    .select(["u.id", "u.role", "u.language", "u.display_name"])
    .where((eb) => eb.or([eb("u.email", "=", email), eb("p.email", "=", email)]))
    .orderBy("u.created_at")
    .execute();
}

// ---------------------------------------------------------------------------------------
// The account page and the demo sign-in

export async function userAccount(db: Db, userId: string) {
  return db
    .selectFrom("users as u")
    .leftJoin("patients as p", "p.user_id", "u.id")
    .select([
      "u.id",
      "u.role",
      "u.display_name",
      "u.email",
      "u.language",
      "p.id as patient_id",
      "p.currency",
      "p.language as patient_language",
    ])
    .where("u.id", "=", userId)
    .executeTakeFirst();
}

/** The language messages and pages use, on the user and (for a patient) on the patient record. */
export async function setUserLanguage(db: Db, userId: string, language: string): Promise<void> {
  await db.updateTable("users").set({ language }).where("id", "=", userId).execute();
  await db.updateTable("patients").set({ language }).where("user_id", "=", userId).execute();
}

export async function setPatientCurrency(db: Db, userId: string, currency: string): Promise<void> {
  await db.updateTable("patients").set({ currency }).where("user_id", "=", userId).execute();
}

/** Whether the demo data was loaded (db/seed/demo.ts writes this marker). */
export async function demoDataLoaded(db: Db): Promise<boolean> {
  return !!(await db.selectFrom("app_meta").select("key").where("key", "=", "demo_seeded").executeTakeFirst());
}

/** The demo's users (ids `usr_demo_…`), in a stable order. */
export async function demoUsers(db: Db) {
  return db
    .selectFrom("users")
    .select(["id", "role", "display_name"])
    .where("id", "like", "usr_demo_%")
    .orderBy("id")
    .execute();
}
