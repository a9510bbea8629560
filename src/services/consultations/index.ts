// The consultation verbs the transports call (REST routes and web pages import from here).
export { cancelConsultation } from "./cancel-consultation";
export { hospitalConsultation, hospitalConsultations } from "./hospital-console";
export { listSlots } from "./list-slots";
export { getConsultation, listConsultations } from "./read-consultations";
export { recordRecommendation } from "./record-recommendation";
export { requestConsultation } from "./request-consultation";
export { scheduleConsultation } from "./schedule-consultation";
export { HospitalConsultationsInputSchema, RecommendationSchema } from "./schemas";
export type {
  HospitalConsultationsInput,
  ListSlotsInput,
  Recommendation,
  RecordMeta,
  RequestConsultationInput,
} from "./schemas";
