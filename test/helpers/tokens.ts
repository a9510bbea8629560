/** Demo tokens from db/seed/demo-users.ts. */
export const T = {
  admin: "cvn_demo_admin",
  anar: "cvn_demo_patient_anar",
  alexander: "cvn_demo_patient_alexander",
  agent: "cvn_demo_agent_silkroad",
  clinician: "cvn_demo_clinician_xjph",
  billing: "cvn_demo_billing_xjph",
  billingYiwu: "cvn_demo_billing_zju4",
} as const;
