import type { ColumnType } from "kysely";

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** A signed-in browser (migration 2026-12-08-001): the cookie's token is stored only as its hash. */
export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: Nullable<string>;
  user_agent: Nullable<string>;
}

/** A one-time sign-in by email: a 6-digit code and a link token, both stored hashed. */
export interface SignInCodesTable {
  id: string;
  user_id: string;
  email: string;
  code_hash: string;
  link_token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: Nullable<string>;
  attempts: ColumnType<number, number | undefined, number>;
}
