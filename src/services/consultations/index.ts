// The consultation verbs the transports call (REST routes and web pages import from here).
export { cancelConsultation } from "./cancel-consultation";
export { listSlots } from "./list-slots";
export { getConsultation, listConsultations } from "./read-consultations";
export { recordRecommendation } from "./record-recommendation";
export { requestConsultation } from "./request-consultation";
export { scheduleConsultation } from "./schedule-consultation";
export type { ListSlotsInput, Recommendation, RecordMeta, RequestConsultationInput } from "./schemas";
