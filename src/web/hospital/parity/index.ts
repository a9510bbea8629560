import type { Hono } from "hono";
import type { WebEnv } from "../../env";
import { registerInvoiceCheckPage } from "./invoice-check";
import { registerPriceFilePage } from "./price-file";
import { registerParityReportPage } from "./report";

/** Billing's parity pages in the hospital console: the parity report, the invoice check, the price file. */
export function registerParityPages(web: Hono<WebEnv>) {
  registerParityReportPage(web);
  registerInvoiceCheckPage(web);
  registerPriceFilePage(web);
}
