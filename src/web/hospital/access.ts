import type { Hono } from "hono";
import { NotFoundError } from "../../services/errors";
import type { WebContext, WebEnv } from "../env";

/**
 * Console pages that have no API twin (a console-only verb: tariff lists for billing, the invoice check's
 * form, the price file's human page, the clinicians' queue and consultation page). For them staff of ANOTHER
 * hospital get 404 ("not yours", SPEC §2) before the verb runs, whatever their role; everyone else gets what
 * the verb answers (403 for a role the page is not for, 303 to sign in for visitors). Pages and POSTs with an
 * API twin answer exactly as the API route of the same verb (test/web/hospital-console-access.test.ts).
 */
export const NO_API_TWIN = [
  "/hospital/:id/tariffs",
  "/hospital/:id/tariffs/new",
  "/hospital/:id/tariffs/:version{[0-9]+}",
  "/hospital/:id/invoice-check",
  "/hospital/:id/price-file",
  "/hospital/:id/consultations",
  "/hospital/:id/consultations/:cid",
] as const;

/** Throws the 404 when the signed-in user is billing or a clinician of a hospital other than `hospitalId`. */
export function refuseOtherHospitalStaff(c: WebContext, hospitalId: string) {
  const actor = c.var.actor;
  if (!actor || (actor.role !== "billing" && actor.role !== "clinician")) return;
  if (actor.hospitalId !== hospitalId) throw new NotFoundError("not_found", "Not found", "No such hospital.");
}

/** Registers the rule on the GET pages without an API twin; call before the console's pages are registered. */
export function registerConsoleAccess(web: Hono<WebEnv>) {
  for (const path of NO_API_TWIN)
    web.get(path, async (c, next) => {
      refuseOtherHospitalStaff(c, c.req.param("id") ?? "");
      await next();
    });
}

/** The console's upload forms: over the body limit they answer the form again, the message beside the file. */
const UPLOAD_FORMS = /^\/hospital\/[^/]+\/(tariffs\/new|invoice-check(\.csv)?)$/;

export const answersTooLargeItself = (path: string) => UPLOAD_FORMS.test(path);

/** "Larger than the limit", with the app's limit (BODY_LIMIT_BYTES) in KB, in the user's language. */
export function tooLargeMessage(c: WebContext) {
  const size = c.var.web.fmt.number(Math.floor(c.var.deps.config.bodyLimitBytes / 1024));
  return c.var.web.t("console.tooLarge.body", { size });
}
