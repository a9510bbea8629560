/**
 * Stripe-shaped errors for the test Stripe server (`{ error: { type, message, code, param, doc_url, … } }`)
 * and the parameter checks that raise them.
 */
import { nowSeconds } from "./wire";

export interface StripeErrorFields {
  type: string;
  message: string;
  code?: string;
  param?: string;
}

export class StripeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: StripeErrorFields,
    /** Whether an idempotent request's outcome is stored (false for validation failures). */
    readonly store: boolean,
  ) {
    super(error.message);
  }
}

export function errorBody(error: StripeErrorFields, requestId: string) {
  return {
    error: {
      ...(error.code
        ? { code: error.code, doc_url: `https://stripe.com/docs/error-codes/${error.code.replace(/_/g, "-")}` }
        : {}),
      message: error.message,
      ...(error.param ? { param: error.param } : {}),
      request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}?t=${nowSeconds()}`,
      type: error.type,
    },
  };
}

/** A 400 `invalid_request_error` that is not stored under an idempotency key (a validation failure). */
export function invalid(message: string, code?: string, param?: string): StripeHttpError {
  return new StripeHttpError(
    400,
    { type: "invalid_request_error", message, ...(code ? { code } : {}), ...(param ? { param } : {}) },
    false,
  );
}

export function paramMissing(param: string): StripeHttpError {
  return invalid(`Missing required param: ${param}.`, "parameter_missing", param);
}

export function missing(kind: string, id: string, param: string, store = false): StripeHttpError {
  return new StripeHttpError(
    404,
    { type: "invalid_request_error", code: "resource_missing", param, message: `No such ${kind}: '${id}'` },
    store,
  );
}

export function requireInteger(body: Record<string, unknown>, param: string, min: number): number {
  const raw = body[param];
  if (raw === undefined || raw === "") throw paramMissing(param);
  if (typeof raw !== "string" || !/^-?\d+$/.test(raw))
    throw invalid(`Invalid integer: ${String(raw)}`, "parameter_invalid_integer", param);
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw invalid(`Invalid integer: ${raw}`, "parameter_invalid_integer", param);
  if (n < min) throw invalid(`This value must be greater than or equal to ${min}.`, "parameter_invalid_integer", param);
  return n;
}

export function optionalString(body: Record<string, unknown>, param: string): string | null {
  const v = body[param];
  if (v === undefined || v === "") return null;
  if (typeof v !== "string") throw invalid(`Invalid string: ${JSON.stringify(v)}`, "parameter_invalid_string", param);
  return v;
}

export function parseMetadata(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === "") return {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw invalid("Invalid object", "parameter_invalid_string", "metadata");
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > 50)
    throw invalid("You can specify up to 50 keys in metadata.", "parameter_invalid_string", "metadata");
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (typeof v !== "string")
      throw invalid(`Invalid string: ${JSON.stringify(v)}`, "parameter_invalid_string", `metadata[${k}]`);
    if (k.length > 40)
      throw invalid(`Metadata keys can have up to 40 characters.`, "parameter_invalid_string", "metadata");
    if (v.length > 500)
      throw invalid(
        `Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters.`,
        "parameter_invalid_string",
        `metadata[${k}]`,
      );
    if (v !== "") out[k] = v; // an empty value unsets a key
  }
  return out;
}
