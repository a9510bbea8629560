/**
 * Renders an outbox notification into an email (subject, plain text, HTML) from the
 * templates in `templates/<language>/`. Pure: no node:*, no I/O but the injected
 * TemplateSource, no clock (every date comes from the payload).
 *
 * Template syntax, deliberately tiny:
 *   {{name}}              a prepared value; HTML-escaped in .html templates, raw in text
 *   {{#name}}…{{/name}}   the block only when `name` is not empty
 *   {{^name}}…{{/name}}   the block only when `name` is empty
 * A name the kind does not define is an error (TemplateError), never an empty string.
 *
 * Files per language: `<kind>.subject.txt`, `<kind>.txt`, `<kind>.html`, and optionally
 * `layout.txt` / `layout.html`, which wrap the body through `{{content}}` and may use
 * `{{name}}` (the recipient) and `{{subject}}`. A language lacking any of a kind's three
 * files gets the kind in English as a whole, never a mix.
 */
import type { TemplateSource } from "../../ports/templates";
import { fill, type Mode, TemplateError } from "./render-fill";
import type { Vars } from "./render-format";
import { type NotificationContext, templateVariables } from "./render-variables";

export type { TemplateSource } from "../../ports/templates";
export { escapeHtml, fill, TemplateError } from "./render-fill";
export { formatDate, formatDateTime, formatMoney } from "./render-format";
export { type NotificationContext, templateVariables } from "./render-variables";

export const NOTIFICATION_TEMPLATE_KINDS = [
  "consultation_requested",
  "consultation_scheduled",
  "consultation_completed",
  "consultation_cancelled",
  "quote_ready",
  "quote_repriced",
  "quote_withdrawn",
  "itinerary_held",
  "itinerary_hold_expired",
  "itinerary_confirmed",
  "itinerary_changed",
  "itinerary_cancelled",
  "itinerary_repriced",
  "payment_received",
  "payment_failed",
  "refund",
  "change_offer",
  "sign_in_code",
  "message_posted",
] as const;
export type NotificationTemplateKind = (typeof NOTIFICATION_TEMPLATE_KINDS)[number];

export const DEFAULT_LANGUAGE = "en";

export interface RenderInput {
  kind: string;
  language: string;
  payload: unknown;
  recipientName: string;
  templates: TemplateSource;
  context?: NotificationContext;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** The language actually used (after fallback). */
  language: string;
}

// ---------------------------------------------------------------------------------------
// Value preparation

/** "ru-RU" → "ru"; anything odd → "en". */
export function normalizeLanguage(language: string): string {
  const primary = language.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return /^[a-z]{2,3}$/.test(primary) ? primary : DEFAULT_LANGUAGE;
}

async function loadKind(templates: TemplateSource, language: string, kind: string) {
  const [subject, text, html] = await Promise.all([
    templates.get(language, `${kind}.subject.txt`),
    templates.get(language, `${kind}.txt`),
    templates.get(language, `${kind}.html`),
  ]);
  return subject !== null && text !== null && html !== null ? { subject, text, html } : null;
}

export async function renderNotification(input: RenderInput): Promise<RenderedEmail> {
  if (!(NOTIFICATION_TEMPLATE_KINDS as readonly string[]).includes(input.kind)) {
    throw new TemplateError(`unknown notification kind ${JSON.stringify(input.kind)}`);
  }
  let language = normalizeLanguage(input.language);
  let files = await loadKind(input.templates, language, input.kind);
  if (!files && language !== DEFAULT_LANGUAGE) {
    language = DEFAULT_LANGUAGE;
    files = await loadKind(input.templates, language, input.kind);
  }
  if (!files)
    throw new TemplateError(`no templates for ${input.kind} (neither ${input.language} nor ${DEFAULT_LANGUAGE})`);

  const vars = templateVariables(input.kind, language, input.payload, input.recipientName, input.context);
  const where = (file: string) => `${language}/${file}`;
  const subject = fill(files.subject, vars, "text", where(`${input.kind}.subject.txt`))
    .replace(/\s+/g, " ")
    .trim();
  const textBody = fill(files.text, vars, "text", where(`${input.kind}.txt`)).trim();
  const htmlBody = fill(files.html, vars, "html", where(`${input.kind}.html`)).trim();

  const layoutVars: Vars = { name: input.recipientName, subject, content: "" };
  const wrap = async (file: string, body: string, mode: Mode) => {
    const layout = (await input.templates.get(language, file)) ?? (await input.templates.get(DEFAULT_LANGUAGE, file));
    if (layout === null) return body;
    return fill(layout, { ...layoutVars, content: body }, mode, where(file), new Set(["content"]));
  };
  const text = `${(await wrap("layout.txt", textBody, "text")).trim()}\n`;
  const html = `${(await wrap("layout.html", htmlBody, "html")).trim()}\n`;
  return { subject, text, html, language };
}
