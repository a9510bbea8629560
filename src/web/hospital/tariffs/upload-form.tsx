import type { CsvUpload } from "./upload-read";
import type { WebContext } from "../../env";
import { ErrorSummary, Field, type FieldMessages, Form, fieldId } from "../../ui/form";

/** The upload form: a file (or pasted text), the date it takes effect, complete or amendment, premium classes. */
export function UploadForm({
  c,
  hospitalId,
  values,
  errors = {},
}: {
  c: WebContext;
  hospitalId: string;
  values?: Partial<CsvUpload>;
  errors?: FieldMessages;
}) {
  const { t } = c.var.web;
  return (
    <Form c={c} action={`/hospital/${hospitalId}/tariffs/new`} enctype="multipart/form-data" id="upload-form">
      <ErrorSummary c={c} errors={errors} />
      <div class={errors.file ? "field field-error" : "field"}>
        <label for={fieldId("file")}>{t("tariffs.upload.file")}</label>
        <p class="hint" id={`${fieldId("file")}-hint`}>
          {t("tariffs.upload.fileHint")}
        </p>
        {errors.file ? (
          <p class="error-message" id={`${fieldId("file")}-error`}>
            {errors.file}
          </p>
        ) : null}
        <input
          id={fieldId("file")}
          name="file"
          type="file"
          accept=".csv,text/csv"
          aria-invalid={errors.file ? "true" : undefined}
          aria-describedby={`${fieldId("file")}-hint${errors.file ? ` ${fieldId("file")}-error` : ""}`}
        />
      </div>
      <div class="field">
        <label for={fieldId("pasted")}>{t("tariffs.upload.paste")}</label>
        <textarea id={fieldId("pasted")} name="pasted" rows={4}>
          {values?.pasted ?? ""}
        </textarea>
      </div>
      <Field
        name="effectiveFrom"
        type="date"
        label={t("tariffs.effectiveFrom")}
        hint={t("tariffs.upload.dateHint")}
        value={values?.effectiveFrom ?? ""}
        error={errors.effectiveFrom}
      />
      <fieldset id={fieldId("mode")} class={errors.mode ? "field-error" : undefined}>
        <legend>{t("tariffs.upload.mode")}</legend>
        {errors.mode ? <p class="error-message">{errors.mode}</p> : null}
        <label>
          <input type="radio" name="mode" value="replace" checked={values?.mode !== "amend"} />{" "}
          {t("tariffs.upload.modeReplace")}
        </label>
        <label>
          <input type="radio" name="mode" value="amend" checked={values?.mode === "amend"} />{" "}
          {t("tariffs.upload.modeAmend")}
        </label>
      </fieldset>
      <Field
        name="premiumClasses"
        label={t("tariffs.upload.premiumClasses")}
        hint={t("tariffs.upload.premiumHint")}
        value={values?.premiumClasses?.join(", ") ?? ""}
        error={errors.premiumClasses}
      />
      <button type="submit">{t("tariffs.upload.check")}</button>
    </Form>
  );
}
