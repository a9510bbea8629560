/** Business refusals shown inside forms and error pages, by the service's stable code (src/web/refusals.tsx). */
export const refusals = {
  "refusal.invalid_state": "This cannot be done in its present state.",
  "refusal.concurrent_change": "It changed meanwhile. Here it is as it is now; try again.",
  "refusal.sold_out": "Part of the trip has just sold out: choose another option.",
  "refusal.change_offer_required":
    "This change raises what the patient owes or moves a date of a confirmed trip: send it as a change offer.",
  "refusal.slot_taken": "That time has just been taken: choose another.",
  "refusal.no_recommendation": "The hospital has not recommended a treatment yet.",
  "refusal.fx_unavailable": "No exchange rate for this currency is available now: try again later.",
  "refusal.inEnglish": "The service's words, in English:",
  "field.noDepartment": "This hospital has no department “{department}”: choose one from the list.",
  "field.unknownHospital": "There is no such hospital.",
} as const;
