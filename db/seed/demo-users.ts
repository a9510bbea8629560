/**
 * Demo identities: agencies, one user per role, their bearer tokens and the two
 * patients from the seed stories (Anar from Almaty, migraine; Alexander from
 * Astana, heart bypass). Tokens are fixed on purpose: they are printed at start
 * and listed in the README. Demo data only — no real person.
 */

export type DemoRole = "patient" | "agent" | "clinician" | "billing" | "admin";

export interface DemoAgency {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  city: string;
  /** Percentage of the travel subtotal, in basis points (500 = 5%). */
  feePercentBp: number;
  /** Flat fee per itinerary in minor units of feeCurrency. */
  feeFlatAmount: number;
  feeCurrency: string;
}

export const DEMO_AGENCIES: readonly DemoAgency[] = [
  {
    id: "agy_silkroad",
    name: "Silk Road Care",
    country: "KZ",
    city: "Almaty",
    feePercentBp: 500,
    feeFlatAmount: 20_000, // 200.00 CNY
    feeCurrency: "CNY",
  },
  {
    id: "agy_tianshan",
    name: "Tian Shan Medical Travel",
    country: "KG",
    city: "Bishkek",
    feePercentBp: 300,
    feeFlatAmount: 15_000, // 150.00 CNY
    feeCurrency: "CNY",
  },
];

export interface DemoUser {
  key: string;
  /** Fixed user id (`usr_demo_…`). */
  id: string;
  role: DemoRole;
  token: string;
  displayName: string;
  email: string;
  language: string;
  /**
   * Agent: the agency. Patient: the agency they belong to (written to
   * patients.agency_id; users.agency_id stays null for patients per users_scope_ck).
   */
  agencyId: string | null;
  hospitalId: string | null;
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    key: "admin",
    id: "usr_demo_admin",
    role: "admin",
    token: "cvn_demo_admin",
    displayName: "Caravan Operations",
    email: "admin@caravan.example",
    language: "en",
    agencyId: null,
    hospitalId: null,
  },
  {
    key: "anar",
    id: "usr_demo_anar",
    role: "patient",
    token: "cvn_demo_patient_anar",
    displayName: "Anar",
    email: "anar@patients.caravan.example",
    language: "ru",
    // Self sign-up: no agency.
    agencyId: null,
    hospitalId: null,
  },
  {
    key: "alexander",
    id: "usr_demo_alexander",
    role: "patient",
    token: "cvn_demo_patient_alexander",
    displayName: "Alexander",
    email: "alexander@patients.caravan.example",
    language: "ru",
    // The agency the patient belongs to. Stored on patients.agency_id: the
    // users row of a patient never carries an agency (users_scope_ck).
    agencyId: "agy_silkroad",
    hospitalId: null,
  },
  {
    key: "agent_silkroad",
    id: "usr_demo_agent_silkroad",
    role: "agent",
    token: "cvn_demo_agent_silkroad",
    displayName: "Aigerim Bekova (Silk Road Care)",
    email: "agent@silkroad-care.example",
    language: "ru",
    agencyId: "agy_silkroad",
    hospitalId: null,
  },
  {
    key: "clinician_xjph",
    id: "usr_demo_clinician_xjph",
    role: "clinician",
    token: "cvn_demo_clinician_xjph",
    displayName: "Dr. Mokhamat (Xinjiang People's Hospital)",
    email: "clinician@xjph.caravan.example",
    language: "zh",
    agencyId: null,
    hospitalId: "hsp_xjph",
  },
  {
    key: "billing_xjph",
    id: "usr_demo_billing_xjph",
    role: "billing",
    token: "cvn_demo_billing_xjph",
    displayName: "Billing Office, Xinjiang People's Hospital",
    email: "billing@xjph.caravan.example",
    language: "zh",
    agencyId: null,
    hospitalId: "hsp_xjph",
  },
  {
    key: "billing_zju4",
    id: "usr_demo_billing_zju4",
    role: "billing",
    token: "cvn_demo_billing_zju4",
    displayName: "Billing Office, Fourth Affiliated Hospital ZJU (Yiwu)",
    email: "billing@zju4.caravan.example",
    language: "zh",
    agencyId: null,
    hospitalId: "hsp_zju4",
  },
];

export interface DemoPatient {
  /** Fixed patient id (`pat_demo_…`). */
  id: string;
  /** The DEMO_USERS key and id of the patient's login. */
  userKey: string;
  userId: string;
  agencyId: string | null;
  fullName: string;
  email: string;
  phone: string | null;
  /** ISO 3166-1 alpha-2. */
  nationality: string;
  homeCity: string;
  /** IANA zone of home, for showing consultation times in the patient's own time. */
  zone: string;
  language: string;
  languages: readonly string[];
  /** ISO 4217: the patient's own currency for quotes. */
  currency: string;
  /** Plain demo values: the caller encrypts them before they are stored. */
  passportNumber: string;
  birthDate: string;
}

export const DEMO_PATIENTS: readonly DemoPatient[] = [
  {
    id: "pat_demo_anar",
    userKey: "anar",
    userId: "usr_demo_anar",
    agencyId: null,
    fullName: "Anar Seitkali",
    email: "anar@patients.caravan.example",
    phone: "+7 701 000 0137",
    nationality: "KZ",
    homeCity: "Almaty",
    zone: "Asia/Almaty",
    language: "ru",
    languages: ["ru", "kk"],
    currency: "KZT",
    passportNumber: "N00000137",
    birthDate: "1989-04-12", // 37 in the demo year
  },
  {
    id: "pat_demo_alexander",
    userKey: "alexander",
    userId: "usr_demo_alexander",
    agencyId: "agy_silkroad",
    fullName: "Alexander Kovalenko",
    email: "alexander@patients.caravan.example",
    phone: "+7 717 000 0211",
    nationality: "KZ",
    homeCity: "Astana",
    zone: "Asia/Almaty",
    language: "ru",
    languages: ["ru", "kk"],
    currency: "KZT",
    passportNumber: "N00000211",
    birthDate: "1961-09-03",
  },
];
