import type { Hono } from "hono";
import { getPatient } from "../../services/access/patients";
import { getHospital } from "../../services/catalog/catalog";
import { listSlots, requestConsultation } from "../../services/consultations";
import { forbidden, ServiceError, unauthorized } from "../../services/errors";
import { type WebContext, type WebEnv, webServiceContext } from "../env";
import type { MessageKey } from "../i18n/index";
import { departmentLabel, languageName } from "../public/labels";
import { ErrorSummary, Field, type FieldMessages, Form, fieldMessages } from "../ui/form";
import { LocalTime } from "../ui/components";
import { Layout } from "../ui/layout";
import {
  type ConsultationForm,
  consultationInput,
  RECORD_KINDS,
  RECORD_ROWS,
  readConsultationForm,
} from "./consultation-form";
import { RadioField, SelectField, TextAreaField } from "./fields";

const SLOTS_SHOWN = 12;

type Hospital = Awaited<ReturnType<typeof getHospital>>;

/** The signed-in patient this page requests for (agents use their console), with their home zone. */
async function requester(c: WebContext) {
  const actor = c.var.actor;
  if (!actor) throw unauthorized();
  if (!actor.patientId) throw forbidden(c.var.web.t("care.new.patientsOnly"));
  return getPatient({ ctx: webServiceContext(c), input: { id: actor.patientId } });
}

async function freeSlots(c: WebContext, h: Hospital, form: ConsultationForm) {
  if (!form.department || (form.mode !== "video" && form.mode !== "in_person")) return [];
  const page = await listSlots({
    ctx: webServiceContext(c),
    input: { hospitalId: h.id, department: form.department, mode: form.mode, limit: SLOTS_SHOWN },
  });
  return page.data;
}

/** The rows of record metadata; a row with no name is left out of the request. */
function RecordFields({ c, form, errors }: { c: WebContext; form: ConsultationForm; errors: FieldMessages }) {
  const { t } = c.var.web;
  return (
    <>
      {form.records.map((r, i) => (
        <fieldset class="record" data-record-row={String(i)}>
          <legend>{t("care.new.record", { n: i + 1 })}</legend>
          <div class="field" data-record-file hidden>
            <label for={`record-file-${i}`}>{t("care.record.file")}</label>
            <p class="hint" id={`record-file-${i}-hint`}>
              {t("care.record.fileHint")}
            </p>
            <input id={`record-file-${i}`} type="file" aria-describedby={`record-file-${i}-hint`} />
          </div>
          <input type="hidden" name={`records.${i}.sha256`} value={r.sha256} />
          <Field
            name={`records.${i}.name`}
            label={t("care.record.name")}
            value={r.name}
            error={errors[`records.${i}.name`]}
          />
          <SelectField
            name={`records.${i}.kind`}
            label={t("care.record.kind")}
            value={r.kind}
            options={RECORD_KINDS.map((k) => [k, t(`care.recordKind.${k}` as MessageKey)])}
            error={errors[`records.${i}.kind`]}
          />
          <Field
            name={`records.${i}.mediaType`}
            label={t("care.record.mediaType")}
            hint={t("care.record.mediaTypeHint")}
            value={r.mediaType}
            error={errors[`records.${i}.mediaType`]}
          />
          <Field
            name={`records.${i}.sizeBytes`}
            label={t("care.record.sizeBytes")}
            inputmode="numeric"
            value={r.sizeBytes}
            error={errors[`records.${i}.sizeBytes`]}
          />
          <Field
            name={`records.${i}.takenOn`}
            label={t("care.record.takenOn")}
            hint={t("care.record.takenOnHint")}
            type="date"
            value={r.takenOn}
            error={errors[`records.${i}.takenOn`]}
          />
        </fieldset>
      ))}
    </>
  );
}

