import type { Hono } from "hono";
import {
  hospitalConsultation,
  listSlots,
  recordRecommendation,
  scheduleConsultation,
} from "../../../services/consultations";
import { type FieldError, NotFoundError, ServiceError } from "../../../services/errors";
import { priceFile } from "../../../services/tariffs/index";
import { RadioField } from "../../care/fields";
import { Recommendation } from "../../care/consultation";
import { type WebContext, type WebEnv, webServiceContext } from "../../env";
import type { MessageKey } from "../../i18n/index";
import { departmentLabel, itemName, languageName } from "../../public/labels";
import { LocalTime, TableWrap } from "../../ui/components";
import { ErrorSummary, type FieldMessages, Form, fieldMessages } from "../../ui/form";
import { ConsolePage } from "../nav";
import {
  addItem,
  emptyRecForm,
  formPath,
  type RecForm,
  readRecForm,
  recommendationInput,
  removeItem,
  sentRows,
  withBlankRow,
} from "./recommend-form";
import { RecommendationForm, searchTariff } from "./recommend";

type Loaded = Awaited<ReturnType<typeof hospitalConsultation>>;
type Con = Loaded["consultation"];

const SLOTS_SHOWN = 12;

/** Status, department, kind, language, appointment and preferred times (hospital's · patient's zone). */
function Facts({ c, con, zone }: { c: WebContext; con: Con; zone: string }) {
  const { t, locale } = c.var.web;
  return (
    <dl class="facts">
      <dt>{t("care.consultation.status")}</dt>
      <dd>
        <strong class={`status-word tag tag-${con.status}`}>{t(`care.status.${con.status}` as MessageKey)}</strong>
      </dd>
      <dt>{t("care.consultation.department")}</dt>
      <dd>{departmentLabel(t, con.department)}</dd>
      <dt>{t("care.consultation.mode")}</dt>
      <dd>{t(`care.mode.${con.mode}` as MessageKey)}</dd>
      <dt>{t("care.consultation.language")}</dt>
      <dd>
        {languageName(locale, con.language)}
        {con.interpreterNeeded ? ` — ${t("clinic.interpreter")}` : ""}
      </dd>
      <dt>{t("clinic.zones")}</dt>
      <dd>{t("clinic.zonesValue", { hospital: zone, patient: con.patientZone })}</dd>
      <dt>{t("care.consultation.slot")}</dt>
      <dd data-slot>
        {con.slot ? (
          <>
            <LocalTime c={c} instant={con.slot.startsAt.utc} zone={zone} homeZone={con.patientZone} />
            {` · ${t("care.consultation.duration", { minutes: con.slot.durationMinutes })}`}
          </>
        ) : (
          t("clinic.notScheduled")
        )}
      </dd>
      {con.preferredTimes.length ? (
        <>
          <dt>{t("care.consultation.preferred")}</dt>
          <dd>
            <ul>
              {con.preferredTimes.map((p) => (
                <li>
                  <LocalTime c={c} instant={p.from} zone={zone} homeZone={con.patientZone} />
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** The patient's attached records: metadata only (the files are exchanged with the doctor elsewhere). */
function Records({ c, con }: { c: WebContext; con: Con }) {
  const { t, fmt } = c.var.web;
  if (!con.records.length) return <p>{t("care.consultation.noRecords")}</p>;
  return (
    <TableWrap label={t("clinic.records")}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("care.record.name")}</th>
            <th scope="col">{t("care.record.kind")}</th>
            <th scope="col">{t("care.record.mediaType")}</th>
            <th scope="col" class="num">
              {t("care.record.sizeBytes")}
            </th>
            <th scope="col">{t("care.record.takenOn")}</th>
            <th scope="col">{t("clinic.sha256")}</th>
          </tr>
        </thead>
        <tbody>
          {con.records.map((r) => (
            <tr>
              <th scope="row">{r.name}</th>
              <td>{t(`care.recordKind.${r.kind}` as MessageKey)}</td>
              <td>{r.mediaType}</td>
              <td class="num">{fmt.number(r.sizeBytes)}</td>
              <td>{r.takenOn ? fmt.date(r.takenOn) : "—"}</td>
              <td>{r.sha256 ? <code title={r.sha256}>{`${r.sha256.slice(0, 12)}…`}</code> : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Free slots of the consultation's department and kind, each in both zones; posting books (or moves) it. */
async function ScheduleForm({ c, l, errors }: { c: WebContext; l: Loaded; errors: FieldMessages }) {
  const { t } = c.var.web;
  const con = l.consultation;
  const slots = await listSlots({
    ctx: webServiceContext(c),
    input: { hospitalId: l.hospital.id, department: con.department, mode: con.mode, limit: SLOTS_SHOWN },
  });
  return (
    <section aria-labelledby="schedule">
      <h2 id="schedule">{con.slot ? t("clinic.schedule.move") : t("clinic.schedule.title")}</h2>
      {slots.data.length === 0 ? (
        <p>{t("clinic.schedule.none")}</p>
      ) : (
        <Form c={c} action={`/hospital/${l.hospital.id}/consultations/${con.id}/schedule`}>
          <ErrorSummary c={c} errors={errors} />
          <RadioField
            name="slotId"
            class="slots"
            legend={t("clinic.schedule.slot")}
            hint={t("clinic.schedule.hint", { hospital: l.hospital.zone, patient: con.patientZone })}
            value={con.slot?.id ?? ""}
            error={errors.slotId}
            options={slots.data.map((s) => [
              s.id,
              <>
                <LocalTime c={c} instant={s.startsAt.utc} zone={l.hospital.zone} homeZone={con.patientZone} />
                {` · ${t("care.consultation.duration", { minutes: s.durationMinutes })}`}
              </>,
            ])}
          />
          <button type="submit">{t("clinic.schedule.submit")}</button>
        </Form>
      )}
    </section>
  );
}

interface PageState {
  schedule?: FieldMessages;
  rec?: { form: RecForm; errors: FieldMessages; searched: boolean };
}

async function detailPage(c: WebContext, state: PageState = {}) {
  const { t, locale } = c.var.web;
  const ctx = webServiceContext(c);
  const l = await consoleRule(c);
  const con = l.consultation;
  const prices = await priceFile({ ctx, input: { hospitalId: l.hospital.id } });
  // A code's name: its first item's (the standard department's; a VIP line's item repeats the code).
  const nameRecords = new Map([...prices.items].reverse().map((i) => [i.code, i.name]));
  const names = new Map([...nameRecords].map(([code, name]) => [code, itemName(locale, name)]));
  const rec = state.rec ?? { form: emptyRecForm(), errors: {}, searched: false };
  const found = rec.searched ? searchTariff(prices.items, locale, rec.form.q) : null;
  const open = con.status === "requested" || con.status === "scheduled";
  const title = t("clinic.detail.title", { id: con.id });
  return c.html(
    <ConsolePage c={c} title={title} hospital={l.hospital} current="consultations" styles={["care.css"]}>
      <p>
        <a href={`/hospital/${l.hospital.id}/consultations`}>{t("clinic.back", { hospital: l.hospital.name })}</a>
      </p>
      <h1>{title}</h1>
      <Facts c={c} con={con} zone={l.hospital.zone} />
      {con.cancelReason ? <p>{t("care.consultation.cancelReason", { reason: con.cancelReason })}</p> : null}
      <h2>{t("clinic.complaint")}</h2>
      <p class="typed">{con.complaint}</p>
      <h2>{t("clinic.records")}</h2>
      <Records c={c} con={con} />
      {open ? <ScheduleForm c={c} l={l} errors={state.schedule ?? {}} /> : null}
      {con.status === "scheduled" && c.var.actor?.role === "clinician" ? (
        <RecommendationForm
          c={c}
          action={`/hospital/${l.hospital.id}/consultations/${con.id}/recommendation`}
          form={rec.form}
          errors={rec.errors}
          found={found}
          names={names}
        />
      ) : null}
      {con.status === "completed" ? (
        <>
          <h2>{t("care.rec.title")}</h2>
          <Recommendation c={c} con={con} zone={l.hospital.zone} names={nameRecords} />
        </>
      ) : null}
    </ConsolePage>,
  );
}

/**
 * A service's field errors (paths of the sent body) as the form's fields: an item's department or
 * class (hidden, as the tariff had them) is shown beside its code; a code not in the tariff is said
 * in the page's language.
 */
function serviceErrors(c: WebContext, errors: readonly FieldError[], form: RecForm): FieldError[] {
  const rowsOf = sentRows(form);
  return errors.map((e) => {
    const path = formPath(e.path.replace(/^body\./, "").split("."), rowsOf).replace(
      /^(items\.\d+)\.(department|serviceClass)$/,
      "$1.code",
    );
    const row = /^items\.(\d+)\.code$/.exec(path)?.[1];
    const code = row === undefined ? undefined : form.items[Number(row)]?.code;
    if (code && e.message.startsWith("unknown_code:"))
      return { path, message: c.var.web.t("clinic.rec.notInTariff", { code }) };
    return { ...e, path };
  });
}

/** Re-shows the page with the service's field errors, or lets the error page say why (404, 403, 409). */
function formError(err: unknown): readonly FieldError[] {
  if (err instanceof ServiceError && !(err instanceof NotFoundError) && err.errors?.length) return err.errors;
  throw err;
}

/** The console's own rule before a verb: another hospital's consultation is a 404 here, a patient's agent a 403. */
function consoleRule(c: WebContext) {
  const input = { hospitalId: c.req.param("hospitalId") ?? "", id: c.req.param("id") ?? "" };
  return hospitalConsultation({ ctx: webServiceContext(c), input });
}

async function postSchedule(c: WebContext) {
  const body = await c.req.parseBody();
  const slotId = typeof body.slotId === "string" ? body.slotId : "";
  const base = `/hospital/${c.req.param("hospitalId")}/consultations/${c.req.param("id")}`;
  if (!slotId) {
    c.status(400);
    return detailPage(c, { schedule: { slotId: c.var.web.t("clinic.schedule.choose") } });
  }
  try {
    await consoleRule(c);
    await scheduleConsultation({ ctx: webServiceContext(c), input: { id: c.req.param("id") ?? "", slotId } });
  } catch (err) {
    const errors = formError(err);
    c.status(422);
    return detailPage(c, { schedule: fieldMessages(errors, c.var.web.t) });
  }
  return c.redirect(`${base}#schedule`, 303);
}

async function postRecommendation(c: WebContext) {
  const body = await c.req.parseBody();
  const { t } = c.var.web;
  let form = readRecForm(body);
  const base = `/hospital/${c.req.param("hospitalId")}/consultations/${c.req.param("id")}`;
  if (typeof body.add === "string")
    return detailPage(c, { rec: { form: addItem(form, body.add), errors: {}, searched: true } });
  if (typeof body.remove === "string") {
    form = removeItem(form, Number.parseInt(body.remove, 10));
    return detailPage(c, { rec: { form, errors: {}, searched: !!form.q } });
  }
  if (body.intent === "search") return detailPage(c, { rec: { form: withBlankRow(form), errors: {}, searched: true } });
  const parsed = recommendationInput(form);
  const reshow = (errors: readonly FieldError[]) => {
    c.status(422);
    return detailPage(c, { rec: { form: withBlankRow(form), errors: fieldMessages(errors, t), searched: !!form.q } });
  };
  // The page re-shown runs the console's rule (403/404) before anything of the consultation is shown.
  if ("errors" in parsed) {
    // No item at all: said beside the items, in the page's language.
    const noItems = { path: "items", message: t("clinic.rec.noItems") };
    return reshow(parsed.errors.map((e) => (e.path === "items" ? noItems : e)));
  }
  try {
    await consoleRule(c);
    await recordRecommendation({ ctx: webServiceContext(c), input: { id: c.req.param("id") ?? "", ...parsed.input } });
  } catch (err) {
    return reshow(serviceErrors(c, formError(err), form));
  }
  return c.redirect(base, 303);
}

/** /hospital/{hospitalId}/consultations/{id}: details, records, scheduling and the recommendation. */
export function registerConsultationDetail(web: Hono<WebEnv>) {
  web.get("/hospital/:hospitalId/consultations/:id", (c) => detailPage(c));
  web.post("/hospital/:hospitalId/consultations/:id/schedule", postSchedule);
  web.post("/hospital/:hospitalId/consultations/:id/recommendation", postRecommendation);
}
