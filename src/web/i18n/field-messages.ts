import type { MessageKey, MessageVars, Translate } from "./index";

type Rule = [RegExp, MessageKey, (m: RegExpMatchArray) => MessageVars | undefined];

const none = () => undefined;

/**
 * The services' validation messages (zod's defaults and the shared value schemas' own, in
 * src/services/schemas.ts) as a person reads them in the page's language. A message not listed
 * here is shown as the service wrote it.
 */
const RULES: Rule[] = [
  [/^Invalid input: expected \w+, received (undefined|null)$/, "field.required", none],
  [/^Required$/, "field.required", none],
  [/^Too small: expected string to have >=(\d+) characters?$/, "field.tooShort", (m) => ({ min: m[1]! })],
  [/^Too big: expected string to have <=(\d+) characters?$/, "field.tooLong", (m) => ({ max: m[1]! })],
  [/^Too small: expected number to be >=?(-?[\d.]+)$/, "field.min", (m) => ({ min: m[1]! })],
  [/^Too big: expected number to be <=?(-?[\d.]+)$/, "field.max", (m) => ({ max: m[1]! })],
  [/^Invalid input: expected int, received number$/, "field.whole", none],
  [/^Invalid input: expected (number|int), received \w+$/, "field.number", none],
  [/^Invalid email address$/, "field.email", none],
  [/^Invalid option: expected one of /, "field.choice", none],
  [/^Invalid string: must match pattern /, "field.format", none],
  [/^expected a date as YYYY-MM-DD$/, "field.date", none],
  [/^not a real calendar date$/, "field.realDate", none],
  [
    /^must be between (\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2})$/,
    "field.between",
    (m) => ({ from: m[1]!, to: m[2]! }),
  ],
  [/^must be an ISO 4217 code/, "field.currency", none],
  [/^expected a BCP 47 language code/, "field.language", none],
  [/^expected an IANA time zone/, "field.zone", none],
  [/^expected an ISO 8601 instant/, "field.instant", none],
  [/^no department '([^']{1,80})' at \S+$/, "field.noDepartment", (m) => ({ department: m[1]! })],
  [/^unknown hospital '[^']*'$/, "field.unknownHospital", none],
];

/** One service field message in the page's language (or as written, when it is not a known one). */
export function localizeFieldMessage(t: Translate, message: string): string {
  for (const [pattern, key, vars] of RULES) {
    const m = message.match(pattern);
    if (m) return t(key, vars(m));
  }
  return message;
}
