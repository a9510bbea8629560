import type { Child } from "hono/jsx";
import type { FieldError } from "../../services/errors";
import type { WebContext } from "../env";
import { localizeFieldMessage } from "../i18n/field-messages";
import type { Translate } from "../i18n/index";

/** Field name → the message shown beside it. Keys are the form's input names. */
export type FieldMessages = Record<string, string>;

/**
 * The API's field paths ("body.travelers[0].fullName", "query.date") as form field names
 * ("travelers[0].fullName", "date"): the same paths, without the transport's prefix; each message in
 * the page's language when `t` is given and the message is a known one.
 */
export function fieldMessages(errors: readonly FieldError[] | undefined, t?: Translate): FieldMessages {
  const out: FieldMessages = {};
  for (const e of errors ?? []) {
    const name = e.path.replace(/^(body|query|param|header)\./, "");
    out[name] ??= t ? localizeFieldMessage(t, e.message) : e.message;
  }
  return out;
}

/** A form that posts (POST → 303 → GET) and carries the CSRF token. */
export function Form({
  c,
  action,
  children,
  ...rest
}: {
  c: WebContext;
  action: string;
  children?: Child;
  class?: string;
  id?: string;
  enctype?: "multipart/form-data" | "application/x-www-form-urlencoded";
}) {
  return (
    <form method="post" action={action} novalidate {...rest}>
      <input type="hidden" name="_csrf" value={c.var.web.csrfToken} />
      {children}
    </form>
  );
}

/** The GOV.UK-style summary at the top of a form re-shown with errors, linking to each field. */
export function ErrorSummary({ c, errors }: { c: WebContext; errors: FieldMessages }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{c.var.web.t("form.errorSummary")}</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#${fieldId(name)}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A stable element id for a field name ("travelers[0].fullName" → "f-travelers-0-fullName"). */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/-+$/, "")}`;
}

export interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  value?: string | number | null;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: "email" | "search" | "text" | "numeric" | "none" | "url" | "decimal" | "tel";
  min?: string;
  max?: string;
  /** A choice among these (a `<select>`, the one equal to `value` chosen) instead of a text input. */
  options?: readonly { value: string; label: string }[];
}

/** A labelled input (or select) with its hint and its error message beside it (aria-describedby both). */
export function Field(p: FieldProps) {
  const id = fieldId(p.name);
  const describedBy = [p.hint ? `${id}-hint` : null, p.error ? `${id}-error` : null].filter(Boolean).join(" ");
  const aria = { "aria-invalid": p.error ? "true" : undefined, "aria-describedby": describedBy || undefined };
  return (
    <div class={p.error ? "field field-error" : "field"}>
      <label for={id}>{p.label}</label>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {p.error ? (
        <p class="error-message" id={`${id}-error`}>
          {p.error}
        </p>
      ) : null}
      {p.options ? (
        <select id={id} name={p.name} required={p.required} autocomplete={p.autocomplete} {...aria}>
          {p.options.map((o) => (
            <option value={o.value} selected={o.value === String(p.value ?? "")}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          name={p.name}
          type={p.type ?? "text"}
          value={p.value ?? ""}
          required={p.required}
          autocomplete={p.autocomplete}
          inputmode={p.inputmode}
          min={p.min}
          max={p.max}
          {...aria}
        />
      )}
    </div>
  );
}