async function newConsultationPage(c: WebContext, h: Hospital, form: ConsultationForm, errors: FieldMessages) {
  const { t, fmt, locale } = c.var.web;
  const patient = await requester(c);
  const slots = await freeSlots(c, h, form);
  const languages = [...new Set([patient.language, ...patient.languages, ...h.languages])];
  const slotOptions: [string, ReturnType<typeof LocalTime>][] = slots.map((s) => [
    `${s.startsAt.utc}/${s.durationMinutes}`,
    <LocalTime c={c} instant={s.startsAt.utc} zone={h.zone} homeZone={patient.timeZone} />,
  ]);
  return c.html(
    <Layout c={c} title={t("care.new.title")} styles={["care.css"]} scripts={["records.js"]}>
      <p>
        <a href={`/hospitals/${h.id}`}>{h.name}</a>
      </p>
      <h1>{t("care.new.title")}</h1>
      <p class="free">{t("care.free", { price: fmt.money(0, h.currency) })}</p>
      <p class="lead">{t("care.new.lead", { hospital: h.name })}</p>
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action={`/consultations/new?hospital=${encodeURIComponent(h.id)}`}>
        <SelectField
          name="department"
          label={t("care.new.department")}
          value={form.department}
          empty={t("care.new.choose")}
          options={h.departments.map((d) => [d.code, `${departmentLabel(t, d.code)} — ${d.name}`])}
          error={errors.department}
        />
        <RadioField
          name="mode"
          legend={t("care.new.mode")}
          value={form.mode}
          options={[
            ["video", t("care.mode.video")],
            ["in_person", t("care.mode.in_person")],
          ]}
          error={errors.mode}
        />
        <button type="submit" name="_action" value="slots" class="secondary">
          {t("care.new.showSlots")}
        </button>
        <RadioField
          name="slot"
          class="slots"
          legend={t("care.new.slot")}
          hint={t("care.new.slotHint", { zone: h.zone, home: patient.timeZone })}
          value={form.slot}
          options={[["", t("care.new.noSlot")], ...slotOptions]}
          error={errors.slot}
        />
        {form.department && slots.length === 0 ? <p>{t("care.new.noSlots")}</p> : null}
        <TextAreaField
          name="complaint"
          label={t("care.new.complaint")}
          hint={t("care.new.complaintHint")}
          value={form.complaint}
          maxlength={4000}
          error={errors.complaint}
        />
        <SelectField
          name="language"
          label={t("care.new.language")}
          value={form.language || patient.language}
          options={languages.map((l) => [l, languageName(locale, l)])}
          error={errors.language}
        />
        <h2>{t("care.new.records")}</h2>
        <p class="hint">{t("care.new.recordsHint")}</p>
        <RecordFields c={c} form={form} errors={errors} />
        <button type="submit" name="_action" value="request">
          {t("care.new.submit")}
        </button>
      </Form>
    </Layout>,
  );
}

async function hospitalOf(c: WebContext) {
  return getHospital({ ctx: webServiceContext(c), input: { id: c.req.query("hospital") ?? "" } });
}

const blankForm = (c: WebContext): ConsultationForm => ({
  ...readConsultationForm({}),
  department: c.req.query("department") ?? "",
  mode: c.req.query("mode") ?? "video",
});

/** The field messages of a refusal, each translated where the page has words for it. */
function translated(c: WebContext, problems: FieldMessages): FieldMessages {
  const { t } = c.var.web;
  return Object.fromEntries(Object.entries(problems).map(([k, key]) => [k, t(key as MessageKey)]));
}

/** /consultations/new?hospital=…: a patient asks for a free consultation (POST → 303 /consultations/{id}). */
export function registerNewConsultation(web: Hono<WebEnv>) {
  web.get("/consultations/new", async (c) => newConsultationPage(c, await hospitalOf(c), blankForm(c), {}));
  web.post("/consultations/new", async (c) => {
    const h = await hospitalOf(c);
    await requester(c);
    const body = await c.req.parseBody();
    const form = readConsultationForm(body);
    if (body._action === "slots") return newConsultationPage(c, h, form, {});
    const parsed = consultationInput(h.id, form);
    if ("problems" in parsed) {
      c.status(400);
      return newConsultationPage(c, h, form, translated(c, parsed.problems));
    }
    try {
      const made = await requestConsultation({ ctx: webServiceContext(c), input: parsed.input });
      return c.redirect(`/consultations/${made.id}`, 303);
    } catch (err) {
      if (!(err instanceof ServiceError) || !err.errors?.length) throw err;
      const errors = fieldMessages(err.errors);
      // A preferred time the service refuses is the slot the patient picked.
      for (const k of Object.keys(errors)) if (k.startsWith("preferredTimes")) errors.slot = errors[k]!;
      c.status(422);
      return newConsultationPage(c, h, form, errors);
    }
  });
}
