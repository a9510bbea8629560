import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/context";
import { registerCancelConsultation } from "./cancel-consultation";
import { registerCreateConsultation } from "./create-consultation";
import { registerGetConsultation } from "./get-consultation";
import { registerListConsultations } from "./list-consultations";
import { registerListSlots } from "./list-slots";
import { registerRecordRecommendation } from "./record-recommendation";
import { registerScheduleConsultation } from "./schedule-consultation";

export function registerConsultations(app: OpenAPIHono<AppEnv>) {
  registerListSlots(app);
  registerCreateConsultation(app);
  registerListConsultations(app);
  registerGetConsultation(app);
  registerScheduleConsultation(app);
  registerRecordRecommendation(app);
  registerCancelConsultation(app);
}
