/** Tables: consultations, quotes and the notifications sent about them. */
import type { ColumnType } from "kysely";
import type { Defaulted, Int } from "./columns";

export type ConsultationStatus = "requested" | "scheduled" | "completed" | "cancelled";

export interface ConsultationsTable {
  id: string;
  patient_id: string;
  /** The patient's agency, copied on insert (so an agency's list pages by index); never set by callers. */
  agency_id: ColumnType<string | null, string | null | undefined, never>;
  hospital_id: string;
  department_code: string;
  mode: "video" | "in_person";
  status: ConsultationStatus;
  complaint: string;
  language: string;
  preferred_times: string;
  records: string;
  slot_id: string | null;
  price_amount: Defaulted<number>;
  price_currency: string;
  recommendation: string | null;
  recommended_by: string | null;
  recommended_at: string | null;
  cancel_reason: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface QuotesTable {
  id: string;
  patient_id: string;
  /** The patient's agency, copied on insert (so an agency's list pages by index); never set by callers. */
  agency_id: ColumnType<string | null, string | null | undefined, never>;
  hospital_id: string;
  consultation_id: string | null;
  status: "open" | "withdrawn";
  revision: number;
  service_date: string;
  hospital_currency: string;
  patient_currency: string;
  medical_total: Int;
  medical_total_patient: Int;
  /** JSON: the resolved hospital→patient rate. */
  fx: string;
  valid_until: string;
  affirmation_payload: string;
  affirmation_signature: string;
  affirmation_key_id: string;
  withdrawn_reason: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface QuoteLinesTable {
  quote_id: string;
  line_no: number;
  hospital_id: string;
  code: string;
  name: string;
  department_code: string;
  service_class: string;
  kind: string;
  unit: string;
  quantity: number;
  service_date: string;
  unit_price: Int;
  line_total: Int;
  tariff_version_id: string;
  tariff_version: number;
  /** The standard class's domestic unit price, on a premium-class line; null on a standard-class line. */
  standard_unit_price: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  language: string;
  subject_id: string;
  payload: string;
  status: Defaulted<string>;
  attempts: Defaulted<number>;
  next_attempt_at: string;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  sent_at: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
  /** Stable RFC 5322 Message-ID, set at first attempt (migration 004). */
  message_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Lease: a dispatcher that claimed the row owns it until then. */
  locked_until: ColumnType<string | null, string | null | undefined, string | null>;
  /** Address it was (or will be) sent to. */
  recipient: ColumnType<string | null, string | null | undefined, string | null>;
}
