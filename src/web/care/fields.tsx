import type { Child } from "hono/jsx";
import { fieldId } from "../ui/form";

/** The hint and error lines of a field, and the aria-describedby that names them. */
function described(name: string, hint?: string, error?: string) {
  const id = fieldId(name);
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return {
    id,
    describedBy: ids || undefined,
    lines: (
      <>
        {hint ? (
          <p class="hint" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
        {error ? (
          <p class="error-message" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
      </>
    ),
  };
}

/** A labelled select; `empty` adds a first option with no value ("Any", "Choose…"). */
export function SelectField(p: {
  name: string;
  label: string;
  value: string;
  options: [string, string][];
  error?: string;
  hint?: string;
  empty?: string;
}) {
  const d = described(p.name, p.hint, p.error);
  return (
    <div class={p.error ? "field field-error" : "field"}>
      <label for={d.id}>{p.label}</label>
      {d.lines}
      <select id={d.id} name={p.name} aria-invalid={p.error ? "true" : undefined} aria-describedby={d.describedBy}>
        {p.empty !== undefined ? <option value="">{p.empty}</option> : null}
        {p.options.map(([v, text]) => (
          <option value={v} selected={v === p.value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A fieldset of radio buttons with a legend; the error sits beside the group. */
export function RadioField(p: {
  name: string;
  legend: string;
  value: string;
  options: [string, Child][];
  error?: string;
  hint?: string;
  class?: string;
}) {
  const d = described(p.name, p.hint, p.error);
  return (
    <fieldset
      id={d.id}
      class={`${p.class ?? ""} ${p.error ? "field field-error" : "field"}`.trim()}
      aria-describedby={d.describedBy}
    >
      <legend>{p.legend}</legend>
      {d.lines}
      {p.options.map(([v, text], i) => (
        <label for={`${d.id}-${i}`}>
          <input id={`${d.id}-${i}`} type="radio" name={p.name} value={v} checked={v === p.value} /> {text}
        </label>
      ))}
    </fieldset>
  );
}

export function TextAreaField(p: {
  name: string;
  label: string;
  value: string;
  error?: string;
  hint?: string;
  rows?: number;
  maxlength?: number;
}) {
  const d = described(p.name, p.hint, p.error);
  return (
    <div class={p.error ? "field field-error" : "field"}>
      <label for={d.id}>{p.label}</label>
      {d.lines}
      <textarea
        id={d.id}
        name={p.name}
        rows={p.rows ?? 5}
        maxlength={p.maxlength}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={d.describedBy}
      >
        {p.value}
      </textarea>
    </div>
  );
}

/** A wide table that scrolls sideways on a narrow screen; focusable so a keyboard can scroll it. */
export function TableWrap({ label, children }: { label: string; children?: Child }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabindex={0}>
      {children}
    </div>
  );
}
