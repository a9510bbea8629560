/** Tables: agencies, users, their API tokens and the patients they book for. */
import type { ColumnType } from "kysely";
import type { Defaulted } from "./columns";

export interface AgenciesTable {
  id: string;
  name: string;
  country: string;
  fee_percent_bp: Defaulted<number>;
  fee_flat_amount: Defaulted<number>;
  fee_currency: string;
  created_at: string;
}

export type Role = "patient" | "agent" | "clinician" | "billing" | "admin";

export interface UsersTable {
  id: string;
  role: Role;
  display_name: string;
  email: string;
  language: string;
  agency_id: string | null;
  hospital_id: string | null;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  token_hash: string;
  label: string;
  created_at: string;
  revoked_at: string | null;
}

export interface PatientsTable {
  id: string;
  user_id: string;
  agency_id: string | null;
  full_name: string;
  email: string;
  phone: string | null;
  nationality: string;
  home_city: string;
  language: string;
  languages: string;
  currency: string;
  passport_number_enc: string | null;
  birth_date_enc: string | null;
  created_at: string;
  /** IANA zone of the patient's home, for showing times (migration 002). */
  zone: ColumnType<string | null, string | null | undefined, string | null>;
}
