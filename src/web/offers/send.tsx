import type { WebContext } from "../env";
import { ErrorSummary, Field, type FieldMessages, fieldId, Form } from "../ui/form";
import { Layout } from "../ui/layout";

export interface SendValues {
  change: string;
  version: string;
  reason: string;
  validMinutes: string;
}

/**
 * The send-offer form re-shown when the agent's input was refused (the change preview, where it is
 * first shown, belongs to the agent console): the same hidden change and version, each message
 * beside its field.
 */
export function sendOfferPage(
  c: WebContext,
  id: string,
  values: SendValues,
  errors: FieldMessages,
  status: 400 | 403 | 409 | 422,
) {
  const { t } = c.var.web;
  const { general, ...fields } = errors;
  const reasonId = fieldId("reason");
  c.status(status);
  return c.html(
    <Layout c={c} title={t("offers.send.title")} styles={["trips.css"]}>
      <h1>{t("offers.send.title")}</h1>
      <p>{t("offers.send.lead")}</p>
      <ErrorSummary c={c} errors={fields} />
      {general ? (
        <p class="error-message" role="alert">
          {general}
        </p>
      ) : null}
      {fields.change ? (
        <p class="error-message" id={fieldId("change")}>
          {fields.change}
        </p>
      ) : null}
      <Form c={c} action={`/agent/trips/${id}/offers`}>
        <input type="hidden" name="change" value={values.change} />
        <input type="hidden" name="version" value={values.version} />
        <div class={fields.reason ? "field field-error" : "field"}>
          <label for={reasonId}>{t("offers.send.reason")}</label>
          {fields.reason ? (
            <p class="error-message" id={`${reasonId}-error`}>
              {fields.reason}
            </p>
          ) : null}
          <textarea
            id={reasonId}
            name="reason"
            maxlength={500}
            rows={3}
            aria-invalid={fields.reason ? "true" : undefined}
            aria-describedby={fields.reason ? `${reasonId}-error` : undefined}
          >
            {values.reason}
          </textarea>
        </div>
        <Field
          name="validMinutes"
          label={t("offers.send.validMinutes")}
          hint={t("offers.send.validHint")}
          error={fields.validMinutes}
          value={values.validMinutes}
          type="number"
          inputmode="numeric"
          min="15"
          max="10080"
        />
        <button type="submit" class="primary">
          {t("offers.send.submit")}
        </button>
      </Form>
      <p>
        <a href={`/trips/${id}`}>{t("offers.page.back")}</a>
      </p>
    </Layout>,
  );
}
