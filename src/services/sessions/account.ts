import * as repo from "../../data/sessions-repo";
import { withUnitOfWork } from "../../data/unit-of-work";
import { isSupportedCurrency } from "../../domain/pricing/money";
import type { ServiceContext } from "../context";
import { notFound, unauthorized, validationError } from "../errors";

/** Languages the product speaks (messages, pages). */
export const ACCOUNT_LANGUAGES = ["en", "ru", "zh", "kk"] as const;

/** The signed-in person's account: who, how to reach them, language, and (a patient's) currency. */
export async function accountOverview({ ctx }: { ctx: ServiceContext }) {
  const actor = ctx.actor;
  if (!actor) throw unauthorized("Sign in first.");
  const row = await repo.userAccount(ctx.db, actor.userId);
  if (!row) throw notFound("account");
  return {
    userId: row.id,
    role: row.role,
    displayName: row.display_name,
    email: row.email,
    language: row.patient_language ?? row.language,
    currency: row.currency ?? null,
    patientId: row.patient_id ?? null,
  };
}

/** Sets the account's language (the user's and, for a patient, the patient record's: emails use it). */
export async function setAccountLanguage({ ctx, input }: { ctx: ServiceContext; input: { language: string } }) {
  const actor = ctx.actor;
  if (!actor) throw unauthorized("Sign in first.");
  if (!(ACCOUNT_LANGUAGES as readonly string[]).includes(input.language)) {
    throw validationError("Unsupported language.", [
      { path: "body.language", message: `must be one of ${ACCOUNT_LANGUAGES.join(", ")}` },
    ]);
  }
  await withUnitOfWork(ctx.db, (trx) => repo.setUserLanguage(trx, actor.userId, input.language));
}

/** Sets the currency a patient sees quotes in besides the hospital's. */
export async function setAccountCurrency({ ctx, input }: { ctx: ServiceContext; input: { currency: string } }) {
  const actor = ctx.actor;
  if (!actor) throw unauthorized("Sign in first.");
  if (!actor.patientId) {
    throw validationError("Only a patient has a display currency.", [
      { path: "body.currency", message: "only a patient account has a currency" },
    ]);
  }
  if (!/^[A-Z]{3}$/.test(input.currency) || !isSupportedCurrency(input.currency)) {
    throw validationError("Unsupported currency.", [
      { path: "body.currency", message: "must be a supported ISO 4217 code such as KZT" },
    ]);
  }
  await repo.setPatientCurrency(ctx.db, actor.userId, input.currency);
}
