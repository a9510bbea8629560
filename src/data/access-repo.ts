import type { Kysely, Transaction } from "kysely";
import { prepared } from "./prepared";
import type { Database, Role } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

export interface TokenOwner {
  userId: string;
  role: Role;
  displayName: string;
  agencyId: string | null;
  hospitalId: string | null;
  patientId: string | null;
}

const tokenOwner = prepared((db, tokenHash: string) =>
  db
    .selectFrom("api_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .leftJoin("patients as p", "p.user_id", "u.id")
    .select([
      "u.id as userId",
      "u.role as role",
      "u.display_name as displayName",
      "u.agency_id as agencyId",
      "u.hospital_id as hospitalId",
      "p.id as patientId",
    ])
    .where("t.token_hash", "=", tokenHash)
    .where("t.revoked_at", "is", null)
    .limit(1),
);

/** The live (not revoked) token's owner, or undefined. Runs on every authenticated request. */
export async function findTokenOwner(db: Db, tokenHash: string): Promise<TokenOwner | undefined> {
  const [row] = await tokenOwner(db, tokenHash);
  return row ? { ...row, patientId: row.patientId ?? null } : undefined;
}

export async function insertUser(
  db: Db,
  u: {
    id: string;
    role: Role;
    displayName: string;
    email: string;
    language: string;
    agencyId: string | null;
    hospitalId: string | null;
    createdAt: string;
  },
): Promise<void> {
  await db
    .insertInto("users")
    .values({
      id: u.id,
      role: u.role,
      display_name: u.displayName,
      email: u.email,
      language: u.language,
      agency_id: u.agencyId,
      hospital_id: u.hospitalId,
      created_at: u.createdAt,
    })
    .execute();
}

export async function insertToken(
  db: Db,
  t: { id: string; userId: string; tokenHash: string; label: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto("api_tokens")
    .values({
      id: t.id,
      user_id: t.userId,
      token_hash: t.tokenHash,
      label: t.label,
      created_at: t.createdAt,
      revoked_at: null,
    })
    .execute();
}

export async function findUserByEmailRole(db: Db, email: string, role: Role) {
  return db.selectFrom("users").select(["id"]).where("email", "=", email).where("role", "=", role).executeTakeFirst();
}

export async function agencyExists(db: Db, id: string): Promise<boolean> {
  return !!(await db.selectFrom("agencies").select("id").where("id", "=", id).executeTakeFirst());
}

export async function hospitalExists(db: Db, id: string): Promise<boolean> {
  return !!(await db.selectFrom("hospitals").select("id").where("id", "=", id).executeTakeFirst());
}

/** Revokes a user's live tokens that carry `label`. */
export async function revokeTokensByLabel(db: Db, userId: string, label: string, revokedAt: string): Promise<void> {
  await db
    .updateTable("api_tokens")
    .set({ revoked_at: revokedAt })
    .where("user_id", "=", userId)
    .where("label", "=", label)
    .where("revoked_at", "is", null)
    .execute();
}
