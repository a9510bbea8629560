import type { Hono } from "hono";
import type { WebEnv } from "../../env";
import { registerTariffUploadPages } from "./upload";
import { registerTariffVersionPages } from "./versions";

/** Billing's tariff pages: the versions, a version's items, publishing a version from a spreadsheet. */
export function registerTariffPages(web: Hono<WebEnv>) {
  registerTariffUploadPages(web);
  registerTariffVersionPages(web);
}
