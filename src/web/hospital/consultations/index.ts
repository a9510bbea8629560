import type { Hono } from "hono";
import type { WebEnv } from "../../env";
import { registerConsultationDetail } from "./detail";
import { registerConsultationQueue } from "./queue";

/** The clinicians' section of the hospital console: the queue and each consultation. */
export function registerConsultationConsole(web: Hono<WebEnv>) {
  registerConsultationQueue(web);
  registerConsultationDetail(web);
}
