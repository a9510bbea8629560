import { isSupportedCurrency } from "../../domain/pricing/money";
import type { MessageKey } from "../i18n/index";

/** Currencies offered at sign-up and on the account page (those the pricing supports). */
export const CURRENCY_CHOICES = ["KZT", "RUB", "UZS", "KGS", "CNY", "USD", "EUR"].filter(isSupportedCurrency);

/** A form's raw fields: every value a string ("" when absent). */
export type FormFields = Record<string, string>;

export function formFields(body: Record<string, unknown>, names: readonly string[]): FormFields {
  const out: FormFields = {};
  for (const n of names) out[n] = typeof body[n] === "string" ? (body[n] as string).trim() : "";
  return out;
}

export const SIGN_UP_FIELDS = [
  "fullName",
  "email",
  "phone",
  "nationality",
  "homeCity",
  "language",
  "currency",
  "passportNumber",
  "birthDate",
] as const;

const realDate = (s: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= "1900-01-01" && s <= "2100-12-31";
};

/**
 * The sign-up form's fields checked against the rules of POST /v1/patients (its JSON schema), with
 * the same field names; each refusal is a message key shown beside the field.
 */
export function checkSignUp(f: FormFields): Record<string, MessageKey> {
  const e: Record<string, MessageKey> = {};
  if (!f.fullName || f.fullName.length > 200) e.fullName = "auth.err.fullName";
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email ?? "") || (f.email ?? "").length > 254) e.email = "auth.err.email";
  if (f.phone && !/^\+[1-9]\d{6,14}$/.test(f.phone)) e.phone = "auth.err.phone";
  if (!/^[A-Za-z]{2}$/.test(f.nationality ?? "")) e.nationality = "auth.err.nationality";
  if (!f.homeCity || f.homeCity.length > 120) e.homeCity = "auth.err.homeCity";
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(f.language ?? "")) e.language = "auth.err.language";
  if (!/^[A-Z]{3}$/.test(f.currency ?? "") || !isSupportedCurrency(f.currency!)) e.currency = "auth.err.currency";
  if (f.passportNumber && !/^[A-Za-z0-9]{5,20}$/.test(f.passportNumber)) e.passportNumber = "auth.err.passportNumber";
  if (f.birthDate && !realDate(f.birthDate)) e.birthDate = "auth.err.birthDate";
  return e;
}

/** Where to go after signing in: a path on this site only (never another origin). */
export function safeNext(next: string | undefined, fallback = "/me"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}
