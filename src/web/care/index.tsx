import type { Hono } from "hono";
import { addMeSection } from "../account/me";
import type { WebEnv } from "../env";
import { registerConsultationPage } from "./consultation";
import { registerNewConsultation } from "./consultation-new";
import { MyCare } from "./my-care";
import { registerQuotePage } from "./quote";

/** The patient's care pages: request a consultation, follow it, turn it into a quote, check the quote. */
export function registerCarePages(web: Hono<WebEnv>) {
  registerNewConsultation(web);
  registerConsultationPage(web);
  registerQuotePage(web);
  addMeSection("care", (c) => <MyCare c={c} />);
}
