import type { Kysely } from "kysely";
import type { ReportLineSource } from "../data/report-lines";
import type { Database, Role } from "../data/schema";
import type { AssetSource } from "../ports/assets";
import type { Clock } from "../ports/clock";
import type { PiiCipher } from "../ports/crypto";
import type { Logger } from "../ports/logger";
import type { Payments } from "../ports/payments";
import type { ParitySigner } from "../ports/signer";

/** What the services need from outside, built in entries and tests only (the transports add their own). */
export interface ServiceDeps {
  db: Kysely<Database>;
  dialect: "sqlite" | "postgres";
  clock: Clock;
  cipher: PiiCipher;
  /** Ed25519 signer of parity affirmations. */
  signer: ParitySigner;
  /** Card payments; null when STRIPE_SECRET_KEY is not configured. */
  payments: Payments | null;
  logger: Logger;
  assets: AssetSource;
  config: AppConfig;
  /**
   * Where the parity report reads its lines, when not from `db`: on the embedded default, a
   * read-only connection of its own on the SQLite file. Absent: keyset batches through `db`.
   */
  reportLines?: ReportLineSource;
}

export interface AppConfig {
  bodyLimitBytes: number;
  holdMinutes: number;
  /** One-click sign-in as each demo user on the web (only the embedded default with demo data loaded). */
  demoSignIn?: boolean;
}

/** Who is calling: resolved from the bearer token, per request. */
export interface Actor {
  userId: string;
  role: Role;
  displayName: string;
  agencyId: string | null;
  hospitalId: string | null;
  /** Set for role `patient`. */
  patientId: string | null;
}

/** What a service verb gets: deps plus the caller. */
export interface ServiceContext extends ServiceDeps {
  actor: Actor | null;
}
