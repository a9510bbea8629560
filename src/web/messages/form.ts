import type { FieldError } from "../../services/errors";
import type { PostMessageInput } from "../../services/messages";
import type { Translate } from "../i18n/index";
import { localizeFieldMessage } from "../i18n/field-messages";
import type { FieldMessages } from "../ui/form";

/** The message form as typed, kept for re-showing: the text and one attachment's details. */
export interface MessageForm {
  body: string;
  name: string;
  mediaType: string;
  sizeBytes: string;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

export function readMessageForm(body: Record<string, unknown>): MessageForm {
  return {
    body: str(body.body),
    name: str(body["attachments.0.name"]).trim(),
    mediaType: str(body["attachments.0.mediaType"]).trim(),
    sizeBytes: str(body["attachments.0.sizeBytes"]).trim(),
  };
}

/**
 * The verb's input from the form; the attachment is left out when its three fields are empty, and when
 * only some are given the page says so before asking the service.
 */
export function messageInput(itineraryId: string, f: MessageForm): PostMessageInput | { problems: FieldMessages } {
  const given = [f.name, f.mediaType, f.sizeBytes].filter((v) => v !== "").length;
  if (given === 0) return { itineraryId, body: f.body, attachments: [] };
  if (given < 3) {
    const problems: FieldMessages = {};
    if (!f.name) problems["attachments.0.name"] = "messages.form.incomplete";
    if (!f.mediaType) problems["attachments.0.mediaType"] = "messages.form.incomplete";
    if (!f.sizeBytes) problems["attachments.0.sizeBytes"] = "messages.form.incomplete";
    return { problems };
  }
  const size = /^\d{1,12}$/.test(f.sizeBytes) ? Number(f.sizeBytes) : (f.sizeBytes as unknown as number);
  return {
    itineraryId,
    body: f.body,
    attachments: [{ name: f.name, mediaType: f.mediaType, sizeBytes: size }],
  };
}

/** The service's refusal as the form's field messages, in the page's language. */
export function formErrors(t: Translate, errors: readonly FieldError[], form: MessageForm): FieldMessages {
  const out: FieldMessages = {};
  for (const e of errors) {
    const name = e.path.replace(/^(body|query|path)\./, "");
    if (out[name] !== undefined) continue;
    if (name === "body") out.body = t(form.body.trim() ? "messages.form.bodyTooLong" : "messages.form.bodyRequired");
    else if (name === "attachments.0.mediaType") out[name] = t("messages.form.mediaTypeError");
    else if (name === "attachments.0.sizeBytes" && /^\d+$/.test(form.sizeBytes))
      out[name] = t("messages.form.sizeTooBig");
    else out[name] = localizeFieldMessage(t, e.message);
  }
  return out;
}
