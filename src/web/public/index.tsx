import type { Hono } from "hono";
import type { WebEnv } from "../env";
import { registerFindCare } from "./find-care";
import { registerHospitalPages } from "./hospital";
import { registerVerifyPage } from "./verify";

/** Public pages: find care, hospitals, price lists, proof verification (no sign-in). */
export function registerPublicPages(web: Hono<WebEnv>) {
  registerFindCare(web);
  registerHospitalPages(web);
  registerVerifyPage(web);
}
